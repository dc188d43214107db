"""One exit code per kind of failure, one line of stderr, no traceback unless --debug."""

from __future__ import annotations

import json
import signal
import time

import pytest
from audio_samples import make_audio
from local_server import Reply, ScriptedServer


def error_body(status: int, message: str) -> bytes:
    return json.dumps({"error": {"code": status, "message": message}}).encode()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--no-such-flag"], "No such option"),
        (["--concurrency", "0"], "--concurrency"),
        (["--provider-option", "groq-prompt"], "slug.key=value"),
        (["--resume"], "--resume needs --out"),
        (["--mock", "--base-url", "http://127.0.0.1:9"], "--mock or --base-url"),
        (["--output", "yaml"], "--output"),
    ],
)
def test_usage_errors_exit_2(cli, wav, args, needle):
    done = cli("transcribe", wav, *args)

    assert done.returncode == 2
    assert needle in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("content", "args", "error"),
    [
        (b"\x00 garbage, no audio container here " * 20, [], "UnsupportedFormatError"),
        (b"", [], "EmptyAudioError"),
        (None, [], "AudioSourceError"),  # no such file
        (make_audio("wav"), ["--format", "mp3"], "FormatMismatchError"),
        (make_audio("wav"), ["--temperature", "nan"], "ConfigurationError"),
        (make_audio("wav"), ["--base-url", "http://example.com/api/v1"], "ConfigurationError"),
    ],
)
def test_bad_input_exits_3_with_one_line(cli, base_url, tmp_path, content, args, error):
    path = tmp_path / "input.wav"
    if content is not None:
        path.write_bytes(content)
    if "--base-url" not in args:
        args = [*args, "--base-url", base_url]

    done = cli("transcribe", path, *args)

    assert done.returncode == 3, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(f"openrouter-stt: {error}: ")
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_debug_shows_the_traceback(cli, base_url, tmp_path):
    path = tmp_path / "input.wav"
    path.write_bytes(b"\x00 garbage " * 20)

    done = cli("transcribe", path, "--base-url", base_url, "--debug")

    assert done.returncode == 3
    assert "Traceback (most recent call last)" in done.stderr
    assert done.stderr.splitlines()[-1].startswith("openrouter-stt: UnsupportedFormatError: ")


@pytest.mark.parametrize(
    ("reply", "code", "error", "hint"),
    [
        (Reply(401, error_body(401, "User not found.")), 4, "AuthenticationError", "API key"),
        (Reply(402, error_body(402, "Insufficient credits")), 4, "PaymentRequiredError", "credits"),
        (Reply(500, error_body(500, "Internal Server Error")), 5, "InternalServerError", "500"),
        (Reply(429, error_body(429, "Rate limit exceeded")), 5, "RateLimitError", "slow down"),
        (Reply(200, b"<html>not json</html>"), 5, "APIResponseError", "not JSON"),
    ],
)
def test_api_errors_exit_4_or_5(cli, wav, reply, code, error, hint):
    with ScriptedServer(reply) as server:
        done = cli("transcribe", wav, "--base-url", server.url, "--max-retries", "0")

    assert len(server.requests) == 1
    assert done.returncode == code, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(f"openrouter-stt: {error}: ")
    assert hint in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_unreachable_api_exits_5(cli, wav):
    with ScriptedServer(Reply(drop=True)) as server:
        done = cli("transcribe", wav, "--base-url", server.url, "--max-retries", "0")

    assert done.returncode == 5
    assert done.stderr.startswith("openrouter-stt: APIConnectionError: ")
    assert "Traceback" not in done.stderr


def test_a_missing_key_exits_4(cli, wav, base_url):
    done = cli("transcribe", wav, "--base-url", base_url, key=None)

    assert done.returncode == 4
    assert "OPENROUTER_API_KEY" in done.stderr
    assert "Traceback" not in done.stderr


def test_all_ok_exits_0_and_partial_failure_exits_6(cli, base_url, wav, tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"\x00 garbage " * 20)

    assert cli("transcribe", wav, wav, "--base-url", base_url).returncode == 0
    done = cli("transcribe", wav, bad, "--base-url", base_url)
    assert done.returncode == 6
    assert "1 ok, 1 failed (UnsupportedFormatError 1)" in done.stderr


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_batch_with_128_plus_its_number(cli, tmp_path, signum, code):
    out = tmp_path / "results.jsonl"
    paths = []
    for i in range(20):
        paths.append(tmp_path / f"call-{i:02}.wav")
        paths[-1].write_bytes(make_audio("wav"))

    with ScriptedServer(Reply(delay=0.2)) as server:  # seconds of work left at the signal
        args = ("transcribe", *paths, "--out", out, "--base-url", server.url, "--concurrency", "2")
        process = cli.popen(*args)
        deadline = time.monotonic() + 30
        while not out.exists() or out.read_bytes().count(b"\n") < 3:
            assert process.poll() is None and time.monotonic() < deadline, "batch ended early"
            time.sleep(0.01)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=30)
    cli.assert_secret(stdout, stderr)

    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    assert f"every finished file is recorded in {out}" in stderr
    lines = out.read_bytes().splitlines(keepends=True)
    assert all(line.endswith(b"\n") for line in lines)
    records = [json.loads(line) for line in lines]
    assert 3 <= len(records) < 20
    assert all(r["status"] == "ok" for r in records)
