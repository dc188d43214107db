"""What a person at a terminal reads: help with flags and types, --version, flags in
messages instead of Python keywords, and hints that fit the case."""

from __future__ import annotations

import json
import re

import pytest
from audio_samples import make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import __version__

COMMANDS = ["transcribe", "estimate", "models", "detect", "mock"]
# What a Python signature shows and a command line does not.
INTERNALS = re.compile(r"<\w[^>]*>|\{\w+\}|list\[|\bbool\b|\bPath\b")


@pytest.mark.parametrize("rich", ["1", "0"])
@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_flags_and_types_as_a_command_line_does(cli, command, rich):
    done = cli(command, "--help", env={"TYPER_USE_RICH": rich})

    assert done.returncode == 0, done.stderr
    assert INTERNALS.findall(done.stdout) == []
    if command in ("transcribe", "estimate", "detect"):
        assert "PATH..." in done.stdout.splitlines()[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_has_help_text(cli, command):
    import typer.main

    from openrouter_stt.cli import app

    params = typer.main.get_command(app).commands[command].params  # type: ignore[attr-defined]
    assert [p.name for p in params if not p.help] == []
    done = cli(command, "--help", env={"TYPER_USE_RICH": "0"})
    for param in params:
        assert (param.metavar if param.param_type_name == "argument" else param.opts[0]) in (
            done.stdout
        )


def test_version(cli):
    done = cli("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"openrouter-stt {__version__}"


def test_a_format_mismatch_names_the_flag(cli, base_url, tmp_path):
    path = tmp_path / "clip.wav"
    path.write_bytes(make_audio("wav"))
    done = cli("transcribe", path, "--format", "mp3", "--base-url", base_url)

    assert done.returncode == 3
    assert "--format wav" in done.stderr
    assert "format=" not in done.stderr


def test_a_missing_key_names_the_environment_and_a_key_file(cli, wav, base_url):
    done = cli("transcribe", wav, "--base-url", base_url, key=None)

    assert done.returncode == 4
    assert "set OPENROUTER_API_KEY" in done.stderr and "--api-key-file" in done.stderr
    assert "api_key=" not in done.stderr


def test_api_key_file_gives_the_key_and_never_shows_it(cli, wav, tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(f"\n  {cli.key}  \n")
    with ScriptedServer(Reply()) as server:
        done = cli(
            "transcribe", wav, "--base-url", server.url, "--api-key-file", key_file, key=None
        )

    assert done.returncode == 0, done.stderr
    assert server.requests[0].headers["authorization"] == f"Bearer {cli.key}"


def test_an_unreadable_key_file_is_a_usage_error(cli, wav, tmp_path):
    done = cli("transcribe", wav, "--api-key-file", tmp_path / "nope", key=None)
    assert done.returncode == 2
    assert "--api-key-file" in done.stderr and "nope" in done.stderr


def test_the_payment_hint_is_not_said_twice(cli, wav):
    message = "Insufficient credits. Add more using https://openrouter.ai/credits"
    body = json.dumps({"error": {"code": 402, "message": message}}).encode()
    with ScriptedServer(Reply(402, body)) as server:
        done = cli("transcribe", wav, "--base-url", server.url, "--max-retries", "0")

    assert done.returncode == 4
    assert done.stderr.count("openrouter.ai/credits") == 1


def test_detect_says_a_file_is_empty(cli, tmp_path):
    empty = tmp_path / "empty.wav"
    empty.touch()
    done = cli("detect", empty)

    assert done.returncode == 3
    assert done.stdout.strip() == f"{empty}: empty (no audio to transcribe)"


def test_too_large_for_the_server_does_not_advise_the_format_it_already_is(cli, tmp_path):
    pytest.importorskip("av")
    clip = tmp_path / "clip.mp3"
    clip.write_bytes(make_audio("mp3"))
    body = json.dumps({"error": {"code": 413, "message": "Request Entity Too Large"}})
    with ScriptedServer(Reply(413, body.encode())) as server:
        done = cli("transcribe", clip, "--base-url", server.url, "--max-retries", "0")

    assert done.returncode == 5, done.stderr
    assert "RequestTooLargeError" in done.stderr
    assert "compressed format (mp3" not in done.stderr
    assert "--split SECONDS" in done.stderr
