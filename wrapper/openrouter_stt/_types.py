"""What a transcription returns: ``Transcription`` with its ``Usage``, ``Segment``s and
``Word``s, parsed with the generated models and made tolerant of the variants upstream
and its providers actually send.

Odd answers that are legal JSON (or that Python's JSON reader takes) are read, never
raised on; the transcript text is paid for and always kept:

- a number that is not finite (``1e400`` reads as infinity; ``NaN``, ``Infinity``),
  or an integer too large for a float, where a timestamp, ``duration`` or another
  number belongs, is dropped (None) with a warning; in ``usage`` it moves to
  ``extra``, as any value of another type does;
- an integer outside the 64-bit range (what other languages read JSON into) where a
  speaker, ``id``, ``seek`` or token belongs is dropped (None) with a warning;
- a body nested deeper than Python's JSON reader goes raises ``APIResponseError``:
  there is no transcript to keep in what cannot be read.

The raw values stay in ``Transcription.raw`` as they were sent.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs
import httpx

from openrouter_stt_api.types import Unset

from . import _contract
from ._errors import APIResponseError, request_id

if TYPE_CHECKING:
    from openrouter_stt_api.models import STTUsage

logger = logging.getLogger("openrouter_stt")

UsageKind = Literal["duration", "tokens", "both", "unknown"]
_T = TypeVar("_T")

_NUMBER_FIELDS = ("cost", "seconds")
_TOKEN_FIELDS = ("input_tokens", "output_tokens", "total_tokens")


@attrs.frozen
class Usage:
    """Billing figures, whichever way the provider priced the request.

    Duration-priced providers report ``seconds``, token-priced ones the token
    counts; ``kind`` says which. Fields the API adds later (or that OpenAI-style
    providers send, like ``input_token_details``) are kept in ``extra``.
    """

    cost: float | None = None
    seconds: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    total_tokens: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)

    @property
    def kind(self) -> UsageKind:
        has_seconds = self.seconds is not None
        has_tokens = any(getattr(self, name) is not None for name in _TOKEN_FIELDS)
        if has_seconds and has_tokens:
            return "both"
        if has_seconds:
            return "duration"
        return "tokens" if has_tokens else "unknown"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Usage:
        from openrouter_stt_api.models import STTUsage

        return cls.from_model(STTUsage.from_dict(data))

    @classmethod
    def from_model(cls, usage: STTUsage) -> Usage:
        extra = dict(usage.additional_properties)
        fields: dict[str, Any] = {}
        # The generated model casts without checking: keep values of the documented
        # type, and move anything else to `extra` rather than lose it.
        for name in _NUMBER_FIELDS + _TOKEN_FIELDS:
            value = getattr(usage, name)
            if value is None or isinstance(value, Unset):
                continue
            kept = _number(value) if name in _NUMBER_FIELDS else _integer(value, bounded=False)
            if kept is not None:
                fields[name] = kept
            else:
                if _is_odd_number(value):
                    logger.warning("usage.%s is %s; kept in usage.extra", name, _odd(value))
                extra[name] = value
        return cls(**fields, extra=extra)


#: Integers past this are no index or count any provider sends (JSON readers in other
#: languages hold 64 bits): read as None.
_INT_LIMIT = 2**63


def _number(value: Any) -> float | None:
    """A finite float, or None for anything else (inf, nan, an int past float's range)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _integer(value: Any, *, bounded: bool = True) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if not bounded or -_INT_LIMIT <= value < _INT_LIMIT else None


def _is_odd_number(value: Any) -> bool:
    """A number of the JSON, but not one the wrapper can hold: not finite, or past
    float's or 64 bits' range."""
    if isinstance(value, float):
        return not math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool) and _integer(value) is None


def _odd_in(value: Any) -> str | None:
    """How to name the odd number in ``value`` (or in a list of numbers), if any."""
    odd = [item for item in (value if isinstance(value, list) else [value]) if _is_odd_number(item)]
    return _odd(odd[0]) if odd else None


def _odd(value: Any) -> str:
    # str() of a huge int is slow and long (and Python refuses past 4,300 digits).
    return repr(value) if isinstance(value, float) else "an integer of over 18 digits"


def read_duration(value: Any) -> float | None:
    """An answer's ``duration``: a finite number of seconds, else None (with a warning
    for a number the wrapper cannot hold, such as 1e400)."""
    if (duration := _number(value)) is None and _is_odd_number(value):
        logger.warning("duration is %s; read as None", _odd(value))
    return duration


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _integers(value: Any) -> tuple[int, ...] | None:
    if isinstance(value, list) and all(_integer(item) is not None for item in value):
        return tuple(value)
    return None


# Wrapper field -> how a value of the documented type is kept (anything else is None).
_SEGMENT_FIELDS: dict[str, Callable[[Any], Any]] = {
    "id": _integer,
    "start": _number,
    "end": _number,
    "text": _string,
    "speaker": _integer,
    "seek": _integer,
    "tokens": _integers,
    "temperature": _number,
    "avg_logprob": _number,
    "compression_ratio": _number,
    "no_speech_prob": _number,
}
_WORD_FIELDS: dict[str, Callable[[Any], Any]] = {
    "word": _string,
    "start": _number,
    "end": _number,
    "speaker": _integer,
}


@attrs.frozen
class Segment:
    """A stretch of the transcript with its timing (seconds from the start of the audio),
    and its speaker when the provider diarizes. Fields the provider leaves out, or sends
    with another type, are None; fields the spec does not document are in ``extra``."""

    text: str = ""
    start: float | None = None
    end: float | None = None
    id: int | None = None
    speaker: int | None = None
    seek: int | None = None
    tokens: tuple[int, ...] | None = None
    temperature: float | None = None
    avg_logprob: float | None = None
    compression_ratio: float | None = None
    no_speech_prob: float | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen
class Word:
    """One word with its timing (seconds), and its speaker when the provider diarizes."""

    word: str = ""
    start: float | None = None
    end: float | None = None
    speaker: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, repr=False)


def _parse_items(
    items: Any,
    model_name: str,
    kind: Callable[..., _T],
    fields: dict[str, Callable[[Any], Any]],
    where: str,
    package: str = "openrouter_stt_api",
) -> tuple[_T, ...]:
    """Each object in ``items`` through the generated model (a missing required key
    becomes None rather than a KeyError), kept as ``kind`` with checked types. A field
    the vendored spec does not document (an older spec, or no such model at all) is
    read as sent: providers send it whatever the spec of the day says."""
    if not isinstance(items, list):
        return ()
    model = _contract.model(model_name, package)
    documented = frozenset() if model is None else _contract.fields(model)
    required = [a.name for a in attrs.fields(model) if a.default is attrs.NOTHING] if model else []
    parsed = []
    dropped: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        try:
            generated = (
                None if model is None else model.from_dict({**dict.fromkeys(required), **item})
            )
        except (KeyError, ValueError, TypeError):
            # A value the generated model refuses (an enum value it does not know, a
            # missing key it names differently, e.g. "type" held as type_): read as sent.
            generated = None
        values = {
            name: check(
                getattr(generated, name)
                if generated is not None and name in documented
                else item.get(name)
            )
            for name, check in fields.items()
        }
        for name, value in values.items():
            if value is None and (odd := _odd_in(item.get(name))) is not None:
                dropped.setdefault(name, odd)
        for name in ("text", "word"):
            if name in values and values[name] is None:
                values[name] = ""
        extra = {key: value for key, value in item.items() if key not in fields}
        parsed.append(kind(**values, extra=extra))
    for name, example in dropped.items():
        logger.warning("%s: %s held numbers such as %s; read as None", where, name, example)
    return tuple(parsed)


@attrs.frozen
class Chunk:
    """One piece of a recording that was split (``transcribe(split=...)``): where it
    lies in the recording (seconds), its encoded size, and what it cost."""

    index: int
    start: float
    end: float
    bytes: int
    #: This piece's own result; None when it was silent and not sent.
    transcription: Transcription | None = attrs.field(default=None, repr=False)

    @property
    def usage(self) -> Usage | None:
        return self.transcription.usage if self.transcription else None

    @property
    def sent(self) -> bool:
        return self.transcription is not None


#: Top-level response fields a Transcription has an attribute for; the rest is ``extra``.
_RESPONSE_FIELDS = ("text", "usage", "segments", "words", "language", "duration", "task")


@attrs.frozen
class Transcription:
    """The transcript, its usage, its timestamps when asked for (``response_format=
    "verbose_json"``), and the response it came from.

    ``segments`` and ``words`` are empty, and ``language``, ``duration`` and ``task``
    None, when the response does not carry them.
    """

    text: str
    usage: Usage | None
    model: str
    headers: httpx.Headers = attrs.field(repr=False)
    raw: dict[str, Any] = attrs.field(repr=False)
    segments: tuple[Segment, ...] = attrs.field(default=(), repr=False)
    words: tuple[Word, ...] = attrs.field(default=(), repr=False)
    language: str | None = None
    duration: float | None = None
    task: str | None = None
    #: The pieces a split recording was sent in, in order; empty when sent whole.
    chunks: tuple[Chunk, ...] = attrs.field(default=(), repr=False)
    #: The answer's text exactly as the server sent it, for plain-text answers
    #: (``response_format`` "text", "srt" or "vtt" of an OpenAI-compatible server);
    #: None for JSON answers, whose parsed object is ``raw``.
    body: str | None = attrs.field(default=None, repr=False)

    @property
    def request_id(self) -> str | None:
        return request_id(self.headers)

    @property
    def extra(self) -> dict[str, Any]:
        """Top-level response fields the wrapper has no attribute for (yet): whatever the
        API adds reaches you here before a release names it."""
        return {k: v for k, v in self.raw.items() if k not in _RESPONSE_FIELDS}

    @property
    def speakers(self) -> tuple[int, ...]:
        """The speaker indices the provider reported, in order of first appearance. In a
        split recording each piece's speakers are numbered after the previous pieces'
        (a provider numbers each request on its own): one voice heard in two pieces has
        two numbers, two voices never share one."""
        seen = dict.fromkeys(
            [word.speaker for word in self.words] + [part.speaker for part in self.segments]
        )
        return tuple(speaker for speaker in seen if speaker is not None)

    def to_srt(self) -> str:
        """SubRip captions; needs timestamps (``response_format="verbose_json"``)."""
        from ._captions import to_srt

        return to_srt(self)

    def to_vtt(self) -> str:
        """WebVTT captions; needs timestamps (``response_format="verbose_json"``)."""
        from ._captions import to_vtt

        return to_vtt(self)

    def to_text(self) -> str:
        """The transcript as plain text; one paragraph per speaker turn, labelled, when
        the provider reported speakers."""
        from ._captions import to_text

        return to_text(self)


def parse_transcription(response: httpx.Response, model: str) -> Transcription:
    """A 2xx response as a Transcription, or APIResponseError; nothing else escapes."""
    from openrouter_stt_api.models import STTResponse

    def fail(why: str) -> APIResponseError:
        body = response.text
        return APIResponseError(
            f"the API answered {response.status_code} but {why}: {body[:200]!r}",
            status_code=response.status_code,
            body=body,
        )

    try:
        # From the bytes, as JSON is UTF-8: response.text would parse Content-Type's
        # charset (through email.message) on every call.
        raw = json.loads(response.content)
    except ValueError:
        raise fail("the body is not JSON (truncated?)") from None
    except RecursionError:
        raise fail("the body is nested too deeply to read") from None
    if not isinstance(raw, dict):
        raise fail("the body is not a JSON object")
    if not isinstance(raw.get("text"), str):
        raise fail("the body has no transcript text")
    if raw.get("usage") is not None and not isinstance(raw["usage"], dict):
        raise fail("usage is not an object")
    # Segments and words are parsed one by one below: the generated from_dict would
    # raise on a single malformed item.
    top = {k: v for k, v in _drop_nulls(raw).items() if k not in ("segments", "words")}
    parsed = STTResponse.from_dict(top)
    usage = None if isinstance(parsed.usage, Unset) else Usage.from_model(parsed.usage)
    duration = read_duration(getattr(parsed, "duration", top.get("duration")))
    return Transcription(
        text=parsed.text,
        usage=usage,
        model=model,
        headers=response.headers,
        raw=raw,
        segments=_parse_items(
            raw.get("segments"), "STTSegment", Segment, _SEGMENT_FIELDS, "segments"
        ),
        words=_parse_items(raw.get("words"), "STTWord", Word, _WORD_FIELDS, "words"),
        # Through the generated model when the spec documents them, as sent otherwise.
        language=_string(getattr(parsed, "language", top.get("language"))),
        duration=duration,
        task=_string(getattr(parsed, "task", top.get("task"))),
    )


def _drop_nulls(data: dict[str, Any]) -> dict[str, Any]:
    # `"usage": null` arrives in the wild; the generated from_dict raises TypeError on it.
    return {key: value for key, value in data.items() if value is not None}
