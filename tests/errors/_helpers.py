"""What the errors suite shares: a realistic key, a real clip, error bodies, clients."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from audio_samples import make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import Client, OpenRouterSTTError

#: Shaped like a real OpenRouter key, so a leak is easy to spot in any text.
KEY = "sk-or-v1-" + "0123456789abcdef" * 2
#: A quarter second of real WAV: small, and needs no PyAV.
AUDIO = make_audio("wav")
JSON = {"Content-Type": "application/json"}


def error_body(
    code: int | str | None, message: str, metadata: Any = None, **top_level: Any
) -> bytes:
    """The documented error body, ``{"error": {"code", "message", "metadata"}, ...}``;
    ``code=None`` leaves the code out, ``top_level`` adds ``user_id`` and the like."""
    error: dict[str, Any] = {"message": message}
    if code is not None:
        error["code"] = code
    if metadata is not None:
        error["metadata"] = metadata
    return json.dumps({"error": error, **top_level}).encode()


def fail_now(status: int, **headers: str) -> Reply:
    """A documented error reply that asks for an immediate retry (``Retry-After: 0``)."""
    return Reply(
        status, error_body(status, f"error {status}"), {**JSON, "Retry-After": "0", **headers}
    )


class Server(ScriptedServer):
    """ScriptedServer, with a shutdown that takes milliseconds: the base class runs
    ``serve_forever`` with its default 0.5 s poll, and every ``with`` block pays it."""

    def __init__(self, *script: Reply) -> None:
        super().__init__(*script)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )


def client(server: ScriptedServer, **options: Any) -> Client:
    return Client(api_key=KEY, base_url=server.url, **options)


def raised(call: Callable[[], Any], expected: type[BaseException] = OpenRouterSTTError) -> Any:
    """The exception ``call`` raises, which must be an ``expected``."""
    with pytest.raises(expected) as info:
        call()
    return info.value


class Stopwatch:
    def __enter__(self) -> Stopwatch:
        self.start = time.monotonic()
        self.elapsed = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.elapsed = time.monotonic() - self.start
