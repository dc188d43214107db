"""The one status -> exception table, for every operation: every status the spec documents
(read from the spec at collection time, served by Prism) raises its own class with the
spec example's code and message; every 5xx is a ServerError; any other status raises
APIStatusError itself; ``str(exc)`` is one helpful line."""

from __future__ import annotations

import json
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from audio_samples import make_audio
from local_server import Reply

import openrouter_stt
from openrouter_stt import (
    STATUS_ERRORS,
    APIStatusError,
    Client,
    NotFoundError,
    OpenAIClient,
    OpenRouterSTTError,
    ServerError,
)
from openrouter_stt import _errors as errors_module

from ._helpers import AUDIO, JSON, KEY, Server, client, error_body, raised

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))

from filter_spec import HTTP_METHODS  # noqa: E402
from normalise_spec import build_spec  # noqa: E402

SPEC = build_spec(ROOT / "openapi.yaml", ROOT / "mock" / "overlay.yaml")
#: (method, path) -> its responses, for every operation the spec documents.
RESPONSES: dict[tuple[str, str], dict[str, Any]] = {
    (method, path): operation["responses"]
    for path, item in SPEC["paths"].items()
    for method, operation in item.items()
    if method in HTTP_METHODS
}
#: (operation, non-2xx response key as the spec spells it) for every operation.
NON_2XX = [(op, key) for op, responses in RESPONSES.items() for key in responses if key[0] != "2"]
ERROR_STATUSES = [(op, int(key)) for op, key in NON_2XX if key.isdigit()]
#: What no operation documents, and the table has no class for.
UNMAPPED = [409, 418, 422, 451]
UNMAPPED_5XX = [501, 505, 520]

#: How a user meets each operation through the wrapper; a new operation needs its line.
CALLS: dict[tuple[str, str], Callable[[Client, dict[str, str]], Any]] = {
    ("post", "/audio/transcriptions"): lambda c, h: c.transcribe(AUDIO, extra_headers=h),
    ("get", "/models"): lambda c, h: c.list_models(extra_headers=h),
}


def name(op: tuple[str, str]) -> str:
    return f"{op[0].upper()} {op[1]}"


def spec_error(op: tuple[str, str], status: int) -> dict[str, Any]:
    """The ``error`` object of the spec's example for ``status`` (what Prism serves)."""
    media = RESPONSES[op][str(status)]["content"]["application/json"]
    return media["examples"]["default"]["value"]["error"]


def test_spec_documents_error_statuses() -> None:
    assert ERROR_STATUSES, "the spec documents no error status: the table tests would be empty"


def test_every_documented_error_status_is_mapped() -> None:
    unmapped = sorted(
        {
            f"{key} ({name(op)})"
            for op, key in NON_2XX
            if not key.isdigit() or int(key) not in STATUS_ERRORS
        }
    )
    assert not unmapped, (
        f"status {', '.join(unmapped)} is documented in the spec but not mapped in "
        "openrouter_stt._errors.STATUS_ERRORS: add an exception class for it"
    )


def test_every_operation_has_a_wrapper_call() -> None:
    assert set(CALLS) == set(RESPONSES), "tests/errors: add a line to CALLS for the operation"


def test_mapped_classes_are_distinct_exported_subclasses_of_api_status_error() -> None:
    classes = list(STATUS_ERRORS.values())
    assert len(set(classes)) == len(classes), "two statuses share one exception class"
    for status, cls in STATUS_ERRORS.items():
        assert issubclass(cls, APIStatusError) and cls is not APIStatusError, status
        assert getattr(openrouter_stt, cls.__name__) is cls, f"{cls.__name__} is not exported"
    assert issubclass(APIStatusError, OpenRouterSTTError)


def test_every_5xx_class_and_only_those_are_server_errors() -> None:
    for status, cls in STATUS_ERRORS.items():
        assert issubclass(cls, ServerError) == (status >= 500), cls.__name__


def test_every_error_class_is_exported() -> None:
    classes = {n for n in errors_module.__all__ if isinstance(getattr(errors_module, n), type)}
    assert classes <= set(openrouter_stt.__all__)
    for name_ in openrouter_stt.__all__:
        assert hasattr(openrouter_stt, name_), name_


@pytest.mark.parametrize(
    ("op", "status"), [pytest.param(op, s, id=f"{name(op)} {s}") for op, s in ERROR_STATUSES]
)
def test_documented_status_from_prism_raises_its_class_with_the_spec_example(
    base_url: str, op: tuple[str, str], status: int
) -> None:
    example = spec_error(op, status)
    with Client(api_key=KEY, base_url=base_url, max_retries=0) as stt:
        exc = raised(lambda: CALLS[op](stt, {"Prefer": f"code={status}"}), APIStatusError)
    assert type(exc) is STATUS_ERRORS.get(status), f"{status} raised {type(exc).__name__}"
    assert exc.status_code == status
    assert exc.code == example["code"]
    assert exc.message == example["message"]
    assert json.loads(exc.body) == {"error": example}
    assert exc.attempts == 1
    line = str(exc)
    assert "\n" not in line
    assert line.startswith(f"{status} {example['message']}")


@pytest.mark.parametrize("status", UNMAPPED + UNMAPPED_5XX)
def test_unmapped_status_raises_the_generic_class_with_every_attribute(status: int) -> None:
    assert status not in STATUS_ERRORS
    body = error_body(status, f"upstream said {status}", metadata={"provider_name": "Groq"})
    headers = {**JSON, "x-request-id": "req-abc123", "Retry-After": "7"}
    with Server(Reply(status, body, headers)) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIStatusError)
    assert type(exc) is (ServerError if status >= 500 else APIStatusError)
    assert exc.status_code == status
    assert exc.code == status
    assert exc.message == f"upstream said {status}"
    assert exc.metadata == {"provider_name": "Groq"}
    assert exc.body == body.decode()
    assert exc.headers["x-request-id"] == "req-abc123"
    assert exc.request_id == "req-abc123"
    assert exc.retry_after == 7.0
    assert exc.attempts == 1
    line = str(exc)
    assert "\n" not in line
    assert line.startswith(f"{status} upstream said {status}")


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (401, ["key"]),
        (402, ["credits"]),
        (403, ["permission"]),
        (404, ["base_url", "openrouter-stt models"]),
        (408, ["retry"]),
        (413, ["too large", "compressed format", "split long audio"]),
        (504, ["timed out"]),
    ],
)
def test_str_carries_the_hint_for_the_status(status: int, words: list[str]) -> None:
    with Server(Reply(status, error_body(status, "nope"), JSON)) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIStatusError)
    line = str(exc)
    assert "\n" not in line
    assert line.startswith(f"{status} nope")
    for word in words:
        assert word in line.lower(), f"{word!r} missing from {line!r}"


@pytest.mark.parametrize("backend", [Client, OpenAIClient])
def test_too_large_compressed_audio_is_told_to_go_shorter_not_compressed(backend) -> None:
    pytest.importorskip("av")
    mp3 = make_audio("mp3")
    too_large = Reply(413, error_body(413, "Request Entity Too Large"), JSON)
    with Server(too_large) as server, backend(KEY, base_url=server.url, max_retries=0) as c:
        exc = raised(lambda: c.transcribe(mp3), APIStatusError)
        wav = raised(lambda: c.transcribe(AUDIO), APIStatusError)
    assert "mp3 audio is already compressed" in str(exc)
    assert "compressed format" not in str(exc)
    assert "shorter pieces" in str(exc)
    assert "compressed format (mp3, m4a, ogg)" in str(wav)  # wav is worth compressing


def test_str_is_one_line_even_when_the_message_spans_lines() -> None:
    body = error_body(400, "Provider returned error:\n  audio too short\n  (min 0.1 s)")
    with Server(Reply(400, body, JSON)) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIStatusError)
    assert "\n" not in str(exc)
    assert "audio too short" in str(exc)


def test_status_error_survives_pickling() -> None:
    body = error_body(429, "Rate limit exceeded")
    with Server(Reply(429, body, {**JSON, "Retry-After": "3"})) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIStatusError)
    copy = pickle.loads(pickle.dumps(exc))
    assert type(copy) is type(exc)
    assert (copy.status_code, copy.message, copy.retry_after) == (429, exc.message, 3.0)


@pytest.mark.parametrize(
    "message",
    [
        "Model openai/whispr does not exist",
        "No endpoints found for chirp-3.",
        "Unknown model slug: whisper",
    ],
)
def test_a_404_naming_a_model_says_how_to_list_the_models(message: str) -> None:
    with Server(Reply(404, error_body(404, message), JSON)) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), NotFoundError)
    assert str(exc) == (
        f"404 {message} (check the model slug: `openrouter-stt models` lists the full "
        "slugs, e.g. openai/whisper-large-v3)"
    )


def test_a_404_that_names_no_model_mentions_base_url_too() -> None:
    with Server(Reply(404, b"Not Found", {"Content-Type": "text/plain"})) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), NotFoundError)
    assert "base_url" in str(exc) and "openrouter-stt models" in str(exc)


def test_one_except_catches_every_5xx() -> None:
    for status in [*(s for s in STATUS_ERRORS if s >= 500), *UNMAPPED_5XX]:
        with Server(Reply(status, error_body(status, "down"), JSON)) as server:
            try:
                client(server, max_retries=0).transcribe(AUDIO)
            except ServerError as error:
                assert error.status_code == status
            else:
                pytest.fail(f"{status} did not raise")
