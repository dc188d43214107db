"""``Client`` and ``AsyncClient``: thin loops over the shared request builder,
response parser, error table and retry policy."""

from __future__ import annotations

import errno
import functools
import socket
import ssl
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal
from urllib.parse import urlsplit

import anyio.to_thread
import httpx

from . import _long
from ._errors import (
    APIConnectionError,
    APIResponseError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    OpenRouterSTTError,
    error_from_response,
)
from ._models import DEFAULT_OUTPUT_MODALITIES, Model, ModelListing
from ._options import Upload, check_upload
from ._request import (
    DEFAULT_MAX_AUDIO_BYTES,
    DEFAULT_MODEL,
    DEFAULT_TIMEOUT,
    ClientConfig,
    TranscriptionRequest,
    build_request,
)
from ._retry import RetryPolicy, asleep, sleep
from ._types import Transcription, parse_transcription

TimeoutTypes = float | httpx.Timeout | None
ResponseFormat = Literal["json", "verbose_json"]
Granularity = Literal["word", "segment"]
Split = Literal["auto", "never"] | float


class _Unset:
    def __repr__(self) -> str:
        return "<client default>"


_UNSET: Any = _Unset()


class _BaseClient:
    """What both clients share: configuration, validation and the request builder."""

    _http_type: type[httpx.Client] | type[httpx.AsyncClient]

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = _UNSET,
        max_retries: int = 2,
        retry_after_upload: bool = False,
        app_url: str | None = None,
        app_title: str | None = None,
        app_categories: str | list[str] | tuple[str, ...] | None = None,
        max_audio_bytes: int = DEFAULT_MAX_AUDIO_BYTES,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        upload: Upload = "auto",
        max_chunk_seconds: float = _long.DEFAULT_MAX_CHUNK_SECONDS,
        max_chunk_bytes: int | None = None,
        max_concurrency: int = _long.DEFAULT_MAX_CONCURRENCY,
    ) -> None:
        self.max_chunk_seconds = _long.check_chunk_seconds(max_chunk_seconds)
        self.max_chunk_bytes = _long.check_chunk_bytes(max_chunk_bytes)
        self.max_concurrency = _long.check_concurrency(max_concurrency)
        self._config = ClientConfig.resolve(
            api_key=api_key,
            base_url=base_url,
            app_url=app_url,
            app_title=app_title,
            app_categories=app_categories,
            max_audio_bytes=max_audio_bytes,
        )
        self.max_retries = _check_retries(max_retries)
        self.upload = check_upload(upload)
        if not isinstance(retry_after_upload, bool):
            raise ConfigurationError(
                f"retry_after_upload must be True or False, not {retry_after_upload!r}"
            )
        self.retry_after_upload = retry_after_upload
        if http_client is not None and not isinstance(http_client, self._http_type):
            raise ConfigurationError(
                f"{type(self).__name__} needs an {self._http_type.__qualname__}, "
                f"not {type(http_client).__qualname__}"
            )
        self.timeout: Any = timeout
        if timeout is _UNSET:  # a caller's http_client keeps the timeout it was made with
            self.timeout = DEFAULT_TIMEOUT if http_client is None else httpx.USE_CLIENT_DEFAULT
        self._owns_http = http_client is None
        self._http: Any = http_client or self._http_type(timeout=self.timeout)

    @property
    def base_url(self) -> str:
        return self._config.base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _prepare(
        self, audio: Any, *, max_retries: int | None, timeout: TimeoutTypes, **options: Any
    ) -> tuple[TranscriptionRequest, RetryPolicy, TimeoutTypes]:
        """Everything a call needs before its first attempt; raises before any I/O."""
        retries = self.max_retries if max_retries is None else _check_retries(max_retries)
        if options.get("upload") is None:
            options["upload"] = self.upload
        request = build_request(self._config, audio, **options)
        # A one-shot stream cannot be read again, so it gets exactly one attempt.
        policy = RetryPolicy(
            max_retries=retries if request.audio.replayable else 0,
            retry_after_upload=self.retry_after_upload,
        )
        return request, policy, self.timeout if timeout is _UNSET else timeout

    def _plan(
        self,
        audio: Any,
        *,
        split: Any,
        format: str | None,
        upload: Upload | None,
        max_chunk_seconds: float | None,
        max_chunk_bytes: int | None,
        max_concurrency: int | None,
    ) -> _long.Plan | None:
        """How to cut ``audio`` into pieces, or None to send it whole (see ``_long.plan``);
        every argument is checked before any audio is read."""
        split = _long.check_split(split)
        return _long.plan(
            audio,
            split=split,
            format=format,
            upload=check_upload(upload) if upload is not None else self.upload,
            max_audio_bytes=self._config.max_audio_bytes,
            max_chunk_seconds=self.max_chunk_seconds
            if max_chunk_seconds is None
            else _long.check_chunk_seconds(max_chunk_seconds),
            max_chunk_bytes=self.max_chunk_bytes
            if max_chunk_bytes is None
            else _long.check_chunk_bytes(max_chunk_bytes),
            max_concurrency=self.max_concurrency
            if max_concurrency is None
            else _long.check_concurrency(max_concurrency),
        )

    def _prepare_listing(
        self,
        output_modalities: str | Sequence[str] | None,
        extra_headers: Mapping[str, str] | None,
        max_retries: int | None,
        timeout: TimeoutTypes,
    ) -> tuple[ModelListing, RetryPolicy, TimeoutTypes]:
        retries = self.max_retries if max_retries is None else _check_retries(max_retries)
        listing = ModelListing.start(
            self._config, output_modalities=output_modalities, extra_headers=extra_headers
        )
        return (
            listing,
            RetryPolicy(max_retries=retries),
            self.timeout if timeout is _UNSET else timeout,
        )


def _check_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be an int >= 0, not {max_retries!r}")
    return max_retries


def _handle(response: httpx.Response, request: TranscriptionRequest) -> Transcription:
    if response.is_success:
        return parse_transcription(response, request.model)
    raise error_from_response(response.status_code, response.headers, response.text)


def _undecodable(response: httpx.Response) -> OpenRouterSTTError:
    """A body httpx cannot decode (e.g. a broken gzip from a proxy): keep the status."""
    if not response.is_success:
        return error_from_response(response.status_code, response.headers, "")
    encoding = response.headers.get("content-encoding", "none")
    return APIResponseError(
        f"the API answered {response.status_code} but its body could not be decoded "
        f"(Content-Encoding: {encoding})",
        status_code=response.status_code,
        body="",
    )


def _transport_error(
    error: httpx.TransportError, url: str, request_sent: bool
) -> OpenRouterSTTError:
    """The package's error for a failed exchange, with a cause that quotes no header."""
    if isinstance(error, httpx.LocalProtocolError):
        # A request HTTP cannot carry: sending it again cannot help.
        return OpenRouterSTTError(
            "the request could not be sent (LocalProtocolError: HTTP cannot carry it as "
            "built) and was not retried; unless an http_client hook of yours changed it, "
            "this is a bug in openrouter-stt: please report it"
        )
    host = urlsplit(url).hostname
    why = ", ".join(filter(None, (type(error).__name__, _redacted_cause(error))))
    when = (
        " after the whole request was sent (the API may have done the work; retried only "
        "with retry_after_upload=True)"
        if request_sent
        else ""
    )
    exc: APIConnectionError
    if isinstance(error, httpx.TimeoutException):
        exc = APITimeoutError(f"the request to {host} timed out ({why}){when}; raise timeout=")
    else:
        exc = APIConnectionError(f"the connection to {host} failed ({why}){when}")
    exc.request_sent = request_sent
    return exc


def _redacted_cause(error: BaseException) -> str:
    """What the system said, from structured fields only (TLS reason codes, errno), never
    an exception's text: some transport errors quote the request's header values."""
    seen: BaseException | None = error
    for _ in range(8):  # httpx -> httpcore -> the system's error, and a little slack
        if seen is None:
            break
        if isinstance(seen, ssl.SSLCertVerificationError):
            return f"{seen.reason}: {seen.verify_message}"
        if isinstance(seen, ssl.SSLError) and seen.reason:
            return str(seen.reason)
        if isinstance(seen, socket.gaierror):
            return f"DNS lookup failed: {seen.strerror}"
        if isinstance(seen, OSError) and seen.errno is not None and seen.errno in errno.errorcode:
            return f"{seen.strerror} ({errno.errorcode[seen.errno]})"
        seen = seen.__cause__ or seen.__context__
    return ""


def _chained(error: httpx.TransportError) -> BaseException | None:
    # h11's LocalProtocolError may quote a header value: keep it out of tracebacks.
    return None if isinstance(error, httpx.LocalProtocolError) else error


class _Upload:
    """A request body that notes when all of it was handed to the connection: an error
    after that may come after the API has done the work."""

    def __init__(self, content: bytes | Iterator[bytes] | AsyncIterator[bytes]) -> None:
        self._content = content
        self.sent = False

    def __iter__(self) -> Iterator[bytes]:
        if isinstance(self._content, bytes):
            yield self._content
        else:
            yield from self._content  # type: ignore[misc]
        self.sent = True

    async def aiter(self) -> AsyncIterator[bytes]:
        if isinstance(self._content, bytes):
            yield self._content
        else:
            async for chunk in self._content:  # type: ignore[union-attr]
                yield chunk
        self.sent = True


class Client(_BaseClient):
    """Transcribes audio through OpenRouter, synchronously.

    >>> with Client() as client:                          # key from OPENROUTER_API_KEY
    ...     print(client.transcribe("meeting.m4a").text)

    Failed attempts are retried ``max_retries`` times (429, 5xx, connection errors
    before the whole request was sent; after it, only with ``retry_after_upload=True``);
    audio from a one-shot stream such as a pipe is sent once, never retried.
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
        retries raises ``ChunkError``, which keeps the finished pieces. ``progress`` is
        called with a ``SplitProgress`` as each piece finishes."""
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
            return _long.run(
                plan,
                lambda piece: self.transcribe(
                    piece.data,
                    format=piece.format,
                    split="never",
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
                ),
                model,
                progress,
            )
        request, policy, timeout = self._prepare(
            audio,
            max_retries=max_retries,
            timeout=timeout,
            model=model,
            format=format,
            language=language,
            temperature=temperature,
            provider_options=provider_options,
            response_format=response_format,
            timestamp_granularities=timestamp_granularities,
            upload=upload,
            extra_body=extra_body,
            extra_headers=extra_headers,
        )
        attempt = 0
        try:
            while True:
                attempt += 1
                try:
                    return self._send(request, timeout)
                except OpenRouterSTTError as error:
                    sleep(policy.wait_or_raise(attempt, error))
        except APIStatusError as error:
            _long.explain_limit(error)
            raise
        finally:
            request.audio.close()

    def _send(self, request: TranscriptionRequest, timeout: TimeoutTypes) -> Transcription:
        upload = _Upload(request.content())
        message = self._http.build_request(
            "POST", request.url, content=upload, headers=request.headers, timeout=timeout
        )
        try:
            response = self._http.send(message, stream=True)
            try:
                response.read()
            finally:
                response.close()
        except httpx.DecodingError:
            raise _undecodable(response) from None
        except httpx.TransportError as error:
            raise _transport_error(error, request.url, upload.sent) from _chained(error)
        return _handle(response, request)

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
            attempt = 0
            while True:
                attempt += 1
                try:
                    listing.add(self._get(listing, params, timeout))
                    break
                except OpenRouterSTTError as error:
                    sleep(policy.wait_or_raise(attempt, error))
        return listing.models

    def _get(
        self, listing: ModelListing, params: dict[str, str], timeout: TimeoutTypes
    ) -> httpx.Response:
        message = self._http.build_request(
            "GET", listing.url, params=params, headers=listing.headers, timeout=timeout
        )
        try:
            response: httpx.Response = self._http.send(message, stream=True)
            try:
                response.read()
            finally:
                response.close()
        except httpx.DecodingError:
            raise _undecodable(response) from None
        except httpx.TransportError as error:
            # A GET changes nothing: retried even when it failed after being sent.
            raise _transport_error(error, listing.url, False) from _chained(error)
        return response

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(_BaseClient):
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
        """Transcribe ``audio``; see ``Client.transcribe``."""
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
        if split == "never" or isinstance(audio, (bytes, bytearray, memoryview)):
            plan = plan_for()  # nothing to read, or only a header in memory
        else:
            plan = await anyio.to_thread.run_sync(plan_for, abandon_on_cancel=True)
        if plan is not None:
            return await _long.arun(
                plan,
                lambda piece: self.transcribe(
                    piece.data,
                    format=piece.format,
                    split="never",
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
                ),
                model,
                progress,
            )
        prepare = functools.partial(
            self._prepare,
            audio,
            max_retries=max_retries,
            timeout=timeout,
            model=model,
            format=format,
            language=language,
            temperature=temperature,
            provider_options=provider_options,
            response_format=response_format,
            timestamp_granularities=timestamp_granularities,
            upload=upload,
            extra_body=extra_body,
            extra_headers=extra_headers,
        )
        if isinstance(audio, (bytes, bytearray, memoryview)):
            request, policy, timeout = prepare()  # in memory: nothing to wait for
        else:
            # A path, a file or a pipe: sniffing reads from it (up to a whole small file,
            # or until a quiet pipe speaks), which must not stall the event loop.
            request, policy, timeout = await anyio.to_thread.run_sync(
                prepare, abandon_on_cancel=True
            )
        attempt = 0
        try:
            while True:
                attempt += 1
                try:
                    return await self._send(request, timeout)
                except OpenRouterSTTError as error:
                    await asleep(policy.wait_or_raise(attempt, error))
        except APIStatusError as error:
            _long.explain_limit(error)
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
        try:
            response = await self._http.send(message, stream=True)
            try:
                await response.aread()
            finally:
                await response.aclose()
        except httpx.DecodingError:
            raise _undecodable(response) from None
        except httpx.TransportError as error:
            raise _transport_error(error, request.url, upload.sent) from _chained(error)
        return _handle(response, request)

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
            attempt = 0
            while True:
                attempt += 1
                try:
                    listing.add(await self._get(listing, params, timeout))
                    break
                except OpenRouterSTTError as error:
                    await asleep(policy.wait_or_raise(attempt, error))
        return listing.models

    async def _get(
        self, listing: ModelListing, params: dict[str, str], timeout: TimeoutTypes
    ) -> httpx.Response:
        message = self._http.build_request(
            "GET", listing.url, params=params, headers=listing.headers, timeout=timeout
        )
        try:
            response: httpx.Response = await self._http.send(message, stream=True)
            try:
                await response.aread()
            finally:
                await response.aclose()
        except httpx.DecodingError:
            raise _undecodable(response) from None
        except httpx.TransportError as error:
            # A GET changes nothing: retried even when it failed after being sent.
            raise _transport_error(error, listing.url, False) from _chained(error)
        return response

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
