"""What ``Client`` and ``AsyncClient`` share: configuration, the upload record, how a
response or a transport error becomes a result or an exception."""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from . import _long
from ._errors import (
    APIConnectionError,
    APIResponseError,
    APITimeoutError,
    ConfigurationError,
    OpenRouterSTTError,
    error_from_response,
)
from ._models import ModelListing
from ._options import Upload, check_upload
from ._request import (
    DEFAULT_MAX_AUDIO_BYTES,
    DEFAULT_TIMEOUT,
    ClientConfig,
    TranscriptionRequest,
    build_request,
    is_finite_number,
)
from ._retry import RetryPolicy
from ._secret import Secret
from ._types import Transcription, parse_transcription

TimeoutTypes = float | httpx.Timeout | None
ResponseFormat = Literal["json", "verbose_json"]
Granularity = Literal["word", "segment"]
Split = Literal["auto", "never"] | float
#: What ``_prepare`` returns: the request, its retry policy and its timeout.
Prepared = tuple[TranscriptionRequest, RetryPolicy, TimeoutTypes]


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
        # From here on the key is held wrapped, so that a traceback's locals never show it.
        key = Secret(api_key)
        del api_key
        self._init_shared(
            lambda: ClientConfig.resolve(
                api_key=key,
                base_url=base_url,
                app_url=app_url,
                app_title=app_title,
                app_categories=app_categories,
                max_audio_bytes=max_audio_bytes,
            ),
            timeout=timeout,
            max_retries=max_retries,
            retry_after_upload=retry_after_upload,
            http_client=http_client,
            upload=upload,
            max_chunk_seconds=max_chunk_seconds,
            max_chunk_bytes=max_chunk_bytes,
            max_concurrency=max_concurrency,
        )

    def _init_shared(
        self,
        config: Callable[[], ClientConfig],
        *,
        timeout: TimeoutTypes,
        max_retries: int,
        retry_after_upload: bool,
        http_client: httpx.Client | httpx.AsyncClient | None,
        upload: Upload,
        max_chunk_seconds: float,
        max_chunk_bytes: int | None,
        max_concurrency: int,
    ) -> None:
        """What every backend's client sets up alike; ``config`` resolves the backend's
        own configuration (key, base URL, headers), checked in this order."""
        self.timeout: Any = _check_timeout(timeout)
        self.max_chunk_seconds = _long.check_chunk_seconds(max_chunk_seconds)
        self.max_chunk_bytes = _long.check_chunk_bytes(max_chunk_bytes)
        self.max_concurrency = _long.check_concurrency(max_concurrency)
        self._config = config()
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
        if timeout is _UNSET:  # a caller's http_client keeps the timeout it was made with
            self.timeout = DEFAULT_TIMEOUT if http_client is None else httpx.USE_CLIENT_DEFAULT
        self._owns_http = http_client is None
        self._http: Any = http_client or self._http_type(timeout=self.timeout)

    @property
    def base_url(self) -> str:
        return self._config.base_url

    def __repr__(self) -> str:
        # A client whose __init__ raised is still shown by tools that print locals.
        config = getattr(self, "_config", None)
        return f"{type(self).__name__}(base_url={config.base_url if config else None!r})"

    def _prepare(
        self, audio: Any, *, max_retries: int | None, timeout: TimeoutTypes, **options: Any
    ) -> Prepared:
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
        return request, policy, self.timeout if timeout is _UNSET else _check_timeout(timeout)

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
            # A GET changes nothing: retried even when the API may still be answering it.
            RetryPolicy(max_retries=retries, retry_after_upload=True),
            self.timeout if timeout is _UNSET else _check_timeout(timeout),
        )


def _check_timeout(timeout: Any) -> Any:
    """A number of seconds (> 0), an ``httpx.Timeout``, or None for no timeout."""
    if timeout is None or timeout is _UNSET or isinstance(timeout, httpx.Timeout):
        return timeout
    if is_finite_number(timeout) and timeout > 0:
        return timeout
    raise ConfigurationError(
        "timeout must be a number of seconds > 0, an httpx.Timeout, or None for no "
        f"timeout, not {timeout!r}"
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
