"""``Client`` and ``AsyncClient``: thin loops over the shared request builder,
response parser, error table and retry policy."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

import anyio
import httpx

from ._errors import (
    APIConnectionError,
    APIResponseError,
    APITimeoutError,
    ConfigurationError,
    OpenRouterSTTError,
    error_from_response,
)
from ._models import DEFAULT_OUTPUT_MODALITIES, Model, ModelListing
from ._request import (
    DEFAULT_MAX_AUDIO_BYTES,
    DEFAULT_MODEL,
    DEFAULT_TIMEOUT,
    ClientConfig,
    TranscriptionRequest,
    build_request,
)
from ._retry import RetryPolicy
from ._types import Transcription, parse_transcription

TimeoutTypes = float | httpx.Timeout | None


class _BaseClient:
    """What both clients share: configuration, validation and the request builder."""

    _http_type: type[httpx.Client] | type[httpx.AsyncClient]

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        app_url: str | None = None,
        app_title: str | None = None,
        app_categories: str | list[str] | tuple[str, ...] | None = None,
        max_audio_bytes: int = DEFAULT_MAX_AUDIO_BYTES,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
    ) -> None:
        self._config = ClientConfig.resolve(
            api_key=api_key,
            base_url=base_url,
            app_url=app_url,
            app_title=app_title,
            app_categories=app_categories,
            max_audio_bytes=max_audio_bytes,
        )
        self.timeout = timeout
        self.max_retries = _check_retries(max_retries)
        if http_client is not None and not isinstance(http_client, self._http_type):
            raise ConfigurationError(
                f"{type(self).__name__} needs an {self._http_type.__qualname__}, "
                f"not {type(http_client).__qualname__}"
            )
        self._owns_http = http_client is None
        self._http: Any = http_client or self._http_type(timeout=timeout)

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
        request = build_request(self._config, audio, **options)
        # A one-shot stream cannot be read again, so it gets exactly one attempt.
        policy = RetryPolicy(max_retries=retries if request.audio.replayable else 0)
        return request, policy, self.timeout if timeout is _UNSET else timeout

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


class _Unset:
    def __repr__(self) -> str:
        return "<client default>"


_UNSET: Any = _Unset()


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


def _connection_error(error: httpx.TransportError) -> APIConnectionError:
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"the request timed out ({type(error).__name__}); raise timeout=")
    # The class name only: some transport errors quote the request's header values.
    return APIConnectionError(f"the connection to the API failed ({type(error).__name__})")


class Client(_BaseClient):
    """Transcribes audio through OpenRouter, synchronously.

    >>> with Client() as client:                          # key from OPENROUTER_API_KEY
    ...     print(client.transcribe("meeting.m4a").text)

    Failed attempts are retried ``max_retries`` times (429, 5xx, connection errors);
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
        extra_headers: Mapping[str, str] | None = None,
        max_retries: int | None = None,
        timeout: TimeoutTypes = _UNSET,
    ) -> Transcription:
        """Transcribe ``audio``: a path, bytes, a binary file object, base64 text or a
        data URI. The container is sniffed from the bytes unless ``format`` is given."""
        request, policy, timeout = self._prepare(
            audio,
            max_retries=max_retries,
            timeout=timeout,
            model=model,
            format=format,
            language=language,
            temperature=temperature,
            provider_options=provider_options,
            extra_headers=extra_headers,
        )
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._send(request, timeout)
            except OpenRouterSTTError as error:
                time.sleep(policy.wait_or_raise(attempt, error))

    def _send(self, request: TranscriptionRequest, timeout: TimeoutTypes) -> Transcription:
        content = request.content()
        message = self._http.build_request(
            "POST", request.url, content=content, headers=request.headers, timeout=timeout
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
            raise _connection_error(error) from error
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
                    time.sleep(policy.wait_or_raise(attempt, error))
        return listing.models

    def _get(
        self, listing: ModelListing, params: dict[str, str], timeout: TimeoutTypes
    ) -> httpx.Response:
        message = self._http.build_request(
            "GET", listing.url, params=params, headers=listing.headers, timeout=timeout
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
            raise _connection_error(error) from error
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
        extra_headers: Mapping[str, str] | None = None,
        max_retries: int | None = None,
        timeout: TimeoutTypes = _UNSET,
    ) -> Transcription:
        """Transcribe ``audio``; see ``Client.transcribe``."""
        # Sniffing reads a few KiB from disk: cheap enough to stay on the loop.
        request, policy, timeout = self._prepare(
            audio,
            max_retries=max_retries,
            timeout=timeout,
            model=model,
            format=format,
            language=language,
            temperature=temperature,
            provider_options=provider_options,
            extra_headers=extra_headers,
        )
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._send(request, timeout)
            except OpenRouterSTTError as error:
                await anyio.sleep(policy.wait_or_raise(attempt, error))

    async def _send(self, request: TranscriptionRequest, timeout: TimeoutTypes) -> Transcription:
        message = self._http.build_request(
            "POST",
            request.url,
            content=request.acontent(),
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
            raise _connection_error(error) from error
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
                    await anyio.sleep(policy.wait_or_raise(attempt, error))
        return listing.models

    async def _get(
        self, listing: ModelListing, params: dict[str, str], timeout: TimeoutTypes
    ) -> httpx.Response:
        message = self._http.build_request(
            "GET", listing.url, params=params, headers=listing.headers, timeout=timeout
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
            raise _connection_error(error) from error
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
