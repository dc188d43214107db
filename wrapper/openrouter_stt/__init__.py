"""openrouter-stt: transcribe audio with OpenRouter's speech-to-text endpoint.

    from openrouter_stt import Client

    with Client() as client:                      # key from OPENROUTER_API_KEY
        t = client.transcribe("meeting.m4a")      # container sniffed from the bytes
        print(t.text, t.usage.cost if t.usage else None)

Where things live: ``_client`` (Client, AsyncClient), ``_base_client`` (what they
share: configuration, responses and transport errors to results), ``_request`` (validation and
the streamed body), ``_options`` (response_format, timestamps, extra_body, upload),
``_multipart`` (the multipart framing), ``_audio`` (inputs), ``_sniff`` (detect_format,
FORMATS, AUDIO_EXTENSIONS), ``_errors`` (every exception, status table), ``_retry``
(backoff), ``_types`` (Transcription, Segment, Word, Usage, Chunk), ``_captions`` (SRT,
WebVTT, text), ``_models`` (Model, list_models' pages), ``_plan`` (whether and how a long
recording goes in pieces), ``_orchestrate`` (sending the pieces, one scheduler for both
clients: ChunkError, SplitInterrupted), ``_split`` (cutting it at silences with PyAV),
``_stitch`` (one Transcription from the pieces), ``mock`` (the bundled Prism mock),
``_openai_client`` (OpenAIClient, AsyncOpenAIClient: OpenAI-compatible servers),
``_openai`` (that backend's auth, form fields, answers and error hints), ``_stream``
(streamed transcripts), ``_subtitles`` (SRT/WebVTT answers read into segments), ``_io``
(the clients' network edge), ``_secret`` (the API key, kept out of reprs and tracebacks),
``_contract`` (what the vendored specs offer, read from the generated clients), ``cli``
(the ``openrouter-stt`` command), ``_batch`` (its batches and results file), ``_records``
(the records it writes), ``_estimate`` (cost before a batch), ``_signals`` (hang-up and
termination as an orderly exit) and ``_progress`` (its progress bars).
"""

import sys as _sys

if "httpx" not in _sys.modules:
    # httpx imports its own command line (click, rich, pygments) whenever those are installed,
    # as they are next to this package's typer command, which doubles httpx's import time
    # (encode/httpx#3547). A library import needs none of it: httpx.main stays httpx's
    # "install httpx[cli]" stand-in in this process only; the `httpx` command is untouched.
    _sys.modules["httpx._main"] = None  # type: ignore[assignment]  # None: "not importable"
    try:
        import httpx  # noqa: F401
    finally:
        del _sys.modules["httpx._main"]

from ._audio import AUDIO_EXTENSIONS, FORMATS, detect_format
from ._client import AsyncClient, Client
from ._errors import (
    STATUS_ERRORS,
    APIConnectionError,
    APIResponseError,
    APIStatusError,
    APITimeoutError,
    AudioError,
    AudioSourceError,
    AudioTooLargeError,
    AuthenticationError,
    BadGatewayError,
    BadRequestError,
    ConfigurationError,
    EdgeTimeoutError,
    EmptyAudioError,
    FormatMismatchError,
    GatewayTimeoutError,
    InternalServerError,
    MissingAPIKeyError,
    NotFoundError,
    OpenRouterSTTError,
    PaymentRequiredError,
    PermissionDeniedError,
    ProviderOverloadedError,
    RateLimitError,
    RequestTimeoutError,
    RequestTooLargeError,
    ServerError,
    ServiceUnavailableError,
    UnsupportedFormatError,
)
from ._long import ChunkError, SplitInterrupted, SplitProgress
from ._models import DEFAULT_OUTPUT_MODALITIES, Model
from ._multipart import MULTIPART_MAX_BYTES
from ._openai_client import AsyncOpenAIClient, OpenAIClient
from ._request import DEFAULT_BASE_URL, DEFAULT_MAX_AUDIO_BYTES, DEFAULT_MODEL, DEFAULT_TIMEOUT
from ._retry import RETRYABLE_STATUSES, no_retry_waits
from ._stream import AsyncTranscriptionStream, TranscriptionStream
from ._types import Chunk, Segment, Transcription, Usage, Word
from ._version import __version__

__all__ = [
    "AUDIO_EXTENSIONS",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_AUDIO_BYTES",
    "DEFAULT_MODEL",
    "DEFAULT_OUTPUT_MODALITIES",
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "MULTIPART_MAX_BYTES",
    "RETRYABLE_STATUSES",
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AsyncOpenAIClient",
    "AsyncTranscriptionStream",
    "AudioError",
    "AudioSourceError",
    "AudioTooLargeError",
    "AuthenticationError",
    "BadGatewayError",
    "BadRequestError",
    "Chunk",
    "ChunkError",
    "Client",
    "ConfigurationError",
    "EdgeTimeoutError",
    "EmptyAudioError",
    "FormatMismatchError",
    "GatewayTimeoutError",
    "InternalServerError",
    "MissingAPIKeyError",
    "Model",
    "NotFoundError",
    "OpenAIClient",
    "OpenRouterSTTError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "ProviderOverloadedError",
    "RateLimitError",
    "RequestTimeoutError",
    "RequestTooLargeError",
    "Segment",
    "ServerError",
    "ServiceUnavailableError",
    "SplitInterrupted",
    "SplitProgress",
    "Transcription",
    "TranscriptionStream",
    "UnsupportedFormatError",
    "Usage",
    "Word",
    "__version__",
    "detect_format",
    "no_retry_waits",
]
