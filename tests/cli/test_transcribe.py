"""`openrouter-stt transcribe` on one file, `detect`, and the mock, end to end."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
from typing import Any

import pytest
from audio_samples import FORMATS, make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import DEFAULT_MODEL, Client
from openrouter_stt.mock import MockServer, free_port


def test_one_file_prints_exactly_the_transcript(cli, base_url, wav, mock_text):
    done = cli("transcribe", wav, "--base-url", base_url)

    assert done.returncode == 0, done.stderr
    assert done.stdout == mock_text["default"] + "\n"
    assert done.stderr == ""


def test_json_output_has_the_transcript_usage_and_model(cli, base_url, wav, mock_text):
    done = cli("transcribe", wav, "--base-url", base_url, "--output", "json")

    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["path"] == str(wav.resolve())
    assert record["status"] == "ok"
    assert record["text"] == mock_text["default"]
    assert record["model"] == DEFAULT_MODEL
    assert record["usage"]["kind"] == "both"
    assert record["usage"]["cost"] == pytest.approx(0.000508)


def test_mock_flag_starts_the_mock_and_needs_no_key(cli, wav, mock_text):
    done = cli("transcribe", wav, "--mock", "--output", "json", key=None)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["text"] == mock_text["default"]
    assert "Prism mock" in done.stderr


def test_options_reach_the_request_body(cli, wav):
    options = ["--model", "openai/gpt-4o-transcribe", "--language", "en", "--temperature", "0.2"]
    options += ["--upload", "json"]  # the body read below (a form may carry provider too)
    for option in ("groq.prompt=OpenRouter, API", "groq.n=3", 'openai.x={"a": [1, true]}'):
        options += ["--provider-option", option]

    with ScriptedServer(Reply()) as server:
        done = cli("transcribe", wav, "--base-url", server.url, *options)

    assert done.returncode == 0, done.stderr
    assert done.stdout == "hello\n"
    (request,) = server.requests
    body: dict[str, Any] = request.json()
    assert body["model"] == "openai/gpt-4o-transcribe"
    assert body["language"] == "en"
    assert body["temperature"] == 0.2
    assert body["input_audio"]["format"] == "wav"
    assert body["provider"]["options"] == {
        "groq": {"prompt": "OpenRouter, API", "n": 3},
        "openai": {"x": {"a": [1, True]}},
    }
    assert request.headers["Authorization"] == f"Bearer {cli.key}"


def test_detect_prints_each_files_format(cli, tmp_path):
    pytest.importorskip("av")
    for fmt in FORMATS:
        (tmp_path / f"clip.{fmt}").write_bytes(make_audio(fmt))
    phone = tmp_path / "phone.mp4"  # audio-only MP4 is sent as m4a; named explicitly
    phone.write_bytes(make_audio("mp4-isom"))

    done = cli("detect", tmp_path, phone)

    assert done.returncode == 0, done.stderr
    lines = set(done.stdout.splitlines())
    assert lines == {f"{tmp_path / f'clip.{fmt}'}: {fmt}" for fmt in FORMATS} | {f"{phone}: m4a"}


def test_detect_says_unknown_and_exits_3(cli, tmp_path):
    garbage = tmp_path / "bad.wav"
    garbage.write_bytes(b"not audio at all " * 50)

    done = cli("detect", garbage, tmp_path / "missing.wav")

    assert done.returncode == 3
    assert done.stdout.startswith(f"{garbage}: unknown")
    assert "missing.wav: cannot read it" in done.stderr


def test_mock_command_serves_until_ctrl_c(cli, mock_text):
    port = free_port()
    process = cli.popen("mock", "--port", port)
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(6)]  # printed once Prism listens
        url = f"http://127.0.0.1:{port}"
        assert url in banner[0]
        text = "".join(banner)
        assert "Prefer: code=429" in text
        assert all(name in text for name in MockServer().examples)  # read from the spec

        with Client(api_key="any", base_url=url) as client:
            got = client.transcribe(make_audio("wav"), extra_headers={"Prefer": "example=tokens"})
        assert got.text == mock_text["tokens"]
        assert got.usage is not None and got.usage.kind == "tokens"
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)

    assert process.returncode == 0, stderr
    assert "mock stopped" in stdout
    assert "Traceback" not in stderr
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass  # Prism went down with the command


def test_no_arguments_shows_help(cli):
    done = cli()

    assert "transcribe" in done.stdout + done.stderr
    assert done.returncode in (0, 2)


def test_a_dash_reads_the_audio_from_stdin(cli, wav):
    with ScriptedServer(Reply()) as server:
        with wav.open("rb") as file:  # `< clip.wav`: a seekable file
            redirected = cli("transcribe", "-", "--base-url", server.url, stdin=file)
        cat = subprocess.Popen(["cat", wav], stdout=subprocess.PIPE)  # `cat clip.wav |`
        piped = cli(
            "transcribe", "-", "--base-url", server.url, "--output", "json", stdin=cat.stdout
        )
        cat.wait()

    assert redirected.returncode == 0, redirected.stderr
    assert redirected.stdout == "hello\n"
    assert piped.returncode == 0, piped.stderr
    record = json.loads(piped.stdout)
    assert record["path"] == "-"
    assert record["text"] == "hello"
    for request in server.requests:
        assert request.audio() == (wav.read_bytes(), "wav")


def test_detect_reads_stdin_too(cli, wav):
    with wav.open("rb") as file:
        done = cli("detect", "-", stdin=file)

    assert done.returncode == 0, done.stderr
    assert done.stdout == "-: wav\n"
