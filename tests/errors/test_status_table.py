"""The one status -> exception table: every documented status (read from the spec at
collection time, served by Prism) raises its own class with the spec example's code and
message; any other status raises APIStatusError itself; ``str(exc)`` is one helpful line."""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest
from local_server import Reply

import openrouter_stt
from openrouter_stt import STATUS_ERRORS, APIStatusError, Client, OpenRouterSTTError

from ._helpers import AUDIO, JSON, KEY, Server, client, error_body, raised

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))

from normalise_spec import build_spec  # noqa: E402

RESPONSES: dict[str, Any] = build_spec(ROOT / "openapi.yaml", ROOT / "mock" / "overlay.yaml")[
    "paths"
]["/audio/transcriptions"]["post"]["responses"]
#: Every documented non-2xx response key, as the spec spells it ("400", ... "529").
NON_2XX: list[str] = sorted(key for key in RESPONSES if not key.startswith("2"))
ERROR_STATUSES: list[int] = [int(key) for key in NON_2XX if key.isdigit()]
UNDOCUMENTED = [403, 408, 413, 422, 504]


def spec_error(status: int) -> dict[str, Any]:
    """The ``error`` object of the spec's example for ``status`` (what Prism serves)."""
    media = RESPONSES[str(status)]["content"]["application/json"]
    return media["examples"]["default"]["value"]["error"]


def test_spec_documents_error_statuses() -> None:
    assert ERROR_STATUSES, "the spec documents no error status: the table tests would be empty"


def test_every_documented_error_status_is_mapped() -> None:
    unmapped = [key for key in NON_2XX if not key.isdigit() or int(key) not in STATUS_ERRORS]
    assert not unmapped, (
        f"status {', '.join(unmapped)} is documented in the spec but not mapped in "
        "openrouter_stt._errors.STATUS_ERRORS: add an exception class for it"
    )


def test_mapped_classes_are_distinct_exported_subclasses_of_api_status_error() -> None:
    classes = list(STATUS_ERRORS.values())
    assert len(set(classes)) == len(classes), "two statuses share one exception class"
    for status, cls in STATUS_ERRORS.items():
        assert issubclass(cls, APIStatusError) and cls is not APIStatusError, status
        assert getattr(openrouter_stt, cls.__name__) is cls, f"{cls.__name__} is not exported"
    assert issubclass(APIStatusError, OpenRouterSTTError)


@pytest.mark.parametrize("status", ERROR_STATUSES)
def test_documented_status_from_prism_raises_its_class_with_the_spec_example(
    base_url: str, status: int
) -> None:
    example = spec_error(status)
    with Client(api_key=KEY, base_url=base_url, max_retries=0) as stt:
        exc = raised(
            lambda: stt.transcribe(AUDIO, extra_headers={"Prefer": f"code={status}"}),
            APIStatusError,
        )
    assert type(exc) is STATUS_ERRORS.get(status), f"{status} raised {type(exc).__name__}"
    assert exc.status_code == status
    assert exc.code == example["code"]
    assert exc.message == example["message"]
    assert json.loads(exc.body) == {"error": example}
    assert exc.attempts == 1
    line = str(exc)
    assert "\n" not in line
    assert line.startswith(f"{status} {example['message']}")


@pytest.mark.parametrize("status", UNDOCUMENTED)
def test_undocumented_status_raises_api_status_error_itself_with_every_attribute(
    status: int,
) -> None:
    body = error_body(status, f"upstream said {status}", metadata={"provider_name": "Groq"})
    headers = {**JSON, "x-request-id": "req-abc123", "Retry-After": "7"}
    with Server(Reply(status, body, headers)) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIStatusError)
    assert type(exc) is APIStatusError
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
        (404, ["full model slug"]),
        (413, ["too large", "compress"]),
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
