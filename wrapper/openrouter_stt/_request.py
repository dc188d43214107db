"""Building a transcription request: the one place both clients get it from.

Everything here is checked and computed before the first byte is sent. The JSON
body is rendered by the generated ``STTRequest`` model around a placeholder for
the audio, then split there, so the streamed body is exactly that model's JSON
with the base64 audio flowing through the middle. A multipart body is framed the
same way around the raw audio, from the parts of the generated multipart model
(``_multipart``). Which of the two is sent follows ``upload`` (``_options``).
"""

from __future__ import annotations

import functools
import io
import ipaddress
import json
import logging
import math
import os
import re
import secrets
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import anyio.to_thread
import attrs
import httpx

from . import _contract, _options
from ._audio import AudioSource, open_audio
from ._errors import ConfigurationError, MissingAPIKeyError
from ._multipart import frame, limited
from ._secret import Secret
from ._version import __version__

logger = logging.getLogger("openrouter_stt")

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
DEFAULT_MODEL = "openai/whisper-large-v3"
#: Long audio takes minutes to transcribe; connecting should not take long.
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=10.0)
#: 100 MiB of audio, about 133 MiB of JSON: far past what providers accept, but a
#: cheap local guard against sending a video file or a whole podcast by mistake.
DEFAULT_MAX_AUDIO_BYTES = 100 * 1024 * 1024

# Bodies up to these sizes (base64 bytes) are sent as one bytes object, not streamed.
SMALL_BODY = 1024 * 1024
SMALL_ASYNC_BODY = 256 * 1024

# Stands in for the audio while the generated model renders the JSON; random, so it
# can never collide with text a caller passes.
_PLACEHOLDER = f"audio-{secrets.token_hex(16)}"


@attrs.frozen
class ClientConfig:
    """What every request of one client shares; validated once, at construction."""

    api_key: Secret = attrs.field(repr=False)
    base_url: str
    headers: Mapping[str, str] = attrs.field(repr=False)
    max_audio_bytes: int
    #: How the key is sent: "bearer" (``Authorization: Bearer <key>``) or "raw"
    #: (``Authorization: <key>``, as some OpenAI-compatible servers document it).
    auth: str = "bearer"

    @property
    def authorization(self) -> str:
        """The Authorization header's value; never logged, never in a message."""
        key = self.api_key.reveal()
        return key if self.auth == "raw" else f"Bearer {key}"

    @classmethod
    def resolve(
        cls,
        *,
        api_key: Secret | str | None,
        base_url: str | None,
        app_url: str | None,
        app_title: str | None,
        app_categories: str | list[str] | tuple[str, ...] | None,
        max_audio_bytes: int,
    ) -> ClientConfig:
        """The clients pass ``api_key`` wrapped (``Secret``) so that no frame of a
        traceback holds it bare; None means OPENROUTER_API_KEY."""
        key = checked_key(Secret(api_key))
        url = (base_url or os.environ.get("OPENROUTER_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        check_base_url(url)
        if not isinstance(max_audio_bytes, int) or max_audio_bytes <= 0:
            raise ConfigurationError(
                f"max_audio_bytes must be a positive int, not {max_audio_bytes!r}"
            )
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": f"openrouter-stt/{__version__}",
        }
        # Attribution headers, spelled as the official SDK sends them.
        if app_url:
            headers["HTTP-Referer"] = app_url
        if app_title:
            headers["X-OpenRouter-Title"] = app_title
        if app_categories:
            if not isinstance(app_categories, str):
                app_categories = ",".join(app_categories)
            headers["X-OpenRouter-Categories"] = app_categories
        for name, value in headers.items():
            if not (value.isascii() and value.isprintable()):
                raise ConfigurationError(
                    f"{name} must be printable ASCII (an HTTP header), not {value!r}"
                )
        # As httpx.Headers once, so that each request copies them instead of parsing them.
        return cls(key, url, httpx.Headers(headers), max_audio_bytes)


def checked_key(
    api_key: Secret,
    env: str = "OPENROUTER_API_KEY",
    where: str = "create one at https://openrouter.ai/keys",
) -> Secret:
    """The key (from ``env`` when None), stripped and checked; the bare str is never
    bound to a name here."""
    if api_key.reveal() is None:
        api_key = Secret(os.environ.get(env) or "")
    if not isinstance(api_key.reveal(), str):
        raise ConfigurationError(f"api_key must be a str, not {type(api_key.reveal()).__name__}")
    api_key = Secret(api_key.reveal().strip())
    if not api_key.reveal():
        raise MissingAPIKeyError(f"no API key: pass api_key= or set {env} ({where})")
    if not _is_header_value(api_key.reveal()) or " " in api_key.reveal():
        # Usually a stray character from copy and paste; never echo the key itself.
        raise ConfigurationError(
            "the API key contains whitespace or characters an HTTP header cannot "
            f"carry; copy it again ({where})"
        )
    return api_key


#: What RFC 9110 allows in a header name.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def _is_header_value(value: Any) -> bool:
    return isinstance(value, str) and value.isascii() and value.isprintable()


def checked_headers(extra_headers: Mapping[str, str] | None) -> Mapping[str, str]:
    """A caller's ``extra_headers``, checked before any I/O (every operation's one check):
    names and values must be printable ASCII, which is all HTTP carries."""
    if extra_headers is None:
        return {}
    if not isinstance(extra_headers, Mapping):
        raise ConfigurationError(
            f"extra_headers must map header names to str values, not {extra_headers!r}"
        )
    for name, value in extra_headers.items():
        if not (isinstance(name, str) and _TOKEN.fullmatch(name)):
            raise ConfigurationError(f"extra_headers: {name!r} is not an HTTP header name")
        if not _is_header_value(value):
            # The value itself is not shown: extra headers often carry credentials.
            raise ConfigurationError(
                f"extra_headers[{name!r}] must be a str of printable ASCII (an HTTP header "
                "value); percent-encode or drop other characters"
            )
    return extra_headers


def keyed_headers(config: ClientConfig, extra_headers: Mapping[str, str] | None) -> httpx.Headers:
    """OpenRouter's headers for one request: the client's, the caller's ``extra_headers``
    (checked), and the client's key. OpenRouter takes only ``Bearer <key>``, so an
    ``Authorization`` in ``extra_headers`` is refused rather than silently replaced."""
    caller = checked_headers(extra_headers)
    if any(name.lower() == "authorization" for name in caller):
        raise ConfigurationError(
            "extra_headers may not set Authorization: OpenRouter takes the key as "
            "'Bearer <key>' from api_key=; pass the key as api_key=, or use "
            "OpenAIClient(auth='raw') for a server that wants the raw key"
        )
    headers = httpx.Headers(config.headers)  # case-insensitive, as HTTP is
    headers.update(caller)
    headers["Authorization"] = config.authorization
    return headers


def check_base_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"base_url must be an http(s) URL, not {url!r}")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ConfigurationError(
            f"refusing to send the API key in clear text to {url}: use https, "
            "or a loopback address (127.0.0.1, localhost) for a local mock"
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@attrs.frozen
class TranscriptionRequest:
    """One transcription, ready to send as often as there are attempts."""

    url: str
    model: str
    headers: httpx.Headers = attrs.field(repr=False)
    prefix: bytes = attrs.field(repr=False)
    suffix: bytes = attrs.field(repr=False)
    audio: AudioSource
    #: "json" (base64 audio in the JSON body) or "multipart" (raw audio in a file part).
    upload: str = "json"

    @property
    def audio_bytes(self) -> int | None:
        """Bytes of audio on the wire, when known up front."""
        return self.audio.encoded_size if self.upload == "json" else self.audio.size

    def _audio_chunks(self) -> Iterator[bytes]:
        if self.upload == "json":
            return self.audio.base64_chunks()
        chunks = self.audio.raw_chunks()
        return chunks if self.audio.size is not None else limited(chunks, self.audio.name)

    def body(self) -> Iterator[bytes]:
        yield self.prefix
        yield from self._audio_chunks()
        yield self.suffix

    def content(self) -> bytes | Iterator[bytes]:
        """What the sync client sends: small bodies whole (one socket write instead
        of several, which dominates a short clip's cost), large ones streamed."""
        if self.audio_bytes is not None and self.audio_bytes <= SMALL_BODY:
            return b"".join(self.body())
        return self.body()

    async def acontent(self) -> bytes | AsyncIterator[bytes]:
        """What the async client sends: small bodies whole (encoded on the loop when in
        memory: well under a millisecond, cheaper than a thread hop; read from a file in
        a worker thread), large ones streamed."""
        if self.audio_bytes is not None and self.audio_bytes <= SMALL_ASYNC_BODY:
            if self.audio.in_memory:
                return b"".join(self.body())
            return await anyio.to_thread.run_sync(lambda: b"".join(self.body()))
        return self.abody()

    async def abody(self) -> AsyncIterator[bytes]:
        """The body for the async client: file reads and encoding run in a worker
        thread so a large upload never blocks the event loop."""
        yield self.prefix
        chunks = self._audio_chunks()
        if self.audio.in_memory:
            for chunk in chunks:
                yield chunk
        else:
            while (read := await anyio.to_thread.run_sync(next, chunks, None)) is not None:
                yield read
        yield self.suffix


def build_request(
    config: ClientConfig,
    audio: Any,
    *,
    model: str,
    format: str | None,
    language: str | None,
    temperature: float | None,
    provider_options: Mapping[str, Mapping[str, Any]] | None,
    extra_headers: Mapping[str, str] | None,
    response_format: str | None = None,
    timestamp_granularities: Any = None,
    extra_body: Mapping[str, Any] | None = None,
    upload: str = "auto",
) -> TranscriptionRequest:
    """Validate the arguments and the audio, and lay out the body; raises before any I/O
    on the network, naming what is wrong."""
    if not isinstance(model, str) or not model.strip():
        raise ConfigurationError(
            f"model must be a model slug such as {DEFAULT_MODEL!r}, not {model!r}"
        )
    if language is not None and (not isinstance(language, str) or not language.strip()):
        raise ConfigurationError(
            f"language must be an ISO-639-1 code such as 'en', or None, not {language!r}"
        )
    if temperature is not None and not is_finite_number(temperature):
        raise ConfigurationError(f"temperature must be a finite number, not {temperature!r}")
    response_format = _options.check_response_format(response_format)
    granularities = _options.check_granularities(timestamp_granularities, response_format)
    extra = _options.check_extra_body(extra_body)
    chosen = _options.check_upload(upload)
    # The options given, by the generated models' attribute names.
    options: dict[str, Any] = {"model": model}
    if language is not None:
        options["language"] = language
    if temperature is not None:
        options["temperature"] = float(temperature)
    if provider_options:
        options["provider"] = _provider_options(provider_options)
    if response_format is not None:
        options["response_format"] = response_format
    if granularities:
        options["timestamp_granularities"] = granularities
    source = open_audio(audio, format=format, max_bytes=config.max_audio_bytes)

    if extra:  # a field set here may not come from extra_body too, whichever body is sent
        parts = _multipart_parts(options, source.format) or []
        json_fields = _json_body(options, source.format)
        _options.check_collisions(extra, json_fields, (name for name, _ in parts))
    kind = _options.choose_upload(
        chosen, audio_name=source.name, audio_size=source.size, options=options, extra=extra
    )
    if kind == "json":
        prefix, suffix = _json_around_audio(options, source.format, extra)
        content_type = "application/json"
    else:
        form = _multipart_parts(options, source.format)
        assert form is not None  # choose_upload refused options the form cannot carry
        framed = frame(form, extra, source.format)
        prefix, suffix, content_type = framed.prefix, framed.suffix, framed.content_type

    headers = keyed_headers(config, extra_headers)
    headers["Content-Type"] = content_type  # the body's framing decides, not a caller
    request = TranscriptionRequest(
        url=f"{config.base_url}/audio/transcriptions",
        model=model,
        headers=headers,
        prefix=prefix,
        suffix=suffix,
        audio=source,
        upload=kind,
    )
    if request.audio_bytes is not None:
        headers["Content-Length"] = str(len(prefix) + request.audio_bytes + len(suffix))
    return request


def _json_around_audio(
    options: Mapping[str, Any], audio_format: str, extra: Mapping[str, Any]
) -> tuple[bytes, bytes]:
    """The JSON body before and after the audio: rendered through the generated
    STTRequest once per distinct set of options, then reused, since a client mostly
    sends the same options again and again."""
    try:
        key = _canonical_json([options, audio_format, extra])
    except (TypeError, ValueError):
        return _render_json(options, audio_format, extra)  # not plain JSON: refused there
    return _rendered_json(key)


_canonical_json = json.JSONEncoder(sort_keys=True, allow_nan=False).encode


@functools.lru_cache(maxsize=256)
def _rendered_json(key: str) -> tuple[bytes, bytes]:
    options, audio_format, extra = json.loads(key)
    return _render_json(options, audio_format, extra)


def _render_json(
    options: Mapping[str, Any], audio_format: str, extra: Mapping[str, Any]
) -> tuple[bytes, bytes]:
    return _render_around_placeholder({**_json_body(options, audio_format), **extra})


def _json_body(options: Mapping[str, Any], audio_format: str) -> dict[str, Any]:
    """The JSON body as the generated STTRequest renders it, the audio a placeholder."""
    from openrouter_stt_api.models import STTRequest

    values = dict(options)
    if "provider" in values:
        values["provider"] = {"options": values["provider"]}
    values["input_audio"] = {"data": _PLACEHOLDER, "format": audio_format}
    return STTRequest.from_dict(values).to_dict()


def _multipart_parts(options: Mapping[str, Any], audio_format: str) -> list[Any] | None:
    """The parts of the generated multipart model for these options (its file part
    empty: the audio is streamed), or None when the spec has no multipart request or
    its form has no field for one of the options."""
    model = _contract.model(_contract.MULTIPART_MODEL)
    if model is None or _options.form_cannot_carry(options):
        return None
    from openrouter_stt_api.types import File

    file = File(payload=io.BytesIO(), file_name=f"audio.{audio_format}")
    values = dict(options)
    if "provider" in values:  # a form field is text: the JSON body's provider object, as JSON
        values["provider"] = _json_text({"options": values["provider"]})
    parts: list[Any] = _contract.build(model, {**values, "file": file}).to_multipart()
    return parts


def is_finite_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _provider_options(options: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    from openrouter_stt_api.models import ProviderOptions

    if not isinstance(options, Mapping) or not all(
        isinstance(slug, str) and isinstance(value, Mapping) for slug, value in options.items()
    ):
        raise ConfigurationError(
            "provider_options must map a provider slug to its options, "
            "e.g. {'groq': {'prompt': 'OpenRouter, API'}}"
        )
    parsed = ProviderOptions.from_dict({slug: dict(value) for slug, value in options.items()})
    for slug in parsed.additional_properties:
        # Upstream ignores options for providers it does not know; say so, but send them.
        logger.warning("provider_options: %r is not a provider slug the API documents", slug)
    return parsed.to_dict()


def _json_text(body: Mapping[str, Any]) -> str:
    try:
        return json.dumps(body, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ConfigurationError(
            f"provider_options must hold JSON values only (str, number, bool, None, "
            f"list, dict): {error}"
        ) from None


def _render_around_placeholder(body: dict[str, Any]) -> tuple[bytes, bytes]:
    text = _json_text(body)
    before, after = text.split(_PLACEHOLDER)
    return before.encode(), after.encode()
