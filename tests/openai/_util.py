"""Helpers for the OpenAI-compatible client's tests."""

from __future__ import annotations

import json
from typing import Any

import anyio
from local_server import Reply

from openrouter_stt import AsyncOpenAIClient, OpenAIClient, Transcription

#: Shaped like an OpenAI key, so that a leak of it is easy to grep for.
KEY = "sk-proj-" + "0123456789abcdef" * 2
CLIENT_KINDS = ("sync", "async")


def json_reply(body: Any, status: int = 200, **headers: str) -> Reply:
    return Reply(status, json.dumps(body).encode(), {"Content-Type": "application/json", **headers})


def text_reply(body: str) -> Reply:
    return Reply(200, body.encode(), {"Content-Type": "text/plain; charset=utf-8"})


def openai_error(status: int, message: str, code: str | None = None, **headers: str) -> Reply:
    body = {
        "error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}
    }
    return json_reply(body, status, **headers)


def call(
    kind: str,
    base_url: str,
    method: str,
    audio: Any,
    *,
    client_options: dict[str, Any] | None = None,
    **options: Any,
) -> Transcription:
    """``transcribe`` or ``translate`` (``method``) through a fresh sync or async client."""
    settings = {"api_key": KEY, "max_retries": 0, **(client_options or {})}
    if kind == "sync":
        with OpenAIClient(base_url=base_url, **settings) as client:
            result: Transcription = getattr(client, method)(audio, **options)
            return result

    async def run() -> Transcription:
        async with AsyncOpenAIClient(base_url=base_url, **settings) as client:
            result: Transcription = await getattr(client, method)(audio, **options)
            return result

    return anyio.run(run)
