"""Helpers shared by the wrapper tests."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import anyio
import pytest
from local_server import ScriptedServer

from openrouter_stt import AsyncClient, AudioError, Client, Transcription

#: Shaped like a real OpenRouter key, so that a leak of it is easy to grep for.
KEY = "sk-or-v1-" + "0123456789abcdef" * 2
CLIENT_KINDS = ("sync", "async")

#: extra_headers that no operation may send: each is refused before any request.
EXTRA_HEADERS_INVALID: dict[str, Any] = {
    "non-ascii-value": {"X-Note": "Café"},
    "newline-in-value": {"X-Note": "a\r\nInjected: yes"},
    "bytes-value": {"X-Note": b"raw"},
    "int-value": {"X-Retry": 3},
    "none-value": {"X-Note": None},
    "non-ascii-name": {"X-Café": "x"},
    "colon-in-name": {"X-Note: a": "x"},
    "not-a-mapping": [("X-Note", "x")],
}


def transcribe(
    kind: str,
    base_url: str,
    audio: Any,
    *,
    client_options: Mapping[str, Any] | None = None,
    **options: Any,
) -> Transcription:
    """One transcription through a fresh ``Client`` or ``AsyncClient`` (``kind``)."""
    settings = {"api_key": KEY, "max_retries": 0, **(client_options or {})}
    if kind == "sync":
        with Client(base_url=base_url, **settings) as client:
            return client.transcribe(audio, **options)

    async def run() -> Transcription:
        async with AsyncClient(base_url=base_url, **settings) as client:
            return await client.transcribe(audio, **options)

    return anyio.run(run)


def sent_audio(server: ScriptedServer, index: int = -1) -> tuple[bytes, str]:
    """(audio bytes, format) of a request the server received, JSON or multipart."""
    return server.requests[index].audio()


class OneShotStream(io.RawIOBase):
    """A pipe-like binary stream: not seekable, and its reads come back short."""

    def __init__(self, data: bytes, step: int = 1000) -> None:
        self._data = data
        self._pos = 0
        self._step = step

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self._step, len(self._data) - self._pos)
        buffer[:n] = self._data[self._pos : self._pos + n]
        self._pos += n
        return n


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(
    server: ScriptedServer, kind: str, audio: Any, error: type[AudioError], **options: Any
) -> AudioError:
    """Transcribing ``audio`` raises ``error``, an AudioError, and nothing is sent."""
    with pytest.raises(error) as info:
        transcribe(kind, server.url, audio, **options)
    assert isinstance(info.value, AudioError)
    assert info.value.attempts == 0
    assert len(server.requests) == 0
    return info.value
