"""The ``openrouter_stt_mock`` fixture, registered through the ``pytest11`` entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import _openrouter_stt_pytestplugin as pytest_plugin
import pytest
from audio_samples import make_audio

USER_TESTS = """
import httpx
import pytest
from openrouter_stt import Client, RateLimitError

ONE_MOCK = set()

@pytest.mark.parametrize("example", ["{example}"])
def test_named_example(openrouter_stt_mock, example):
    ONE_MOCK.add(openrouter_stt_mock.base_url)
    with Client(api_key="test", base_url=openrouter_stt_mock.base_url) as client:
        prefer = openrouter_stt_mock.headers(example=example)
        got = client.transcribe("speech.wav", extra_headers=prefer)
    assert got.text == {text!r}

def test_status(openrouter_stt_mock):
    ONE_MOCK.add(openrouter_stt_mock.base_url)
    with Client(api_key="test", base_url=openrouter_stt_mock.base_url, max_retries=0) as client:
        with pytest.raises(RateLimitError):
            client.transcribe("speech.wav", extra_headers=openrouter_stt_mock.headers(code=429))
    assert len(ONE_MOCK) == 1
"""


def test_the_plugin_is_registered_once(request: pytest.FixtureRequest) -> None:
    plugins = request.config.pluginmanager.get_plugins()
    assert sum(plugin is pytest_plugin for plugin in plugins) == 1
    assert request.config.pluginmanager.get_plugin("openrouter_stt") is pytest_plugin


def test_a_users_suite_gets_one_mock_for_the_session(tmp_path: Path, spec) -> None:
    content = spec["paths"]["/audio/transcriptions"]["post"]["responses"]["200"]["content"]
    name, example = next(iter(content["application/json"]["examples"].items()))
    (tmp_path / "speech.wav").write_bytes(make_audio("wav"))
    (tmp_path / "test_user.py").write_text(
        USER_TESTS.format(example=name, text=example["value"]["text"])
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "OPENROUTER_"))}

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "test_user.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


OPENAI_USER_TESTS = """
import httpx

def test_openai_mock_serves_translations_as_srt(openrouter_stt_openai_mock):
    mock = openrouter_stt_openai_mock
    answer = httpx.post(
        mock.base_url + "/audio/translations",
        files={{"file": ("speech.wav", open("speech.wav", "rb"), "audio/wav")}},
        data={{"model": "whisper-1", "response_format": "srt"}},
        headers={{"Authorization": "Bearer test", **mock.headers(example="srt")}},
    )
    assert answer.status_code == 200
    assert answer.text == {srt!r}
"""


def test_a_users_suite_gets_an_openai_mock_from_its_fixture(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    from contracts import OPENAI
    from normalise_spec import build_spec

    root = Path(__file__).resolve().parents[2]
    spec = build_spec(root / OPENAI.spec, root / OPENAI.overlay)
    content = spec["paths"]["/audio/translations"]["post"]["responses"]["200"]["content"]
    srt = content["text/plain"]["examples"]["srt"]["value"]
    (tmp_path / "speech.wav").write_bytes(make_audio("wav"))
    (tmp_path / "test_user.py").write_text(OPENAI_USER_TESTS.format(srt=srt))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "OPENROUTER_"))}

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "test_user.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
