"""``OpenAIClient`` and ``AsyncOpenAIClient``: transcriptions and translations from any
OpenAI-compatible server (OpenAI, OneRouter, Groq, a local whisper server), through the
same audio handling, splitting, stitching, captions, retries and errors as ``Client``.

Classes of their own rather than an ``api=`` switch on ``Client``: the two APIs take
different options (``prompt``, ``include`` and ``translate()`` here; provider options,
the JSON body and the model list there), so each signature names only what its server
understands, and a type checker catches an option sent to the wrong one.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any, Literal, TypedDict, Unpack, overload

import anyio.to_thread
import attrs
import httpx
from httpx_sse import EventSource

from . import _long, _openai
from ._base_client import (
    _UNSET,
    TimeoutTypes,
    _BaseClient,
    _chained,
    _check_retries,
    _check_timeout,
    _transport_error,
    _undecodable,
    _Upload,
)
from ._errors import APIStatusError, ConfigurationError
from ._io import AsyncIO, SyncIO
from ._openai import TRANSCRIBE, TRANSLATE, Auth, OpenAIRequest, Operation
from ._request import DEFAULT_MAX_AUDIO_BYTES, SMALL_BODY
from ._retry import RetryPolicy, aretrying, retrying
from ._secret import Secret
from ._stream import AsyncTranscriptionStream, StreamReader, TranscriptionStream, whole_answer
from ._types import Transcription

TranscriptionFormat = Literal["json", "text", "srt", "vtt", "verbose_json", "diarized_json"]
TranslationFormat = Literal["json", "text", "srt", "vtt", "verbose_json"]


class _CallOptions(TypedDict, total=False):
    """What ``transcribe`` and ``translate`` both take besides the audio."""

    model: str  # default "whisper-1"
    prompt: str
    temperature: float
    format: str  # the container, when the bytes should not be sniffed
    extra_body: Mapping[str, Any]
    extra_headers: Mapping[str, str]
    max_retries: int
    timeout: TimeoutTypes
    split: Literal["auto", "never"] | float  # default "auto"
    max_chunk_seconds: float
    max_chunk_bytes: int
    max_concurrency: int
    progress: _long.ProgressCallback


class TranslateOptions(_CallOptions, total=False):
    response_format: TranslationFormat


class TranscribeOptions(_CallOptions, total=False):
    response_format: TranscriptionFormat
    language: str
    languages: Sequence[str]
    keywords: Sequence[str]
    include: Sequence[Literal["logprobs"]]
    timestamp_granularities: Sequence[Literal["word", "segment"]]
    chunking_strategy: Literal["auto"] | Mapping[str, Any]
    known_speaker_names: Sequence[str]
    #: Samples of each named speaker: data URLs, or any audio input (path, bytes, file).
    known_speaker_references: Sequence[Any]


#: What a call needs before its first attempt: the request, its retries, its timeout.
_Prepared = tuple[OpenAIRequest, RetryPolicy, TimeoutTypes]

#: Options that shape the call, not the request's fields.
_CALL_ONLY = ("format", "extra_body", "extra_headers", "max_retries", "timeout")
_SPLIT_ONLY = ("split", "max_chunk_seconds", "max_chunk_bytes", "max_concurrency", "progress")


class _OpenAIBase(_BaseClient):
    """Configuration and everything before the first byte, for both clients."""

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        auth: Auth = "bearer",
        timeout: TimeoutTypes = _UNSET,
        max_retries: int = 2,
        retry_after_upload: bool = False,
        max_audio_bytes: int = DEFAULT_MAX_AUDIO_BYTES,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        max_chunk_seconds: float = _long.DEFAULT_MAX_CHUNK_SECONDS,
        max_chunk_bytes: int | None = None,
        max_concurrency: int = _long.DEFAULT_MAX_CONCURRENCY,
    ) -> None:
        key = Secret(api_key)  # held wrapped: a traceback's locals never show it
        del api_key
        self._init_shared(
            lambda: _openai.resolve_config(
                api_key=key, base_url=base_url, auth=auth, max_audio_bytes=max_audio_bytes
            ),
            timeout=timeout,
            max_retries=max_retries,
            retry_after_upload=retry_after_upload,
            http_client=http_client,
            upload="multipart",  # the only body this API takes
            max_chunk_seconds=max_chunk_seconds,
            max_chunk_bytes=max_chunk_bytes,
            max_concurrency=max_concurrency,
        )

    @property
    def auth(self) -> str:
        return self._config.auth

    def _split_plan(self, audio: Any, options: Mapping[str, Any]) -> _long.Plan | None:
        return self._plan(
            audio,
            split=options.get("split", "auto"),
            format=options.get("format"),
            upload=None,
            max_chunk_seconds=options.get("max_chunk_seconds"),
            max_chunk_bytes=options.get("max_chunk_bytes"),
            max_concurrency=options.get("max_concurrency"),
        )

    def _prepare_call(
        self, operation: Operation, audio: Any, options: Mapping[str, Any]
    ) -> _Prepared:
        """The request, its retry policy and its timeout; raises before any I/O."""
        retries = options.get("max_retries")
        retries = self.max_retries if retries is None else _check_retries(retries)
        timeout = options.get("timeout", _UNSET)
        request = _openai.build_request(
            self._config,
            operation,
            audio,
            format=options.get("format"),
            fields=_fields(options),
            extra_body=options.get("extra_body"),
            extra_headers=options.get("extra_headers"),
        )
        policy = RetryPolicy(
            max_retries=retries if request.audio.replayable else 0,
            retry_after_upload=self.retry_after_upload,
        )
        return request, policy, self.timeout if timeout is _UNSET else _check_timeout(timeout)


def _fields(options: Mapping[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in options.items() if k not in _CALL_ONLY + _SPLIT_ONLY}
    return {"model": fields.pop("model", _openai.DEFAULT_MODEL), **fields}


def _checked(operation: Operation, options: Mapping[str, Any]) -> None:
    """Fields checked before the audio is planned or read: a typo costs nothing."""
    _openai.check_fields(operation, _fields(options))


def _stitched(result: Transcription, options: Mapping[str, Any]) -> Transcription:
    """A split recording's answer in the format asked for: captions are written again
    from the stitched cues (each piece's own document starts at zero)."""
    fmt = options.get("response_format")
    if fmt == "text":
        return attrs.evolve(result, body=result.text)
    if fmt in ("srt", "vtt"):
        return attrs.evolve(result, body=result.to_srt() if fmt == "srt" else result.to_vtt())
    return result


def _refuse_split_stream(plan: _long.Plan | None) -> None:
    if plan is not None:
        raise ConfigurationError(
            "stream=True sends the audio in one request, and this recording would be sent "
            "in pieces; pass split='never' to send it whole, or stream=False"
        )


def _stream_options(options: Mapping[str, Any]) -> dict[str, Any]:
    return {**options, "stream": True}


class OpenAIClient(SyncIO, _OpenAIBase):
    """Transcribes and translates audio through an OpenAI-compatible server.

    >>> with OpenAIClient(base_url="https://audio.onerouter.pro/v1", auth="raw") as client:
    ...     print(client.translate("speech.m4a").text)

    The key comes from ``api_key`` or OPENAI_API_KEY and is sent as ``Authorization:
    Bearer <key>``, or as the bare key with ``auth="raw"``; an ``Authorization`` in a
    call's ``extra_headers`` replaces it. The base URL comes from ``base_url``,
    OPENAI_BASE_URL, or is OpenAI's.

    Failed attempts are retried ``max_retries`` times: 408, 429, 500, 502, 503, 529 and
    connection errors before the whole request was sent. A 504 or 524 (a gateway stopped
    waiting; the server may still finish, and bill) and a connection lost after the
    whole request was sent are retried only with ``retry_after_upload=True``. Audio from
    a one-shot stream such as a pipe is sent once, never retried.
    """

    _http_type = httpx.Client

    @overload
    def transcribe(
        self, audio: Any, *, stream: Literal[False] = False, **options: Unpack[TranscribeOptions]
    ) -> Transcription: ...
    @overload
    def transcribe(
        self, audio: Any, *, stream: Literal[True], **options: Unpack[TranscribeOptions]
    ) -> TranscriptionStream: ...
    def transcribe(
        self, audio: Any, *, stream: bool = False, **options: Unpack[TranscribeOptions]
    ) -> Transcription | TranscriptionStream:
        """Transcribe ``audio`` (a path, bytes, a binary file, base64 text or a data URI).

        Every field of ``POST /audio/transcriptions`` is a keyword: ``model`` (default
        "whisper-1"), ``prompt``, ``response_format`` ("json", "text", "srt", "vtt",
        "verbose_json", "diarized_json"), ``language``, ``languages``, ``keywords``,
        ``temperature``, ``timestamp_granularities``, ``include``,
        ``chunking_strategy``, ``known_speaker_names``, ``known_speaker_references`` (data
        URLs, or paths, bytes or files, sent as data URLs).
        Text, SubRip and WebVTT answers are kept verbatim in ``.body``; captions are
        also read into ``segments``. ``stream=True`` returns a ``TranscriptionStream``
        of text deltas ending with the Transcription. Long recordings are split and
        stitched as ``Client.transcribe`` does (``split``, ``max_chunk_seconds``, ...).
        """
        if stream:
            return self._stream(TRANSCRIBE, audio, _stream_options(options))
        return self._call(TRANSCRIBE, audio, options)

    def translate(self, audio: Any, **options: Unpack[TranslateOptions]) -> Transcription:
        """Translate ``audio`` into English text (``POST /audio/translations``): ``model``
        (default "whisper-1"), ``prompt`` (in English), ``response_format`` ("json",
        "text", "srt", "vtt", "verbose_json"), ``temperature``; otherwise as
        ``transcribe``."""
        return self._call(TRANSLATE, audio, options)

    def _call(self, operation: Operation, audio: Any, options: Mapping[str, Any]) -> Transcription:
        _checked(operation, options)
        plan = self._split_plan(audio, options)
        if plan is not None:
            result = _long.run_blocking(
                _long.Job(plan, _fields(options)["model"], options.get("progress")),
                lambda piece: self._call(
                    operation, piece.data, {**options, "format": piece.format, "split": "never"}
                ),
            )
            return _stitched(result, options)
        request, policy, timeout = self._prepare_call(operation, audio, options)
        try:
            return retrying(policy, functools.partial(self._send, request, timeout))
        except APIStatusError as error:
            _long.explain_limit(error, request.audio.format)
            raise
        finally:
            request.audio.close()

    def _message(self, request: OpenAIRequest, timeout: TimeoutTypes) -> tuple[Any, _Upload]:
        upload = _Upload(request.content())
        message = self._http.build_request(
            "POST", request.url, content=upload, headers=request.headers, timeout=timeout
        )
        return message, upload

    def _send(self, request: OpenAIRequest, timeout: TimeoutTypes) -> Transcription:
        message, upload = self._message(request, timeout)
        return _openai.handle(self._exchange(message, request.url, lambda: upload.sent), request)

    def _stream(
        self, operation: Operation, audio: Any, options: Mapping[str, Any]
    ) -> TranscriptionStream:
        _checked(operation, options)
        _refuse_split_stream(self._split_plan(audio, options))
        request, policy, timeout = self._prepare_call(operation, audio, options)

        def start() -> httpx.Response:
            message, upload = self._message(request, timeout)
            response = self._open(message, request.url, lambda: upload.sent)
            if not response.is_success:
                raise _openai.error_for(response)
            return response

        try:
            response = retrying(policy, start)
        except BaseException:
            request.audio.close()
            raise
        return TranscriptionStream(self._events(response, request))

    def _events(
        self, response: httpx.Response, request: OpenAIRequest
    ) -> Iterator[str | Transcription]:
        try:
            if not response.headers.get("content-type", "").startswith("text/event-stream"):
                response.read()  # the server ignored stream=true and answered whole
                final = _openai.parse_answer(response, request)
                yield from whole_answer(final.text)
                yield final
                return
            reader = StreamReader(request, response.headers)
            for event in EventSource(response).iter_sse():
                if (delta := reader.feed(event.data)) is not None:
                    yield delta
            yield reader.finish()
        except httpx.DecodingError:
            raise _undecodable(response) from None
        except httpx.TransportError as error:
            raise _transport_error(error, request.url, True) from _chained(error)
        finally:
            response.close()
            request.audio.close()


class AsyncOpenAIClient(AsyncIO, _OpenAIBase):
    """``OpenAIClient`` for asyncio (or trio, through anyio); same arguments."""

    _http_type = httpx.AsyncClient

    @overload
    async def transcribe(
        self, audio: Any, *, stream: Literal[False] = False, **options: Unpack[TranscribeOptions]
    ) -> Transcription: ...
    @overload
    async def transcribe(
        self, audio: Any, *, stream: Literal[True], **options: Unpack[TranscribeOptions]
    ) -> AsyncTranscriptionStream: ...
    async def transcribe(
        self, audio: Any, *, stream: bool = False, **options: Unpack[TranscribeOptions]
    ) -> Transcription | AsyncTranscriptionStream:
        """Transcribe ``audio``; see ``OpenAIClient.transcribe``."""
        if stream:
            return await self._stream(TRANSCRIBE, audio, _stream_options(options))
        return await self._call(TRANSCRIBE, audio, options)

    async def translate(self, audio: Any, **options: Unpack[TranslateOptions]) -> Transcription:
        """Translate ``audio`` into English; see ``OpenAIClient.translate``."""
        return await self._call(TRANSLATE, audio, options)

    async def _prepared(
        self, operation: Operation, audio: Any, options: Mapping[str, Any]
    ) -> tuple[_long.Plan | None, _Prepared | None]:
        """Plan, or else prepare, in a worker thread: both may read a file or a pipe."""
        _checked(operation, options)

        def plan_or_prepare() -> tuple[_long.Plan | None, _Prepared | None]:
            plan = self._split_plan(audio, options)
            if plan is not None or options.get("stream"):
                return plan, None
            return None, self._prepare_call(operation, audio, options)

        if (
            isinstance(audio, (bytes, bytearray, memoryview))
            and memoryview(audio).nbytes <= SMALL_BODY
        ):
            return plan_or_prepare()  # small and in memory: nothing to wait for
        return await anyio.to_thread.run_sync(plan_or_prepare, abandon_on_cancel=True)

    async def _call(
        self, operation: Operation, audio: Any, options: Mapping[str, Any]
    ) -> Transcription:
        plan, prepared = await self._prepared(operation, audio, options)
        if plan is not None:
            result = await _long.Job(plan, _fields(options)["model"], options.get("progress")).run(
                lambda piece: self._call(
                    operation, piece.data, {**options, "format": piece.format, "split": "never"}
                )
            )
            return _stitched(result, options)
        assert prepared is not None
        request, policy, timeout = prepared
        try:
            return await aretrying(policy, functools.partial(self._send, request, timeout))
        except APIStatusError as error:
            _long.explain_limit(error, request.audio.format)
            raise
        finally:
            request.audio.close()

    async def _message(self, request: OpenAIRequest, timeout: TimeoutTypes) -> tuple[Any, _Upload]:
        upload = _Upload(await request.acontent())
        message = self._http.build_request(
            "POST", request.url, content=upload.aiter(), headers=request.headers, timeout=timeout
        )
        return message, upload

    async def _send(self, request: OpenAIRequest, timeout: TimeoutTypes) -> Transcription:
        message, upload = await self._message(request, timeout)
        response = await self._exchange(message, request.url, lambda: upload.sent)
        return _openai.handle(response, request)

    async def _stream(
        self, operation: Operation, audio: Any, options: Mapping[str, Any]
    ) -> AsyncTranscriptionStream:
        plan, _ = await self._prepared(operation, audio, options)
        _refuse_split_stream(plan)
        request, policy, timeout = await anyio.to_thread.run_sync(
            self._prepare_call, operation, audio, options
        )

        async def start() -> httpx.Response:
            message, upload = await self._message(request, timeout)
            response = await self._open(message, request.url, lambda: upload.sent)
            if not response.is_success:
                raise _openai.error_for(response)
            return response

        try:
            response = await aretrying(policy, start)
        except BaseException:
            request.audio.close()
            raise
        return AsyncTranscriptionStream(self._events(response, request))

    async def _events(
        self, response: httpx.Response, request: OpenAIRequest
    ) -> AsyncIterator[str | Transcription]:
        try:
            if not response.headers.get("content-type", "").startswith("text/event-stream"):
                await response.aread()
                final = _openai.parse_answer(response, request)
                for text in whole_answer(final.text):
                    yield text
                yield final
                return
            reader = StreamReader(request, response.headers)
            async for event in EventSource(response).aiter_sse():
                if (delta := reader.feed(event.data)) is not None:
                    yield delta
            yield reader.finish()
        except httpx.DecodingError:
            raise _undecodable(response) from None
        except httpx.TransportError as error:
            raise _transport_error(error, request.url, True) from _chained(error)
        finally:
            await response.aclose()
            request.audio.close()
