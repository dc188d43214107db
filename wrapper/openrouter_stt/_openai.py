"""The OpenAI-compatible backend (OpenAI, OneRouter, Groq, speaches, whisper.cpp's and
vLLM's servers): auth, request framing, response parsing and the error table, free of
I/O. The clients in ``_openai_client`` send what this builds and hand back what it
receives; audio, splitting, stitching, captions and retries are the shared ones.

The fields a call may set, and the values an enum field allows, are read from the
generated models of the vendored OpenAI contract (``openai_stt_api``), so an option
that contract lacks is refused, naming ``extra_body``. The wire follows what these
servers and the openai SDK agree on: one multipart part per field, ``name[]`` once
per item of a list, objects as JSON text, booleans as ``true``/``false``.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from typing import Any, Literal

import attrs
import httpx

from . import _contract, _options
from ._audio import open_audio
from ._errors import (
    APIResponseError,
    APIStatusError,
    AudioTooLargeError,
    ConfigurationError,
    error_from_response,
)
from ._multipart import MIME_TYPES, MULTIPART_MAX_BYTES, form_value, frame_fields
from ._request import (
    ClientConfig,
    TranscriptionRequest,
    check_base_url,
    checked_headers,
    checked_key,
    is_finite_number,
)
from ._secret import Secret
from ._subtitles import SubtitleError, parse_cues
from ._types import (
    _SEGMENT_FIELDS,
    _WORD_FIELDS,
    Segment,
    Transcription,
    Usage,
    Word,
    _parse_items,
    read_duration,
)
from ._version import __version__

#: OpenAI's own API; any OpenAI-compatible server is one ``base_url`` away.
DEFAULT_BASE_URL = "https://api.openai.com/v1"
#: The one model id every server of this API family accepts for both operations
#: (OpenAI's translations take no other; OneRouter documents it; local servers map it).
DEFAULT_MODEL = "whisper-1"
API_KEY_ENV = "OPENAI_API_KEY"
BASE_URL_ENV = "OPENAI_BASE_URL"
PACKAGE = "openai_stt_api"

Auth = Literal["bearer", "raw"]
AUTHS: tuple[str, ...] = ("bearer", "raw")
#: Formats answered with a plain-text body rather than JSON.
TEXT_FORMATS = ("text", "srt", "vtt")


@attrs.frozen
class Operation:
    path: str
    #: The generated model of the operation's multipart request.
    model: str
    #: Its task, as verbose answers name it.
    task: str


TRANSCRIBE = Operation("/audio/transcriptions", "CreateTranscriptionRequest", "transcribe")
TRANSLATE = Operation("/audio/translations", "CreateTranslationRequest", "translate")


@attrs.frozen
class OpenAIRequest(TranscriptionRequest):
    """A request of this backend, with what its answer is parsed by."""

    response_format: str = "json"
    stream: bool = False


def resolve_config(
    *, api_key: Secret, base_url: str | None, auth: Any, max_audio_bytes: int
) -> ClientConfig:
    """The client's configuration; the key from OPENAI_API_KEY when None, the base URL
    from OPENAI_BASE_URL, then OpenAI's, as the openai SDK reads them."""
    if auth not in AUTHS or not isinstance(auth, str):
        raise ConfigurationError(
            f"auth must be 'bearer' (Authorization: Bearer <key>) or 'raw' "
            f"(Authorization: <key>, as OneRouter documents), not {auth!r}"
        )
    key = checked_key(api_key, API_KEY_ENV, "the key the server gave you")
    url = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
    check_base_url(url)
    wrong = isinstance(max_audio_bytes, bool) or not isinstance(max_audio_bytes, int)
    if wrong or max_audio_bytes <= 0:
        raise ConfigurationError(f"max_audio_bytes must be a positive int, not {max_audio_bytes!r}")
    headers = httpx.Headers({"User-Agent": f"openrouter-stt/{__version__}"})
    return ClientConfig(key, url, headers, max_audio_bytes, auth)


def _request_model(operation: Operation) -> type:
    model = _contract.model(operation.model, PACKAGE)
    if model is None:
        raise ConfigurationError(
            f"the OpenAI contract this openrouter-stt was built with has no {operation.path}"
        )
    return model  # type: ignore[no-any-return]


def _refuse(name: str, why: str) -> ConfigurationError:
    return ConfigurationError(f"{name} {why}")


def check_fields(operation: Operation, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The options given (None: not given), checked against the contract: each must be
    a field of the operation's request, of its type and, for enums, one of its values."""
    model = _request_model(operation)
    documented = _contract.fields(model)
    checked: dict[str, Any] = {}
    for name, value in fields.items():
        if value is None:
            continue
        if name == "file":
            raise ConfigurationError("the audio is the first argument, not file=")
        if name not in documented:
            raise ConfigurationError(
                f"{name} is not a field of {operation.path} in the OpenAI contract this "
                f"openrouter-stt was built with; upgrade openrouter-stt, or send it as "
                f"extra_body={{{name!r}: ...}}"
            )
        checked[name] = _checked_value(model, name, value)
    if "timestamp_granularities" in checked and checked.get("response_format") != "verbose_json":
        raise ConfigurationError(
            f"timestamp_granularities={fields['timestamp_granularities']!r} needs "
            "response_format='verbose_json' (the API returns timestamps only in that format)"
        )
    return checked


def _checked_value(model: type, name: str, value: Any) -> Any:
    allowed = _contract.closed_choices(model, name)
    if name == "temperature":
        if not is_finite_number(value):
            raise _refuse(name, f"must be a finite number, not {value!r}")
        return float(value)
    if name == "stream":
        if not isinstance(value, bool):
            raise _refuse(name, f"must be True or False, not {value!r}")
        return value
    if name == "chunking_strategy":
        if value == "auto" or isinstance(value, Mapping):
            return dict(value) if isinstance(value, Mapping) else value
        raise _refuse(name, f"must be 'auto' or a server_vad mapping, not {value!r}")
    listed = _is_list_field(model, name)
    if name == "known_speaker_references":  # audio samples: data URLs, paths, bytes...
        if isinstance(value, (list, tuple)) and value:
            return list(value)
        raise _refuse(name, f"must be a list of audio samples, not {value!r}")
    if isinstance(value, str) and not listed:
        if allowed is not None and value not in allowed:
            raise _refuse(name, f"must be one of {', '.join(map(repr, allowed))}, not {value!r}")
        if name in ("model", "language") and not value.strip():
            raise _refuse(name, f"must be a non-empty str, not {value!r}")
        return value
    if listed:
        items = [value] if isinstance(value, str) else value  # one str is one value
        wrong = not isinstance(items, (list, tuple)) or [
            item
            for item in items
            if not isinstance(item, str) or (allowed is not None and item not in allowed)
        ]
        if wrong or not items:
            values = f"one or more of {', '.join(map(repr, allowed))}" if allowed else "str values"
            raise _refuse(name, f"must hold {values}, not {value!r}")
        return list(dict.fromkeys(items))
    try:  # a field of another type (a newer contract's): sent as its JSON text
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        raise _refuse(name, f"must be a JSON value, not {value!r}") from None
    return value


def _is_list_field(model: type, name: str) -> bool:
    return str(attrs.fields_dict(model)[name].type).startswith("list[")


def form_fields(fields: Mapping[str, Any], extra: Mapping[str, Any]) -> list[tuple[str, bytes]]:
    """The form's parts, the way OpenAI-compatible servers read them: ``name[]`` once per
    item of a list, objects as JSON text, booleans as true/false, numbers as JSON."""
    parts: list[tuple[str, bytes]] = []
    for name, value in fields.items():
        if isinstance(value, list):
            parts += [(f"{name}[]", item.encode()) for item in value]
        elif isinstance(value, bool):
            parts.append((name, b"true" if value else b"false"))
        elif isinstance(value, str):
            parts.append((name, value.encode()))
        else:
            parts.append((name, json.dumps(value, allow_nan=False).encode()))
    parts += [(name, value) for name, raw in extra.items() for value in form_value(raw)]
    return parts


def build_request(
    config: ClientConfig,
    operation: Operation,
    audio: Any,
    *,
    format: str | None,
    fields: Mapping[str, Any],
    extra_body: Mapping[str, Any] | None,
    extra_headers: Mapping[str, str] | None,
) -> OpenAIRequest:
    """Validate everything, open the audio and frame the multipart body around it;
    raises before any I/O on the network, naming what is wrong."""
    checked = check_fields(operation, fields)
    if "known_speaker_references" in checked:
        checked["known_speaker_references"] = [
            speaker_reference(sample, config.max_audio_bytes)
            for sample in checked["known_speaker_references"]
        ]
    extra = _options.check_extra_body(extra_body)
    _options.check_collisions(extra, checked, ("file",))
    headers = httpx.Headers(config.headers)
    caller = checked_headers(extra_headers)
    source = open_audio(audio, format=format, max_bytes=config.max_audio_bytes)
    if source.size is not None and source.size > MULTIPART_MAX_BYTES:
        source.close()
        raise AudioTooLargeError(
            f"{source.name} is {source.size:,} bytes, over the 25 MB an upload may carry: "
            "send it in pieces (split='auto' with openrouter-stt[long]) or compress it"
        )
    framed = frame_fields(form_fields(checked, extra), "file", source.format)
    response_format = checked.get("response_format", "json")
    stream = bool(checked.get("stream"))
    headers["Accept"] = (
        "text/event-stream"
        if stream
        else "text/plain"
        if response_format in TEXT_FORMATS
        else "application/json"
    )
    headers["Authorization"] = config.authorization
    # A caller's Authorization is honoured: a server may want another scheme still.
    headers.update(caller)
    headers["Content-Type"] = framed.content_type  # the body's framing decides, not a caller
    request = OpenAIRequest(
        url=f"{config.base_url}{operation.path}",
        model=checked["model"],
        headers=headers,
        prefix=framed.prefix,
        suffix=framed.suffix,
        audio=source,
        upload="multipart",
        response_format=response_format,
        stream=stream,
    )
    if source.size is not None:
        headers["Content-Length"] = str(len(framed.prefix) + source.size + len(framed.suffix))
    return request


def speaker_reference(sample: Any, max_bytes: int) -> str:
    """A known speaker's sample as the data URL the API takes: a data URL as it is, any
    other audio input (a path, bytes, a file) read, sniffed and encoded."""
    if isinstance(sample, str) and sample.startswith("data:"):
        return sample
    source = open_audio(sample, format=None, max_bytes=max_bytes)
    try:
        data = b"".join(source.raw_chunks())
    finally:
        source.close()
    mime = MIME_TYPES.get(source.format, f"audio/{source.format}")
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


# -- answers ----------------------------------------------------------------------


def _fail(response: httpx.Response, why: str) -> APIResponseError:
    body = response.text
    return APIResponseError(
        f"the API answered {response.status_code} but {why}: {body[:200]!r}",
        status_code=response.status_code,
        body=body,
    )


def handle(response: httpx.Response, request: OpenAIRequest) -> Transcription:
    """A whole answer as a Transcription, or the typed error for its status."""
    if not response.is_success:
        raise error_for(response)
    return parse_answer(response, request)


def parse_answer(response: httpx.Response, request: OpenAIRequest) -> Transcription:
    """A 2xx answer, parsed as the requested format says (never guessed from the body)."""
    fmt = request.response_format
    if fmt in TEXT_FORMATS and _json_type(response):
        # Some servers ignore response_format and answer JSON; what it says is kept.
        try:
            raw = json.loads(response.content)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than Python goes
            raw = None
        if isinstance(raw, dict) and isinstance(raw.get("text"), str):
            return transcription_from(raw, request, response.headers, response)
    if fmt in TEXT_FORMATS:
        text = response.text
        segments: tuple[Segment, ...] = ()
        if fmt != "text":
            try:
                segments = parse_cues(text)
            except SubtitleError as error:
                if text.strip():  # an empty answer is silence, not a broken document
                    raise _fail(response, f"the {fmt} answer has {error}") from None
            transcript = " ".join(s.text for s in segments if s.text)
        else:
            transcript = text
        return Transcription(
            text=transcript,
            usage=None,
            model=request.model,
            headers=response.headers,
            raw={},
            segments=segments,
            body=text,
        )
    try:
        raw = json.loads(response.content)
    except ValueError:
        raise _fail(response, "the body is not JSON (truncated?)") from None
    except RecursionError:
        raise _fail(response, "the body is nested too deeply to read") from None
    if not isinstance(raw, dict):
        raise _fail(response, "the body is not a JSON object")
    return transcription_from(raw, request, response.headers, response)


def _json_type(response: httpx.Response) -> bool:
    kind: str = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


def transcription_from(
    raw: dict[str, Any],
    request: OpenAIRequest,
    headers: httpx.Headers,
    response: httpx.Response | None = None,
) -> Transcription:
    """A JSON answer (json, verbose_json, diarized_json, or a stream's final event)."""

    def fail(why: str) -> APIResponseError:
        if response is not None:
            return _fail(response, why)
        return APIResponseError(f"the stream {why}", status_code=200, body=json.dumps(raw))

    if not isinstance(raw.get("text"), str):
        raise fail("the body has no transcript text")
    usage_raw = raw.get("usage")
    if usage_raw is not None and not isinstance(usage_raw, dict):
        raise fail("usage is not an object")
    segments = raw.get("segments")
    diarized = isinstance(segments, list) and any(
        isinstance(s, dict) and isinstance(s.get("speaker"), str) for s in segments
    )
    return Transcription(
        text=raw["text"],
        usage=None if usage_raw is None else Usage.from_dict(_usage_fields(usage_raw)),
        model=request.model,
        headers=headers,
        raw=raw,
        segments=_diarized(segments)
        if diarized and isinstance(segments, list)
        else _parse_items(
            segments, "TranscriptionSegment", Segment, _SEGMENT_FIELDS, "segments", PACKAGE
        ),
        words=_parse_items(
            raw.get("words"), "TranscriptionWord", Word, _WORD_FIELDS, "words", PACKAGE
        ),
        language=raw["language"] if isinstance(raw.get("language"), str) else None,
        duration=read_duration(raw.get("duration")),
        task=raw["task"] if isinstance(raw.get("task"), str) else None,
    )


def _usage_fields(usage: dict[str, Any]) -> dict[str, Any]:
    # "type" (tokens or duration) says which figures follow; Usage.kind says the same.
    return {key: value for key, value in usage.items() if value is not None}


def _diarized(items: list[Any]) -> tuple[Segment, ...]:
    """diarized_json segments: speakers are labels ("A", "agent"); they become the
    indices OpenRouter's answers use, in order of first appearance, and each segment
    keeps its label in ``extra["speaker_label"]`` (its id, a str, in ``extra["id"]``)."""
    labels: dict[str, int] = {}
    plain = []
    for item in items:
        if not isinstance(item, dict):
            continue
        label = item.get("speaker")
        speaker = labels.setdefault(label, len(labels)) if isinstance(label, str) else None
        segment = _parse_items(
            [{k: v for k, v in item.items() if k not in ("speaker", "id")}],
            "TranscriptionDiarizedSegment",
            Segment,
            _SEGMENT_FIELDS,
            "segments",
            PACKAGE,
        )
        if not segment:
            continue
        extra = {**segment[0].extra, "speaker_label": label, "id": item.get("id")}
        plain.append(attrs.evolve(segment[0], speaker=speaker, extra=extra))
    return tuple(plain)


# -- errors -----------------------------------------------------------------------

#: Hints in this backend's words: OpenRouter's speak of its credits and its key page.
_HINTS: dict[int, str | None] = {
    400: "check the request fields: the model, response_format and the audio's container",
    401: f"check the API key ({API_KEY_ENV}, or api_key=) and auth= ('bearer' or 'raw')",
    402: "the account behind the key has no credit left",
    404: "check base_url (it usually ends in /v1) and the model id",
}


def error_for(response: httpx.Response) -> APIStatusError:
    """The typed error for an error status; an OpenAI-shaped body
    (``{"error": {"message", "type", "param", "code"}}``) gives its message and code, and
    its type and param in ``metadata``."""
    error = error_from_response(response.status_code, response.headers, response.text)
    if response.status_code in _HINTS:
        error.hint = _HINTS[response.status_code]
    try:
        payload = json.loads(response.content)
    except (ValueError, RecursionError):  # error_from_response already read it as text
        return error
    detail = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(detail, dict):
        found = {k: detail[k] for k in ("type", "param") if isinstance(detail.get(k), str)}
        error.metadata = {**(error.metadata or {}), **found} or None
    return error
