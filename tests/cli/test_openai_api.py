"""`--api openai`: the same command against OpenAI-compatible servers, and `translate`."""

from __future__ import annotations

import json
import secrets

import pytest
import srt
from local_server import Reply, ScriptedServer

from openrouter_stt.mock import MockServer

OPENAI_KEY = "sk-proj-" + secrets.token_hex(16)


def openai_env() -> dict[str, str]:
    return {"OPENAI_API_KEY": OPENAI_KEY}


def test_translate_with_the_mock_prints_a_translation(cli, wav) -> None:
    done = cli("translate", wav, "--api", "openai", "--mock", timeout=120)
    assert done.returncode == 0, done.stderr
    # The translation's text example, asked for by --output text, printed as one line.
    document = MockServer(api="openai").document
    answer = document["paths"]["/audio/translations"]["post"]["responses"]["200"]
    example = answer["content"]["text/plain"]["examples"]["text"]["value"]
    assert done.stdout == example.rstrip("\n") + "\n"
    assert "Traceback" not in done.stderr


def test_srt_output_with_the_mock_is_subrip_the_srt_library_parses(cli, wav) -> None:
    done = cli("transcribe", wav, "--api", "openai", "--mock", "--output", "srt", timeout=120)
    assert done.returncode == 0, done.stderr
    cues = list(srt.parse(done.stdout))
    assert cues and all(cue.content for cue in cues)


def test_output_asks_the_server_for_that_format_and_prints_it_as_sent(cli, wav) -> None:
    document = "1\n00:00:00,000 --> 00:00:01,000\nHallo.\n\n"
    with ScriptedServer(Reply(200, document.encode(), {"Content-Type": "text/plain"})) as server:
        done = cli(
            "transcribe",
            wav,
            "--api",
            "openai",
            "--base-url",
            server.url,
            "--output",
            "srt",
            "--prompt",
            "loudly",
            "--auth",
            "raw",
            env=openai_env(),
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(document.rstrip("\n"))
    form = {name: content for name, _, content in server.requests[0].form()}
    assert form["response_format"] == b"srt"
    assert form["prompt"] == b"loudly"
    assert form["model"] == b"whisper-1"
    assert server.requests[0].headers["authorization"] == OPENAI_KEY
    assert OPENAI_KEY not in done.stdout + done.stderr


def test_translate_posts_to_the_translations_endpoint(cli, wav) -> None:
    body = json.dumps({"text": "Hello."}).encode()
    with ScriptedServer(Reply(200, body)) as server:
        done = cli("translate", wav, "--base-url", server.url, "--output", "json", env=openai_env())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["text"] == "Hello."
    assert server.requests[0].path == "/audio/translations"
    assert server.requests[0].headers["authorization"] == f"Bearer {OPENAI_KEY}"


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("transcribe", "--prompt", "x"), "--prompt"),
        (("transcribe", "--auth", "raw"), "--auth"),
        (("transcribe", "--api", "openai", "--provider-option", "groq.prompt=x"), "provider"),
        (("translate", "--api", "openrouter"), "translation endpoint"),
    ],
)
def test_options_of_the_other_api_are_usage_errors(cli, wav, args, names) -> None:
    done = cli(*args[:1], wav, *args[1:])
    assert done.returncode == 2
    assert names in done.stderr


def test_no_key_names_the_variable_and_the_flag(cli, wav) -> None:
    done = cli("translate", wav, "--base-url", "http://127.0.0.1:9", env={"OPENAI_API_KEY": ""})
    assert done.returncode == 4
    assert "OPENAI_API_KEY, or use --api-key-file" in done.stderr


def test_resume_with_another_prompt_is_refused(cli, wav, tmp_path) -> None:
    results = tmp_path / "results.jsonl"
    body = json.dumps({"text": "Hello."}).encode()
    with ScriptedServer(Reply(200, body)) as server:
        common = ("--api", "openai", "--base-url", server.url, "--out", results)
        first = cli("transcribe", wav, *common, "--prompt", "loudly", env=openai_env())
        assert first.returncode == 0, first.stderr
        again = cli("transcribe", wav, *common, "--prompt", "softly", "--resume", env=openai_env())
    assert again.returncode == 2
    assert "--prompt" in again.stderr and len(server.requests) == 1
