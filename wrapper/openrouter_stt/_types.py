"""What a transcription returns: ``Transcription`` and its ``Usage``, read from the
response's JSON and tolerant of the variants upstream actually sends."""

from __future__ import annotations

import json
from typing import Any, Literal

import attrs
import httpx

from ._errors import APIResponseError, request_id

UsageKind = Literal["duration", "tokens", "both", "unknown"]

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
        """The usage object of a response: fields of the documented type (``STTUsage``
        in the spec), anything else kept in ``extra`` rather than lost."""
        extra = dict(data)
        fields: dict[str, Any] = {}
        for name in _NUMBER_FIELDS + _TOKEN_FIELDS:
            value = extra.pop(name, None)
            if value is None:
                continue
            wanted = int if name in _TOKEN_FIELDS else (int, float)
            if isinstance(value, wanted) and not isinstance(value, bool):
                fields[name] = float(value) if name in _NUMBER_FIELDS else value
            else:
                extra[name] = value
        return cls(**fields, extra=extra)


@attrs.frozen
class Transcription:
    """The transcript, its usage, and the response it came from."""

    text: str
    usage: Usage | None
    model: str
    headers: httpx.Headers = attrs.field(repr=False)
    raw: dict[str, Any] = attrs.field(repr=False)

    @property
    def request_id(self) -> str | None:
        return request_id(self.headers)

    @property
    def extra(self) -> dict[str, Any]:
        """Top-level response fields the spec does not document."""
        return {k: v for k, v in self.raw.items() if k not in ("text", "usage")}


def parse_transcription(response: httpx.Response, model: str) -> Transcription:
    """A 2xx response as a Transcription, or APIResponseError; nothing else escapes.

    Read from the JSON directly, not through the generated ``STTResponse``: that adds
    no check to these, costs more than they do on every call, and raised bare
    TypeErrors on fields read nowhere here (malformed ``segments``, say)."""

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
    if not isinstance(raw, dict):
        raise fail("the body is not a JSON object")
    if not isinstance(raw.get("text"), str):
        raise fail("the body has no transcript text")
    if raw.get("usage") is not None and not isinstance(raw["usage"], dict):
        raise fail("usage is not an object")
    # `"usage": null` arrives in the wild: no usage, like a missing one.
    usage = None if raw.get("usage") is None else Usage.from_dict(raw["usage"])
    return Transcription(
        text=raw["text"], usage=usage, model=model, headers=response.headers, raw=raw
    )
