"""A streamed transcription (``stream=True``): the server's ``transcript.text.delta``
events as text, then one Transcription from ``transcript.text.done`` with its usage.

``StreamReader`` reads the events' data, free of I/O; ``TranscriptionStream`` and
``AsyncTranscriptionStream`` are what the clients return: iterate them for the
deltas (``str``), the final ``Transcription`` coming last (also kept as
``.transcription``). Close one you leave early (or use it as a context manager).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx

from ._errors import APIResponseError, APIStatusError
from ._types import Transcription

if TYPE_CHECKING:
    from ._openai import OpenAIRequest

DELTA = "transcript.text.delta"
DONE = "transcript.text.done"
SEGMENT = "transcript.text.segment"


class StreamReader:
    """The events of one stream, in order; what the client yields, event by event."""

    def __init__(self, request: OpenAIRequest, headers: httpx.Headers) -> None:
        self._request = request
        self._headers = headers
        self._deltas: list[str] = []
        self._segments: list[dict[str, Any]] = []
        self._done: dict[str, Any] | None = None

    def _broken(self, why: str) -> APIResponseError:
        return APIResponseError(
            f"the API's event stream {why}; the text so far is in .body",
            status_code=200,
            body="".join(self._deltas),
        )

    def feed(self, data: str) -> str | None:
        """One event's data; returns its text delta, if it has one."""
        if data.strip() == "[DONE]":  # the sentinel some servers end with
            return None
        try:
            event = json.loads(data)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than Python goes
            raise self._broken(f"sent an event that is not JSON ({data[:80]!r})") from None
        if not isinstance(event, dict):
            raise self._broken(f"sent an event that is not a JSON object ({data[:80]!r})")
        kind = event.get("type")
        if isinstance(event.get("error"), dict) or kind == "error":
            detail = event.get("error") if isinstance(event.get("error"), dict) else event
            message = detail.get("message") if isinstance(detail, dict) else None
            raise APIStatusError(
                f"the stream failed: {message or json.dumps(event)[:200]}",
                status_code=200,
                body=json.dumps(event),
                headers=self._headers,
            )
        if kind == DELTA and isinstance(event.get("delta"), str):
            self._deltas.append(event["delta"])
            return str(event["delta"])
        if kind == SEGMENT:
            self._segments.append(event)
        elif kind == DONE:
            self._done = event
        return None  # events this client does not know yet: skipped, as SDKs do

    def finish(self) -> Transcription:
        """The final Transcription, once the stream has ended."""
        from ._openai import transcription_from

        if self._done is None:
            raise self._broken("ended before transcript.text.done")
        done = dict(self._done)
        if not isinstance(done.get("text"), str):
            done["text"] = "".join(self._deltas)
        if self._segments and "segments" not in done:
            done["segments"] = self._segments
        return transcription_from(done, self._request, self._headers)


def whole_answer(text: str) -> list[str]:
    """A server that ignored ``stream`` answered at once: its text is the one delta."""
    return [text] if text else []


class TranscriptionStream(Iterator["str | Transcription"]):
    """Text deltas (``str``) as the server sends them, then the final ``Transcription``."""

    def __init__(self, events: Iterator[str | Transcription]) -> None:
        self._events = events
        #: The final transcription, once the stream has been read to its end.
        self.transcription: Transcription | None = None

    def __next__(self) -> str | Transcription:
        item = next(self._events)
        if isinstance(item, Transcription):
            self.transcription = item
        return item

    def text_deltas(self) -> Iterator[str]:
        """Only the deltas; ``.transcription`` holds the final result afterwards."""
        for item in self:
            if isinstance(item, str):
                yield item

    def until_done(self) -> Transcription:
        """Read the rest of the stream and return the final Transcription."""
        for _ in self:
            pass
        assert self.transcription is not None  # a stream ends with one or raises
        return self.transcription

    def close(self) -> None:
        close = getattr(self._events, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncTranscriptionStream(AsyncIterator["str | Transcription"]):
    """``TranscriptionStream`` for ``async for``."""

    def __init__(self, events: AsyncIterator[str | Transcription]) -> None:
        self._events = events
        self.transcription: Transcription | None = None

    async def __anext__(self) -> str | Transcription:
        item = await self._events.__anext__()
        if isinstance(item, Transcription):
            self.transcription = item
        return item

    async def text_deltas(self) -> AsyncIterator[str]:
        async for item in self:
            if isinstance(item, str):
                yield item

    async def until_done(self) -> Transcription:
        async for _ in self:
            pass
        assert self.transcription is not None
        return self.transcription

    async def aclose(self) -> None:
        aclose = getattr(self._events, "aclose", None)
        if aclose is not None:
            await aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
