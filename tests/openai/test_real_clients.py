"""Clients this package did not write, against what this package ships: the openai SDK
against the OpenAI mock, and seed 004's curl and `requests` examples (OneRouter's
documentation) against a local server that records what a server would check; then
this package's own client sending what those examples send."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import openai
import pytest
import requests
import srt
from _util import KEY, json_reply
from audio_samples import make_audio
from local_server import ScriptedServer

from openrouter_stt import OpenAIClient
from openrouter_stt.mock import MockServer

# The openai SDK marks audio.translations deprecated (it still sends them); users call it.
pytestmark = pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning")

MP3 = make_audio("mp3", seconds=1.0)
ONEROUTER_ANSWER = {"text": "Hello, my name is Wolfgang and I come from Germany."}


@pytest.fixture
def sdk(openai_mock: MockServer) -> openai.OpenAI:
    return openai.OpenAI(api_key=KEY, base_url=openai_mock.base_url, max_retries=0)


def test_sdk_transcriptions_json_text_srt_and_verbose_json(
    sdk: openai.OpenAI, openai_mock: MockServer
) -> None:
    plain = sdk.audio.transcriptions.create(model="whisper-1", file=("speech.mp3", MP3))
    assert plain.text
    text = sdk.audio.transcriptions.create(
        model="whisper-1",
        file=("speech.mp3", MP3),
        response_format="text",
        extra_headers=openai_mock.headers(example="text"),
    )
    assert isinstance(text, str) and text.strip()
    subrip = sdk.audio.transcriptions.create(
        model="whisper-1",
        file=("speech.mp3", MP3),
        response_format="srt",
        extra_headers=openai_mock.headers(example="srt"),
    )
    assert isinstance(subrip, str) and list(srt.parse(subrip))
    verbose = sdk.audio.transcriptions.create(
        model="whisper-1",
        file=("speech.mp3", MP3),
        response_format="verbose_json",
        timestamp_granularities=["segment"],
        extra_headers=openai_mock.headers(example="verbose_json"),
    )
    assert verbose.segments and verbose.duration > 0


def test_sdk_translations_json_text_srt_and_verbose_json(
    sdk: openai.OpenAI, openai_mock: MockServer
) -> None:
    assert sdk.audio.translations.create(model="whisper-1", file=("speech.mp3", MP3)).text
    for fmt in ("text", "srt"):
        answer = sdk.audio.translations.create(
            model="whisper-1",
            file=("speech.mp3", MP3),
            response_format=fmt,
            extra_headers=openai_mock.headers(example=fmt),
        )
        assert isinstance(answer, str) and answer.strip()
    verbose = sdk.audio.translations.create(
        model="whisper-1",
        file=("speech.mp3", MP3),
        response_format="verbose_json",
        extra_headers=openai_mock.headers(example="verbose_json"),
    )
    assert verbose.text


def test_sdk_gets_a_429_as_rate_limit_error(sdk: openai.OpenAI, openai_mock: MockServer) -> None:
    with pytest.raises(openai.RateLimitError) as raised:
        sdk.audio.translations.create(
            model="whisper-1", file=("speech.mp3", MP3), extra_headers=openai_mock.headers(code=429)
        )
    assert raised.value.status_code == 429


def test_this_package_and_the_sdk_read_the_mock_alike(
    sdk: openai.OpenAI, openai_mock: MockServer
) -> None:
    ours = OpenAIClient(api_key=KEY, base_url=openai_mock.base_url, max_retries=0)
    for fmt in ("text", "srt", "vtt"):
        headers = openai_mock.headers(example=fmt)
        theirs = sdk.audio.transcriptions.create(
            model="whisper-1", file=("speech.mp3", MP3), response_format=fmt, extra_headers=headers
        )
        mine = ours.transcribe(MP3, response_format=fmt, extra_headers=headers)
        assert mine.body == theirs


# -- seed 004: OneRouter's examples -----------------------------------------------------

SEED_FIELDS = {
    "model": "whisper-1",
    "prompt": "loudly",
    "response_format": "json",
    "temperature": 0.8,
}


def _seen(server: ScriptedServer) -> tuple[str, str, dict[str, bytes]]:
    request = server.requests[-1]
    form = {name: content for name, filename, content in request.form() if filename is None}
    return request.path, request.headers["authorization"], form


def _file_part(server: ScriptedServer) -> tuple[str | None, bytes]:
    ((filename, content),) = [(f, c) for n, f, c in server.requests[-1].form() if n == "file"]
    return filename, content


@pytest.mark.parametrize("operation", ["translations", "transcriptions"])
def test_seed_requests_example(tmp_path: Path, operation: str) -> None:
    audio = tmp_path / "tts-output.mp3"
    audio.write_bytes(MP3)
    with ScriptedServer(json_reply(ONEROUTER_ANSWER)) as server:
        # As the seed writes it, the key read from the environment and sent raw.
        with audio.open("rb") as f:
            files = {"file": ("tts-output.mp3", f, "audio/mpeg")}
            headers = {"Authorization": KEY}
            response = requests.post(
                f"{server.url}/v1/audio/{operation}",
                headers=headers,
                files=files,
                data=SEED_FIELDS,
                timeout=10,
            )
        response.raise_for_status()
        assert response.json() == ONEROUTER_ANSWER
        path, authorization, form = _seen(server)
        assert (path, authorization) == (f"/v1/audio/{operation}", KEY)
        assert form == {k: str(v).encode() for k, v in SEED_FIELDS.items()}
        assert _file_part(server) == ("tts-output.mp3", MP3)

        # The same request from this package (the README's example).
        with OpenAIClient(api_key=KEY, base_url=f"{server.url}/v1", auth="raw") as client:
            call = client.translate if operation == "translations" else client.transcribe
            result: Any = call(audio, prompt="loudly", response_format="json", temperature=0.8)
        assert result.text == ONEROUTER_ANSWER["text"]
        assert _seen(server) == (path, authorization, form)
        assert _file_part(server) == ("audio.mp3", MP3)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed on this machine")
@pytest.mark.parametrize("operation", ["translations", "transcriptions"])
def test_seed_curl_example(tmp_path: Path, operation: str) -> None:
    audio = tmp_path / "speech.m4a"
    audio.write_bytes(make_audio("m4a"))
    with ScriptedServer(json_reply(ONEROUTER_ANSWER)) as server:
        # The seed's transcription example names /v1/speech/transcriptions, where every
        # other example (and OneRouter's API) has /v1/audio/transcriptions: the latter.
        done = subprocess.run(
            [
                "curl",
                "--silent",
                "--show-error",
                "--fail",
                f"{server.url}/v1/audio/{operation}",
                "-H",
                "Content-Type: multipart/form-data",
                "-H",
                f"Authorization: {KEY}",
                "--form",
                f"file=@{audio}",
                "--form",
                'model="whisper-1"',
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        path, authorization, form = _seen(server)
        assert (path, authorization, form) == (
            f"/v1/audio/{operation}",
            KEY,
            {"model": b"whisper-1"},
        )
        assert _file_part(server) == ("speech.m4a", audio.read_bytes())

        with OpenAIClient(api_key=KEY, base_url=f"{server.url}/v1", auth="raw") as client:
            call = client.translate if operation == "translations" else client.transcribe
            call(audio)
        assert _seen(server) == (path, authorization, form)
        assert _file_part(server)[1] == audio.read_bytes()
