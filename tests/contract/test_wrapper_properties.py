"""Property tests of the wrapper itself, with strategies derived from the spec.

- Requests: ``transcribe()`` arguments drawn from the ``STTRequest`` schema (plus real
  audio in every format, options under odd documented slugs, and each ``upload``) go
  through Prism, whose request validation must accept every one of them, JSON or
  multipart.
- Responses: bodies drawn from every response schema (200 and each error) are served
  to the wrapper, which must return a ``Transcription`` or raise the mapped class,
  and nothing else.

FUZZ_EXAMPLES sets the example count (`make fuzz` goes deep); hypothesis prints the
failing example and a ``@reproduce_failure`` blob when a property breaks.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from audio_samples import FORMATS, make_audio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from normalise_spec import build_spec  # tests/conftest.py puts tools/ on sys.path
from response_strategies import MEDIA_TYPE, OPERATION, response_bodies, schema_strategy
from spec_features import missing

from openrouter_stt import (
    STATUS_ERRORS,
    APIStatusError,
    BadRequestError,
    Client,
    ConfigurationError,
    Usage,
)

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
PROPERTY = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ROOT = Path(__file__).resolve().parents[2]
SPEC = build_spec(ROOT / "openapi.yaml", ROOT / "mock" / "overlay.yaml")
SCHEMAS = SPEC["components"]["schemas"]
REQUEST_SCHEMA = SPEC["paths"][OPERATION[0]][OPERATION[1]]["requestBody"]["content"][MEDIA_TYPE]
DOCUMENTED_SLUGS = sorted(SCHEMAS["ProviderOptions"]["properties"])


def json_can_carry(value: Any) -> bool:
    """JSON has no NaN or infinity: a schema that says "any value" (`{}`) still means JSON."""
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False
    return True


requests = schema_strategy({**REQUEST_SCHEMA["schema"], "components": SPEC["components"]}).filter(
    json_can_carry
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
# Odd slugs (`01ai`, `aion-labs`, `fake-provider`, ...) drawn from the spec's own list.
documented_options = st.dictionaries(
    st.sampled_from(DOCUMENTED_SLUGS),
    st.dictionaries(st.text(), json_values, max_size=3),
    min_size=1,
    max_size=3,
)


def refused_locally(arguments: dict[str, Any]) -> bool:
    """Arguments the schema allows but the wrapper refuses on purpose, before sending:
    a blank model or language, options for a provider that are not an object."""
    model, language = arguments["model"], arguments["language"]
    options = arguments["provider_options"] or {}
    granularities = arguments["timestamp_granularities"]
    return (
        not model.strip()
        or (language is not None and not language.strip())
        or not all(isinstance(value, dict) for value in options.values())
        or (
            granularities is not None
            and (not granularities or arguments["response_format"] != "verbose_json")
        )
        or (arguments["upload"] == "multipart" and not multipart_carries(arguments))
    )


def multipart_carries(arguments: dict[str, Any]) -> bool:
    """Whether the spec's multipart form has a field for each option given."""
    names = ("language", "temperature", "response_format", "timestamp_granularities")
    sent = {name: arguments[name] for name in names if arguments[name] is not None}
    if arguments["provider_options"]:
        sent["provider"] = arguments["provider_options"]
    return missing("multipart", **sent) is None


@PROPERTY
@given(
    body=requests,
    fmt=st.sampled_from(FORMATS),
    extra_options=st.none() | documented_options,
    upload=st.sampled_from(["auto", "json", "multipart"]),
)
def test_every_request_the_wrapper_sends_passes_prism_validation(
    base_url: str,
    body: dict[str, Any],
    fmt: str,
    extra_options: dict[str, Any] | None,
    upload: str,
) -> None:
    options = (body.get("provider") or {}).get("options") or extra_options
    arguments = {
        "model": body["model"],
        "language": body.get("language"),
        "temperature": body.get("temperature"),
        "provider_options": options,
        "response_format": body.get("response_format"),
        "timestamp_granularities": body.get("timestamp_granularities"),
        "upload": upload,
    }
    with Client(api_key="test-key", base_url=base_url, max_retries=0, timeout=10) as client:
        try:
            transcription = client.transcribe(make_audio(fmt), **arguments)
        except ConfigurationError:
            assert refused_locally(arguments), f"refused valid arguments: {arguments}"
            return
        except BadRequestError as error:
            # Prism names what broke the schema in its `sl-violations` header.
            pytest.fail(f"Prism rejected the request: {error.headers.get('sl-violations')}")
    # Prism answers 400 to any body that breaks the schema: getting here means it was valid.
    assert not refused_locally(arguments)
    assert isinstance(transcription.text, str)


STATUS_BODIES = response_bodies(SPEC)
USAGE_NUMBERS = ("cost", "seconds")
USAGE_COUNTS = ("input_tokens", "output_tokens", "total_tokens")


def expected_usage(drawn: dict[str, Any]) -> Usage:
    """The Usage the drawn JSON must become, read from the JSON alone: documented
    fields of the documented type (numbers; counts as ints) in place, anything else
    (a field of another type, an undocumented one) kept in ``extra``."""
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, value in drawn.items():
        if value is None and name in USAGE_NUMBERS + USAGE_COUNTS:
            continue
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if name in USAGE_NUMBERS and is_number:
            fields[name] = float(value)
        elif name in USAGE_COUNTS and is_number and isinstance(value, int):
            fields[name] = value
        else:
            extra[name] = value
    return Usage(**fields, extra=extra)


def serve(status: int, body: Any) -> Client:
    """A client whose every request gets this status and JSON body (an in-process
    transport: thousands of canned answers, no server round trip needed)."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status, content=json.dumps(body).encode(), headers={"Content-Type": MEDIA_TYPE}
        )

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return Client(
        api_key="test-key", base_url="https://api.test/v1", max_retries=0, http_client=http
    )


@pytest.mark.parametrize("status", sorted(STATUS_BODIES))  # every status, every run
@PROPERTY
@given(data=st.data())
def test_the_wrapper_survives_every_response_the_spec_allows(
    data: st.DataObject, status: int
) -> None:
    body = data.draw(STATUS_BODIES[status], label=f"body of {status}")
    audio = make_audio("wav")
    if status < 400:
        transcription = serve(status, body).transcribe(audio)
        assert transcription.text == body["text"]
        assert transcription.raw == body
        usage = body.get("usage")
        if usage is None:
            assert transcription.usage is None
        else:
            assert transcription.usage == expected_usage(usage)
        return
    with pytest.raises(APIStatusError) as raised:
        serve(status, body).transcribe(audio)
    error = raised.value
    assert type(error) is STATUS_ERRORS[status]
    assert error.status_code == status
    assert error.code == body["error"]["code"]
    message = body["error"]["message"]
    if message.strip():
        assert message[:400] in error.message
    else:
        assert error.message  # the reason phrase stands in for an empty message
