"""Property tests of the wrapper itself, with strategies derived from the spec.

- Requests: ``transcribe()`` arguments drawn from the ``STTRequest`` schema (plus real
  audio in every format, options under odd documented slugs, and each ``upload``) go
  through Prism, whose request validation must accept every one of them, JSON or
  multipart.
- Responses: bodies drawn from every response schema (200 and each error), some with
  odd numbers in place of numbers (``1e400``, ``NaN``, ints past 64 bits or past
  float) or a value nested 100,000 deep, are served to the wrapper, which must return
  a ``Transcription`` whose captions can be made (or an ``APIResponseError`` for what
  cannot be read) or raise the mapped class, and nothing else.

FUZZ_EXAMPLES sets the example count (`make fuzz` goes deep); hypothesis prints the
failing example and a ``@reproduce_failure`` blob when a property breaks.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import attrs
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
    APIResponseError,
    APIStatusError,
    BadRequestError,
    Client,
    ConfigurationError,
    Transcription,
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

#: Numbers that are legal JSON (or that Python's JSON reader takes) and that no float
#: or 64-bit int holds: they read as infinity, NaN, or ints past 64 bits or past float.
ODD_NUMBERS = st.sampled_from(
    ["1e400", "-1e400", "NaN", "Infinity", "-Infinity"]
    + [sign + "1" + "0" * digits for sign in ("", "-") for digits in (32, 400)]
)
#: Nesting Python's JSON reader takes (50), and nesting it refuses (100,000).
DEPTHS = st.sampled_from([50, 100_000])


@attrs.frozen
class Served:
    """A body as drawn from the spec, and the bytes served: the same JSON, or with odd
    numbers in place of some numbers and, perhaps, a value nested very deep."""

    body: Any
    wire: bytes
    odd: bool  # some number was replaced
    depth: int  # nesting put in place of a value; 0: none


@st.composite
def served(draw: st.DrawFn, bodies: st.SearchStrategy[Any]) -> Served:
    body = draw(bodies)
    tokens: list[str] = []

    def marker(token: str) -> str:
        tokens.append(token)
        return f"@@odd{len(tokens) - 1}@@"

    def swap(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [swap(item) for item in value]
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return marker(draw(ODD_NUMBERS)) if is_number and draw(st.booleans()) else value

    changed = swap(body) if draw(st.booleans()) else body
    odd = bool(tokens)
    depth = 0
    # The deep value goes where any value may: not in place of the transcript or usage,
    # whose wrong type is an APIResponseError of its own.
    keys = [key for key in changed if key not in ("text", "usage")] + ["x-added-later"]
    if isinstance(changed, dict) and draw(st.booleans()):
        depth = draw(DEPTHS)
        changed = {**changed, draw(st.sampled_from(keys)): marker("[" * depth + "]" * depth)}
    wire = json.dumps(changed)
    for index, token in enumerate(tokens):
        wire = wire.replace(f'"@@odd{index}@@"', token)
    return Served(body, wire.encode(), odd, depth)


def expected_usage(drawn: dict[str, Any]) -> Usage:
    """The Usage the JSON must become, read from the JSON alone: documented fields of
    the documented type (finite numbers; counts as ints) in place, anything else (a
    field of another type, infinity, NaN, a number past float's range, an undocumented
    field) kept in ``extra``."""
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, value in drawn.items():
        if value is None and name in USAGE_NUMBERS + USAGE_COUNTS:
            continue
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if name in USAGE_NUMBERS and is_number and finite(value):
            fields[name] = float(value)
        elif name in USAGE_COUNTS and is_number and isinstance(value, int):
            fields[name] = value
        else:
            extra[name] = value
    return Usage(**fields, extra=extra)


def finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int past float's range
        return False


def serve(status: int, wire: bytes) -> Client:
    """A client whose every request gets this status and JSON body (an in-process
    transport: thousands of canned answers, no server round trip needed)."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=wire, headers={"Content-Type": MEDIA_TYPE})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return Client(
        api_key="test-key", base_url="https://api.test/v1", max_retries=0, http_client=http
    )


def check_timings(transcription: Transcription) -> None:
    """Every timestamp a finite float or None, every speaker a 64-bit int or None, and
    captions made or refused (no timestamps) with nothing else raised."""
    for item in (*transcription.segments, *transcription.words):
        assert item.start is None or math.isfinite(item.start)
        assert item.end is None or math.isfinite(item.end)
        assert item.speaker is None or -(2**63) <= item.speaker < 2**63
    assert transcription.duration is None or math.isfinite(transcription.duration)
    for write in (transcription.to_srt, transcription.to_vtt):
        try:
            write()
        except ConfigurationError as error:
            assert "no timestamps" in str(error)
    assert isinstance(transcription.to_text(), str)


@pytest.mark.parametrize("status", sorted(STATUS_BODIES))  # every status, every run
@PROPERTY
@given(data=st.data())
def test_the_wrapper_survives_every_response_the_spec_allows(
    data: st.DataObject, status: int
) -> None:
    drawn = data.draw(served(STATUS_BODIES[status]), label=f"body of {status}")
    body = drawn.body
    audio = make_audio("wav")
    if status < 400:
        if drawn.depth > 1000:
            with pytest.raises(APIResponseError, match="nested too deeply"):
                serve(status, drawn.wire).transcribe(audio)
            return
        transcription = serve(status, drawn.wire).transcribe(audio)
        assert transcription.text == body["text"]
        if not drawn.odd and not drawn.depth:
            assert transcription.raw == body
        usage = transcription.raw.get("usage")  # as read: NaN is only equal to itself
        if usage is None:
            assert transcription.usage is None
        elif isinstance(usage, dict):
            assert transcription.usage == expected_usage(usage)
        check_timings(transcription)
        return
    with pytest.raises(APIStatusError) as raised:
        serve(status, drawn.wire).transcribe(audio)
    error = raised.value
    assert type(error) is STATUS_ERRORS[status]
    assert error.status_code == status
    assert error.message
    if drawn.odd or drawn.depth:
        return  # the class and a message are what an odd body still gives
    assert error.code == body["error"]["code"]
    message = body["error"]["message"]
    if message.strip():
        assert message[:400] in error.message
    else:
        assert error.message  # the reason phrase stands in for an empty message
