"""``Client`` and ``AsyncClient``: thin loops over the shared request builder,
response parser, error table and retry policy."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import anyio.to_thread
import httpx

from . import _long
from ._base_client import (
    _UNSET,
    Granularity,
    Prepared,
    ResponseFormat,
    Split,
    TimeoutTypes,
    _BaseClient,
    _handle,
    _Upload,
)
from ._errors import (
    APIStatusError,
)
from ._io import AsyncIO, SyncIO
from ._models import DEFAULT_OUTPUT_MODALITIES, Model, ModelListing
from ._options import Upload
from ._request import (
    DEFAULT_MODEL,
    SMALL_BODY,
    TranscriptionRequest,
)
from ._retry import aretrying, retrying
from ._types import Transcription


class Client(SyncIO, _BaseClient):
    """Transcribes audio through OpenRouter, synchronously.

    >>> with Client() as client:                          # key from OPENROUTER_API_KEY
    ...     print(client.transcribe("meeting.m4a").text)

    Failed attempts are retried ``max_retries`` times: 408, 429, 500, 502, 503, 529 and
    connection errors before the whole request was sent. A 504 or 524 (a gateway stopped
    waiting; the provider may still finish, and bill) and a connection lost after the
    whole request was sent are retried only with ``retry_after_upload=True``. Audio from
    a one-shot stream such as a pipe is sent once, never retried.
    """

    _http_type = httpx.Client

    def transcribe(
        self,
        audio: Any,
        *,
        model: str = DEFAULT_MODEL,
        format: str | None = None,
        language: str | None = None,
        temperature: float | None = None,
        provider_options: Mapping[str, Mapping[str, Any]] | None = None,
        response_format: ResponseFormat | None = None,
        timestamp_granularities: Sequence[Granularity] | None = None,
        upload: Upload | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        max_retries: int | None = None,
        timeout: TimeoutTypes = _UNSET,
        split: Split = "auto",
        max_chunk_seconds: float | None = None,
        max_chunk_bytes: int | None = None,
        max_concurrency: int | None = None,
        progress: _long.ProgressCallback | None = None,
    ) -> Transcription:
        """Transcribe ``audio``: a path, bytes, a binary file object, base64 text or a
        data URI. The container is sniffed from the bytes unless ``format`` is given.

        ``response_format="verbose_json"`` returns timestamps (``segments``, and
        ``words`` with ``timestamp_granularities=("word",)``) and speakers when the
        provider diarizes. ``upload`` picks the body: ``"json"`` (base64), ``"multipart"``
        (raw bytes, up to 25 MB) or ``"auto"`` (the client's default: multipart when
        the audio and every option fit it). ``extra_body`` adds fields the wrapper does
        not name yet.

        Long recordings (``pip install 'openrouter-stt[long]'``): ``split="auto"`` sends
        audio longer than ``max_chunk_seconds`` (default 1,200 s) or with a body over
        ``max_chunk_bytes`` in pieces cut at silences, ``max_concurrency`` at a time
        (default 4), and stitches their results into one Transcription (``chunks``
        lists the pieces). ``split=SECONDS`` asks for pieces of at most that length;
        ``split="never"`` always sends the audio whole. A piece that fails after its
        retries, or a read error partway, raises ``ChunkError``, which keeps the
        finished pieces; Ctrl-C cancels the pieces in flight at once and raises
        ``SplitInterrupted`` (a KeyboardInterrupt), which keeps them too. Each piece's
        speakers are numbered after the previous pieces'. ``progress`` is called with
        a ``SplitProgress`` as each piece finishes (from the thread that runs the
        pieces' event loop, in a copy of the caller's context); its ``completed``
        holds the finished pieces so far."""
        # What every request of this call carries, each piece of a split recording too.
        per_request: dict[str, Any] = dict(
            model=model,
            language=language,
            temperature=temperature,
            provider_options=provider_options,
            response_format=response_format,
            timestamp_granularities=timestamp_granularities,
            upload=upload,
            extra_body=extra_body,
            extra_headers=extra_headers,
            max_retries=max_retries,
            timeout=timeout,
        )
        plan = self._plan(
            audio,
            split=split,
            format=format,
            upload=upload,
            max_chunk_seconds=max_chunk_seconds,
            max_chunk_bytes=max_chunk_bytes,
            max_concurrency=max_concurrency,
        )
        if plan is not None:
            return _long.run_blocking(
                _long.Job(plan, model, progress),
                lambda piece: self.transcribe(
                    piece.data, format=piece.format, split="never", **per_request
                ),
            )
        request, policy, timeout = self._prepare(audio, format=format, **per_request)
        try:
            return retrying(policy, functools.partial(self._send, request, timeout))
        except APIStatusError as error:
            _long.explain_limit(error, request.audio.format)
            raise
        finally:
            request.audio.close()

    def _send(self, request: TranscriptionRequest, timeout: TimeoutTypes) -> Transcription:
        upload = _Upload(request.content())
        message = self._http.build_request(
            "POST", request.url, content=upload, headers=request.headers, timeout=timeout
        )
        return _handle(self._exchange(message, request.url, lambda: upload.sent), request)

    def list_models(
        self,
        *,
        output_modalities: str | Sequence[str] | None = DEFAULT_OUTPUT_MODALITIES,
        extra_headers: Mapping[str, str] | None = None,
        max_retries: int | None = None,
        timeout: TimeoutTypes = _UNSET,
    ) -> list[Model]:
        """The models ``transcribe`` can use (``output_modalities="transcription"``), or
        others: ``"text"``, ``["audio", "text"]``, ``"all"``. Every page is read."""
        listing, policy, timeout = self._prepare_listing(
            output_modalities, extra_headers, max_retries, timeout
        )
        while (params := listing.next_params()) is not None:
            retrying(policy, functools.partial(self._read_page, listing, params, timeout))
        return listing.models

    def _read_page(
        self, listing: ModelListing, params: dict[str, str], timeout: TimeoutTypes
    ) -> None:
        message = self._http.build_request(
            "GET", listing.url, params=params, headers=listing.headers, timeout=timeout
        )
        # A GET changes nothing: retried even when it failed after being sent.
        listing.add(self._exchange(message, listing.url, lambda: False))


class AsyncClient(AsyncIO, _BaseClient):
    """Transcribes audio through OpenRouter with asyncio (or trio, through anyio).

    >>> async with AsyncClient() as client:
    ...     t = await client.transcribe("meeting.m4a")

    Same arguments and behaviour as ``Client``; file reads and base64 encoding of
    large inputs run in a worker thread, never on the event loop.
    """

    _http_type = httpx.AsyncClient

    async def transcribe(
        self,
        audio: Any,
        *,
        model: str = DEFAULT_MODEL,
        format: str | None = None,
        language: str | None = None,
        temperature: float | None = None,
        provider_options: Mapping[str, Mapping[str, Any]] | None = None,
        response_format: ResponseFormat | None = None,
        timestamp_granularities: Sequence[Granularity] | None = None,
        upload: Upload | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        max_retries: int | None = None,
        timeout: TimeoutTypes = _UNSET,
        split: Split = "auto",
        max_chunk_seconds: float | None = None,
        max_chunk_bytes: int | None = None,
        max_concurrency: int | None = None,
        progress: _long.ProgressCallback | None = None,
    ) -> Transcription:
        """Transcribe ``audio``; see ``Client.transcribe``. Cancelling the task during a
        split recording cancels its pieces in flight and propagates as the event loop's
        cancellation: the finished pieces are the last ``SplitProgress.completed``
        given to ``progress``."""
        # What every request of this call carries, each piece of a split recording too.
        per_request: dict[str, Any] = dict(
            model=model,
            language=language,
            temperature=temperature,
            provider_options=provider_options,
            response_format=response_format,
            timestamp_granularities=timestamp_granularities,
            upload=upload,
            extra_body=extra_body,
            extra_headers=extra_headers,
            max_retries=max_retries,
            timeout=timeout,
        )
        plan_for = functools.partial(
            self._plan,
            audio,
            split=split,
            format=format,
            upload=upload,
            max_chunk_seconds=max_chunk_seconds,
            max_chunk_bytes=max_chunk_bytes,
            max_concurrency=max_concurrency,
        )
        prepare = functools.partial(self._prepare, audio, format=format, **per_request)

        def plan_or_prepare() -> tuple[_long.Plan | None, Prepared | None]:
            plan = plan_for()
            return (plan, None) if plan is not None else (None, prepare())

        if (isinstance(audio, bytes) and len(audio) <= SMALL_BODY) or (
            isinstance(audio, (bytearray, memoryview)) and memoryview(audio).nbytes <= SMALL_BODY
        ):
            plan, prepared = plan_or_prepare()  # small and in memory: nothing to wait for
        else:
            # A path, a file or a pipe: planning and sniffing read from it (up to a whole
            # small file, or until a quiet pipe speaks); large audio in memory may be
            # copied for PyAV to read its header. Neither may stall the event loop. One
            # worker-thread hop for both: a hop costs more than a small file.
            plan, prepared = await anyio.to_thread.run_sync(plan_or_prepare, abandon_on_cancel=True)
        if plan is not None:
            return await _long.Job(plan, model, progress).run(
                lambda piece: self.transcribe(
                    piece.data, format=piece.format, split="never", **per_request
                )
            )
        assert prepared is not None  # no plan: the request was prepared
        request, policy, timeout = prepared
        try:
            return await aretrying(policy, functools.partial(self._send, request, timeout))
        except APIStatusError as error:
            _long.explain_limit(error, request.audio.format)
            raise
        finally:
            request.audio.close()

    async def _send(self, request: TranscriptionRequest, timeout: TimeoutTypes) -> Transcription:
        upload = _Upload(await request.acontent())
        message = self._http.build_request(
            "POST",
            request.url,
            content=upload.aiter(),
            headers=request.headers,
            timeout=timeout,
        )
        return _handle(await self._exchange(message, request.url, lambda: upload.sent), request)

    async def list_models(
        self,
        *,
        output_modalities: str | Sequence[str] | None = DEFAULT_OUTPUT_MODALITIES,
        extra_headers: Mapping[str, str] | None = None,
        max_retries: int | None = None,
        timeout: TimeoutTypes = _UNSET,
    ) -> list[Model]:
        """The models ``transcribe`` can use; see ``Client.list_models``."""
        listing, policy, timeout = self._prepare_listing(
            output_modalities, extra_headers, max_retries, timeout
        )
        while (params := listing.next_params()) is not None:
            await aretrying(policy, functools.partial(self._read_page, listing, params, timeout))
        return listing.models

    async def _read_page(
        self, listing: ModelListing, params: dict[str, str], timeout: TimeoutTypes
    ) -> None:
        message = self._http.build_request(
            "GET", listing.url, params=params, headers=listing.headers, timeout=timeout
        )
        # A GET changes nothing: retried even when it failed after being sent.
        listing.add(await self._exchange(message, listing.url, lambda: False))
