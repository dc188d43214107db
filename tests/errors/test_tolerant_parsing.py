"""Whatever upstream or a proxy sends back, the caller gets the right exception with a
readable message (never a KeyError, JSONDecodeError, AttributeError or TypeError), and
a 200 that is not a transcription is an APIResponseError."""

from __future__ import annotations

import contextlib
import json
import logging
import math
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from local_server import OK_BODY, Reply

from openrouter_stt import (
    STATUS_ERRORS,
    APIConnectionError,
    APIResponseError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadGatewayError,
    BadRequestError,
    ConfigurationError,
    InternalServerError,
    OpenRouterSTTError,
    PaymentRequiredError,
    RateLimitError,
    RequestTooLargeError,
    ServiceUnavailableError,
    Transcription,
)
from openrouter_stt._errors import error_from_response
from openrouter_stt._types import parse_transcription

from ._helpers import AUDIO, JSON, Server, client, error_body, raised

ZOD_ISSUES = [
    {
        "code": "invalid_type",
        "expected": "string",
        "received": "undefined",
        "path": ["input_audio", "data"],
        "message": "Required",
    }
]
NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
HTML = {"Content-Type": "text/html"}
TEXT = {"Content-Type": "text/plain"}

# id: (status, body, headers, class, code, message check, metadata)
ERROR_BODIES: dict[str, tuple[int, bytes, dict[str, str], type, Any, Any, Any]] = {
    "documented": (
        400,
        error_body(400, "Invalid request parameters"),
        JSON,
        BadRequestError,
        400,
        "Invalid request parameters",
        None,
    ),
    "documented-with-metadata-and-extras": (
        402,
        error_body(
            402,
            "Insufficient credits",
            metadata={"provider_name": None, "raw": "x"},
            user_id="user_2abc",
            openrouter_metadata={"trace": "t-1"},
        ),
        JSON,
        PaymentRequiredError,
        402,
        "Insufficient credits",
        {"provider_name": None, "raw": "x"},
    ),
    "documented-with-nulls": (
        429,
        json.dumps(
            {
                "error": {"code": 429, "message": "Rate limit exceeded", "metadata": None},
                "user_id": None,
                "openrouter_metadata": None,
            }
        ).encode(),
        JSON,
        RateLimitError,
        429,
        "Rate limit exceeded",
        None,
    ),
    "zod-error": (
        400,
        json.dumps(
            {"success": False, "error": {"name": "ZodError", "message": json.dumps(ZOD_ISSUES)}}
        ).encode(),
        JSON,
        BadRequestError,
        None,
        lambda m: "input_audio.data: Required" in m and "invalid_type" not in m,
        None,
    ),
    "error-is-a-string": (
        401,
        b'{"error": "No auth credentials found"}',
        JSON,
        AuthenticationError,
        None,
        "No auth credentials found",
        None,
    ),
    "code-missing": (
        502,
        b'{"error": {"message": "Provider returned error"}}',
        JSON,
        BadGatewayError,
        None,
        "Provider returned error",
        None,
    ),
    "code-is-a-string": (
        500,
        b'{"error": {"code": "internal_error", "message": "Something broke"}}',
        JSON,
        InternalServerError,
        "internal_error",
        "Something broke",
        None,
    ),
    "empty-body": (503, b"", JSON, ServiceUnavailableError, None, "Service Unavailable", None),
    "html-502-from-a-proxy": (
        502,
        NGINX_502,
        HTML,
        BadGatewayError,
        None,
        "502 Bad Gateway",
        None,
    ),
    "plain-text-413-from-a-load-balancer": (
        413,
        b"Request Entity Too Large\n",
        TEXT,
        RequestTooLargeError,
        None,
        "Request Entity Too Large",
        None,
    ),
    "json-array": (
        500,
        b'[{"error": "upstream exploded"}]',
        JSON,
        InternalServerError,
        None,
        lambda m: "upstream exploded" in m,
        None,
    ),
}


@pytest.mark.parametrize(
    ("status", "body", "headers", "cls", "code", "message", "metadata"),
    list(ERROR_BODIES.values()),
    ids=list(ERROR_BODIES),
)
def test_error_body_gives_its_class_and_a_readable_message(
    status: int,
    body: bytes,
    headers: dict[str, str],
    cls: type,
    code: Any,
    message: Any,
    metadata: Any,
) -> None:
    with Server(Reply(status, body, headers)) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIStatusError)
    assert type(exc) is cls
    assert exc.status_code == status
    assert exc.code == code
    assert exc.message.strip(), "the message is empty"
    assert "<" not in exc.message, f"markup in the message: {exc.message!r}"
    if callable(message):
        assert message(exc.message), exc.message
    else:
        assert exc.message == message
    assert exc.metadata == metadata
    assert exc.body == body.decode()
    assert exc.message in str(exc)


def ok(body: dict[str, Any] | bytes) -> Reply:
    return Reply(200, body if isinstance(body, bytes) else json.dumps(body).encode(), JSON)


@pytest.mark.parametrize(
    "reply",
    [
        ok(b"<html><body>OK</body></html>"),
        ok(OK_BODY[: OK_BODY.index(b"hello") + 3]),  # cut mid-string, Content-Length matches
        ok(b""),
        ok({"usage": {"cost": 0.001}}),
        ok({"text": None, "usage": {"cost": 0.001}}),
        ok(b'["hello"]'),
    ],
    ids=["not-json", "truncated-json", "empty", "no-text", "text-null", "json-array"],
)
def test_200_that_is_not_a_transcription_raises_api_response_error(reply: Reply) -> None:
    with Server(reply) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIResponseError)
        assert len(server.requests) == 1
    assert exc.status_code == 200
    assert exc.body == reply.body.decode()
    assert str(exc)


def test_200_with_null_usage_gives_usage_none() -> None:
    with Server(ok({"text": "hello", "usage": None})) as server:
        result = client(server, max_retries=0).transcribe(AUDIO)
    assert isinstance(result, Transcription)
    assert result.text == "hello"
    assert result.usage is None


def test_200_with_unknown_fields_works_and_keeps_them() -> None:
    body = {
        "text": "hello",
        "usage": {"cost": 0.002, "seconds": 3, "type": "duration", "billing_tier": {"t": 1}},
        "id": "gen-123",
        "provider": "Groq",
    }
    with Server(ok(body)) as server:
        result = client(server, max_retries=0).transcribe(AUDIO)
    assert result.text == "hello"
    assert result.raw == body
    assert result.extra == {"id": "gen-123", "provider": "Groq"}
    assert result.usage is not None
    assert (result.usage.cost, result.usage.seconds) == (0.002, 3.0)
    assert result.usage.extra == {"type": "duration", "billing_tier": {"t": 1}}


@pytest.mark.parametrize("status", [200, 503])
def test_connection_dropped_mid_body_raises_api_connection_error(status: int) -> None:
    body = OK_BODY if status == 200 else error_body(503, "Service temporarily unavailable")
    reply = Reply(status, body, JSON, content_length=len(body) + 100)
    with Server(reply) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIConnectionError)
    assert not isinstance(exc, APITimeoutError)
    assert exc.attempts == 1


@pytest.mark.parametrize("status", [200, 502])
def test_body_that_fails_content_decoding_raises_a_package_error(status: int) -> None:
    reply = Reply(status, b"this is not gzip", {**JSON, "Content-Encoding": "gzip"})
    with Server(reply) as server:
        raised(lambda: client(server, max_retries=0).transcribe(AUDIO), OpenRouterSTTError)


# --- odd answers that are legal JSON ---------------------------------------------------------

#: Nested deeper than Python's JSON reader recurses (about 1,000 levels).
DEEP = "[" * 100_000 + "]" * 100_000
#: An integer past 64 bits, and one past float's range: JSON has no limit on either.
HUGE_INT = "1" + "0" * 32
HUGER_INT = "1" + "0" * 400


def verbose(duration: str, word: str) -> bytes:
    """A verbose_json body written by hand: ``1e400`` or ``NaN`` survive no json.dumps."""
    body = '{"text": "hi there", "duration": @duration, "words": [@word, {"word": "there", '
    body += '"start": 0.5, "end": 0.9, "speaker": 0}]}'
    return body.replace("@duration", duration).replace("@word", word).encode()


ODD_VALUES: dict[str, tuple[bytes, str]] = {
    # name: (body, what the warning names)
    "duration-1e400": (verbose("1e400", '{"word": "hi", "start": 0, "end": 0.4}'), "duration"),
    "duration-NaN": (verbose("NaN", '{"word": "hi", "start": 0, "end": 0.4}'), "duration"),
    "duration-huge-int": (verbose(HUGER_INT, '{"word": "hi", "start": 0, "end": 0.4}'), "duration"),
    "start-NaN": (verbose("2", '{"word": "hi", "start": NaN, "end": 0.4}'), "words: start"),
    "end-Infinity": (verbose("2", '{"word": "hi", "start": 0, "end": Infinity}'), "words: end"),
    "end-1e400": (verbose("2", '{"word": "hi", "start": 0, "end": -1e400}'), "words: end"),
    "start-huge-int": (
        verbose("2", '{"word": "hi", "start": @, "end": 1}'.replace("@", HUGER_INT)),
        "words: start",
    ),
    "speaker-1e32": (
        verbose("2", '{"word": "hi", "start": 0, "end": 0.4, "speaker": @}'.replace("@", HUGE_INT)),
        "words: speaker",
    ),
}


def test_a_large_number_a_float_holds_is_kept_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = verbose(HUGE_INT, '{"word": "hi", "start": 0, "end": ' + HUGE_INT + "}")
    with Server(ok(body)) as server:
        result = client(server, max_retries=0).transcribe(AUDIO)
    assert result.duration == result.words[0].end == 1e32
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]


@pytest.mark.parametrize("case", ODD_VALUES)
def test_an_odd_number_is_dropped_with_a_warning_and_captions_still_work(
    case: str, caplog: pytest.LogCaptureFixture
) -> None:
    # They used to raise OverflowError or ValueError (to_srt), ZeroDivisionError (the
    # caption layout) from the wrapper: a transcript that was paid for, lost.
    body, named = ODD_VALUES[case]
    with Server(ok(body)) as server:
        result = client(server, max_retries=0).transcribe(AUDIO)
    assert result.text == "hi there"
    assert result.raw["text"] == "hi there"  # the raw answer is kept as sent
    odd_fields = {
        "duration": result.duration,
        "words: start": result.words[0].start,
        "words: end": result.words[0].end,
        "words: speaker": result.words[0].speaker,
    }
    assert odd_fields[named] is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(message.startswith(named) for message in warnings), warnings
    assert "there" in result.to_srt() and "there" in result.to_vtt()


def test_an_odd_number_in_usage_moves_to_extra_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    usage = '{"cost": 1e400, "seconds": NaN, "total_tokens": ' + HUGE_INT + "}"
    body = ('{"text": "hi", "usage": ' + usage + "}").encode()
    with Server(ok(body)) as server:
        result = client(server, max_retries=0).transcribe(AUDIO)
    assert result.usage is not None
    assert (result.usage.cost, result.usage.seconds) == (None, None)
    assert result.usage.extra["cost"] == float("inf")
    assert result.usage.total_tokens == int(HUGE_INT)  # a count: any int is one
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [w.split(" ")[0] for w in warnings] == ["usage.cost", "usage.seconds"]


@pytest.mark.parametrize(
    "body",
    [DEEP, '{"text": "hi", "segments": ' + DEEP + "}", '{"text": "hi", "x": {"y": ' + DEEP + "}}"],
    ids=["deep-array", "deep-segments", "deep-extra"],
)
def test_a_200_nested_too_deeply_to_read_is_an_api_response_error(body: str) -> None:
    # It used to be a RecursionError, from a function documented never to raise one.
    with Server(ok(body.encode())) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIResponseError)
    assert "nested too deeply" in str(exc)
    assert exc.body == body


@pytest.mark.parametrize(
    "body",
    [DEEP, '{"error": ' + DEEP + "}", '{"error": {"code": 500, "message": ' + DEEP + "}}"],
    ids=["deep-array", "deep-error", "deep-message"],
)
def test_an_error_body_nested_too_deeply_still_gives_its_status_error(body: str) -> None:
    with Server(Reply(500, body.encode(), JSON)) as server:
        exc = raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIStatusError)
    assert type(exc) is InternalServerError
    assert exc.message.startswith(body[:20]) and len(exc.message) <= 500


def test_a_model_list_nested_too_deeply_is_an_api_response_error() -> None:
    with Server(ok(('{"data": ' + DEEP + "}").encode())) as server:
        exc = raised(lambda: client(server, max_retries=0).list_models(), APIResponseError)
    assert "nested too deeply" in str(exc)


# --- any body at all: the parsers never raise anything else --------------------------------

#: JSON numbers no float or 64-bit int holds, as written on the wire.
ODD_NUMBERS = ["1e400", "-1e400", "NaN", "Infinity", "-Infinity", HUGE_INT, "-" + HUGE_INT]
ODD_NUMBERS.append(HUGER_INT)


def _object(fields: dict[str, str]) -> str:
    return "{" + ", ".join(f'"{key}": {value}' for key, value in fields.items()) + "}"


def _array(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


#: A number as written on the wire: odd ones often, ordinary ones too.
wire_numbers = (
    st.sampled_from(ODD_NUMBERS)
    | st.integers(-(2**70), 2**70).map(str)
    | st.floats(0, 1e4).map(repr)
)
#: Answers shaped as documented (a transcript with timestamps and usage, or an error),
#: with odd numbers wherever a number goes.
timed = st.fixed_dictionaries(
    {"word": st.just('"hi"'), "text": st.just('"hi there"')},
    optional={"start": wire_numbers, "end": wire_numbers, "speaker": wire_numbers},
).map(_object)
shaped = st.fixed_dictionaries(
    {"text": st.just('"hi there"')},
    optional={
        "duration": wire_numbers,
        "words": st.lists(timed, max_size=4).map(_array),
        "segments": st.lists(timed, max_size=4).map(_array),
        "usage": st.fixed_dictionaries(
            {}, optional={name: wire_numbers for name in ("cost", "seconds", "total_tokens")}
        ).map(_object),
        "error": st.fixed_dictionaries(
            {"message": st.just('"busy"')}, optional={"code": wire_numbers}
        ).map(_object),
    },
).map(_object)
#: Anything else: lists and objects of those keys, nested at random.
shapeless = st.recursive(
    wire_numbers | st.sampled_from(['"hi"', "null", "true", "[]", "{}"]),
    lambda inner: (
        st.lists(inner, max_size=4).map(_array)
        | st.dictionaries(st.sampled_from(["text", "usage", "words", "error", "start"]), inner).map(
            _object
        )
    ),
    max_leaves=30,
)


@st.composite
def odd_json(draw: st.DrawFn) -> str:
    """JSON text, mostly shaped like an answer, in which numbers may be odd and the
    whole may be nested up to 100,000 deep."""
    text = draw(shaped | shapeless)
    depth = draw(st.sampled_from([0, 0, 0, 50, 100_000]))
    return "[" * depth + text + "]" * depth


@settings(max_examples=300, deadline=None)
@given(body=odd_json(), status=st.sampled_from([200, 400, 402, 500, 502, 524]))
def test_any_answer_gives_a_transcription_or_the_documented_error(body: str, status: int) -> None:
    # The documented promise of both parsers, over bodies with odd numbers and deep nesting.
    response = httpx.Response(status, content=body.encode(), headers=JSON)
    error = error_from_response(status, response.headers, body)
    assert isinstance(error, STATUS_ERRORS.get(status, APIStatusError)) and error.message
    try:
        transcription = parse_transcription(response, "m")
    except APIResponseError:
        return
    for item in (*transcription.segments, *transcription.words):
        assert item.start is None or math.isfinite(item.start)
        assert item.speaker is None or -(2**63) <= item.speaker < 2**63
    for write in (transcription.to_srt, transcription.to_vtt):
        with contextlib.suppress(ConfigurationError):  # no timestamps to caption
            write()
