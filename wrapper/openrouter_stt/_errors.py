"""Every error openrouter_stt raises, and how an HTTP error response becomes one.

    OpenRouterSTTError
    ├── ConfigurationError         a key over plain http, bad arguments
    │   └── MissingAPIKeyError
    ├── AudioError                 the audio cannot be sent as it is (nothing was sent)
    │   ├── AudioSourceError       missing path, a directory, unreadable file
    │   ├── EmptyAudioError
    │   ├── AudioTooLargeError
    │   ├── UnsupportedFormatError
    │   └── FormatMismatchError
    ├── APIConnectionError         could not connect, or the connection dropped
    │   └── APITimeoutError
    ├── APIResponseError           a 2xx response that cannot be understood
    └── APIStatusError             any other status; one subclass per status users meet
        ├── BadRequestError, AuthenticationError, PaymentRequiredError,
        │   PermissionDeniedError, NotFoundError, RequestTimeoutError,
        │   RequestTooLargeError, RateLimitError             (4xx)
        └── ServerError            every 5xx: one ``except`` catches them all
            └── InternalServerError, BadGatewayError, ServiceUnavailableError,
                GatewayTimeoutError, EdgeTimeoutError, ProviderOverloadedError

Error bodies are parsed tolerantly: upstream, its providers and the proxies in
front of them send the documented JSON, ZodError dumps, bare strings, HTML or
nothing at all, and every one of them must end up as a readable ``message``.
"""

from __future__ import annotations

import html
import json
import re
import time
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any

import httpx

__all__ = [
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AudioError",
    "AudioSourceError",
    "AudioTooLargeError",
    "AuthenticationError",
    "BadGatewayError",
    "BadRequestError",
    "ConfigurationError",
    "EdgeTimeoutError",
    "EmptyAudioError",
    "FormatMismatchError",
    "GatewayTimeoutError",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "OpenRouterSTTError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "ProviderOverloadedError",
    "RateLimitError",
    "RequestTimeoutError",
    "RequestTooLargeError",
    "ServerError",
    "ServiceUnavailableError",
    "UnsupportedFormatError",
    "error_from_response",
]


class OpenRouterSTTError(Exception):
    """Base of everything this package raises."""

    #: How many requests were made before this error was raised (0: none was sent).
    attempts: int = 0


class ConfigurationError(OpenRouterSTTError, ValueError):
    """The client or the call was given something it cannot use; nothing was sent."""


class MissingAPIKeyError(ConfigurationError):
    """No API key was given, nor found in OPENROUTER_API_KEY."""


class AudioError(OpenRouterSTTError, ValueError):
    """The audio cannot be sent as it is; nothing was sent."""


class AudioSourceError(AudioError):
    """A path that does not exist, is a directory, or cannot be read."""


class EmptyAudioError(AudioError):
    """The audio has no bytes."""


class AudioTooLargeError(AudioError):
    """The audio is larger than the client's ``max_audio_bytes``."""


class UnsupportedFormatError(AudioError):
    """The container could not be recognised, or is one the endpoint does not accept."""


class FormatMismatchError(AudioError):
    """``format=`` names one container, the bytes are another."""


class APIConnectionError(OpenRouterSTTError):
    """The request did not get a response: connecting failed or the connection dropped."""

    #: True when the whole request had been sent before the connection failed: the API
    #: may have transcribed (and billed) it. Such errors are retried only when the client
    #: was made with ``retry_after_upload=True``.
    request_sent: bool = False


class APITimeoutError(APIConnectionError):
    """Connecting, sending or waiting for the response took longer than the timeout."""


class APIResponseError(OpenRouterSTTError):
    """A successful status whose body is not the transcription the API documents."""

    def __init__(self, message: str, *, status_code: int, body: str) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.body = body

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self.__dict__))


def _rebuild(cls: type[Exception], message: str, state: dict[str, Any]) -> Exception:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


def request_id(headers: httpx.Headers) -> str | None:
    """The id to quote to OpenRouter support, from whichever header carried it."""
    for name in ("x-request-id", "x-openrouter-request-id", "cf-ray"):
        value: str | None = headers.get(name)
        if value:
            return value
    return None


class APIStatusError(OpenRouterSTTError):
    """The API answered with an error status (4xx, 5xx; an unfollowed 3xx too)."""

    hint: str | None = None

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: int | str | None = None,
        metadata: dict[str, Any] | None = None,
        body: str = "",
        headers: httpx.Headers | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.code = code
        self.metadata = metadata
        self.body = body
        self.headers = headers if headers is not None else httpx.Headers()
        self.retry_after = retry_after

    @property
    def request_id(self) -> str | None:
        return request_id(self.headers)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments defeat Exception's default pickling (process pools).
        return (_rebuild, (type(self), self.message, self.__dict__))

    def __str__(self) -> str:
        text = f"{self.status_code} {' '.join(self.message.split())}"
        if self.hint:
            text += f" ({self.hint})"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r})"


class BadRequestError(APIStatusError):
    hint = "check the request fields; input_audio.format must match the audio bytes"


class AuthenticationError(APIStatusError):
    hint = "check the API key (OPENROUTER_API_KEY)"


class PaymentRequiredError(APIStatusError):
    hint = "add credits at https://openrouter.ai/credits"


class PermissionDeniedError(APIStatusError):
    hint = "the key is valid but may not do this: check its permissions and limits"


class NotFoundError(APIStatusError):
    hint = "check base_url and the model slug; `openrouter-stt models` lists the slugs"


class RequestTimeoutError(APIStatusError):
    hint = "the request was not sent in time; retry, on a faster or steadier connection"


class RequestTooLargeError(APIStatusError):
    hint = (
        "the request is too large: send a compressed format (mp3, m4a, ogg) instead of "
        "wav or flac, or split long audio into shorter clips"
    )


class RateLimitError(APIStatusError):
    hint = "rate limited: slow down or retry later"


class ServerError(APIStatusError):
    """Any 5xx: the API or the provider behind it failed, not the request.

    Statuses without a class of their own (501, 520, ...) raise this one.
    """


class InternalServerError(ServerError):
    pass


class BadGatewayError(ServerError):
    hint = "the provider failed; retry, or pick another provider or model"


class ServiceUnavailableError(ServerError):
    pass


#: Why a 504 or 524 is not retried by default (see _retry.STILL_WORKING_STATUSES).
_STILL_WORKING = (
    "the provider may still finish, and bill, it, so it was retried only with "
    "retry_after_upload=True; send a shorter clip, or retry"
)


class GatewayTimeoutError(ServerError):
    hint = f"a gateway timed out waiting for the provider; {_STILL_WORKING}"


class EdgeTimeoutError(ServerError):
    hint = f"the provider took too long; {_STILL_WORKING}"


class ProviderOverloadedError(ServerError):
    hint = "the provider is overloaded; retry later"


#: The one status -> exception table, for every operation. Any other 5xx raises
#: ServerError, any other status APIStatusError itself.
STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    408: RequestTimeoutError,
    413: RequestTooLargeError,
    429: RateLimitError,
    500: InternalServerError,
    502: BadGatewayError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
    524: EdgeTimeoutError,
    529: ProviderOverloadedError,
}

#: A 404 whose message names a model (a mistyped or retired slug) says how to list them.
_MODEL_NOT_FOUND = re.compile(r"\bmodels?\b|\bslug\b|no endpoints? found", re.IGNORECASE)
_MODEL_HINT = (
    "check the model slug: `openrouter-stt models` lists the full slugs, "
    "e.g. openai/whisper-large-v3"
)

_MAX_MESSAGE = 500


def error_from_response(status_code: int, headers: httpx.Headers, body: str) -> APIStatusError:
    """Build the exception for a non-2xx response, whatever its body looks like."""
    code, message, metadata = _parse_error_body(body)
    default = ServerError if 500 <= status_code <= 599 else APIStatusError
    cls = STATUS_ERRORS.get(status_code, default)
    error = cls(
        message or _reason(status_code),
        status_code=status_code,
        code=code,
        metadata=metadata,
        body=body,
        headers=headers,
        retry_after=parse_retry_after(headers),
    )
    if cls is NotFoundError and _MODEL_NOT_FOUND.search(message):
        error.hint = _MODEL_HINT
    if cls is PaymentRequiredError and "openrouter.ai/credits" in message:
        error.hint = None  # the API's own message already says where to add credits
    return error


def _parse_error_body(body: str) -> tuple[int | str | None, str, dict[str, Any] | None]:
    """(code, message, metadata) from any error body; never raises."""
    try:
        payload = json.loads(body)
    except ValueError:
        return None, _summarise_text(body), None
    if not isinstance(payload, dict):
        return None, _clip(json.dumps(payload)), None
    error = payload.get("error")
    if isinstance(error, str):
        return None, _clip(error), None
    if not isinstance(error, dict):
        message = payload.get("message") or payload.get("detail") or json.dumps(payload)
        return None, _clip(str(message)), None
    code = error.get("code")
    if not isinstance(code, (int, str)) or isinstance(code, bool):
        code = None
    message = error.get("message")
    if error.get("name") == "ZodError" and isinstance(message, str):
        message = _zod_issues(message)
    metadata = error.get("metadata")
    return (
        code,
        _clip(str(message)) if message is not None else "",
        (metadata if isinstance(metadata, dict) else None),
    )


def _zod_issues(message: str) -> str:
    """A ZodError's JSON list of issues as ``path: message`` lines."""
    try:
        issues = json.loads(message)
    except ValueError:
        return message
    if not isinstance(issues, list):
        return message
    lines = []
    for issue in issues:
        if not isinstance(issue, dict):
            continue
        path = issue.get("path")
        where = ".".join(str(part) for part in path) if isinstance(path, list) and path else "body"
        lines.append(f"{where}: {issue.get('message', 'invalid')}")
    return "; ".join(lines) or message


_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _summarise_text(body: str) -> str:
    """One line from a non-JSON body: an HTML page's title, or its first text."""
    if "<" in body and ">" in body:
        title = _TITLE.search(body)
        body = html.unescape(title.group(1) if title else _TAG.sub(" ", body))
    return _clip(" ".join(body.split()))


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or ``Retry-After``), if any."""
    if (millis := headers.get("retry-after-ms")) is not None:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None
