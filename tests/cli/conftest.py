"""The `openrouter-stt` command run as users run it: a subprocess, with a key in the
environment that must never show up in anything it prints."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


class CLI:
    """Runs ``python -m openrouter_stt.cli``; every run checks the key stays secret."""

    #: A key of the real shape, fresh per session.
    key = "sk-or-v1-" + secrets.token_hex(16)
    command = (sys.executable, "-m", "openrouter_stt.cli")

    def env(self, key: str | None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENROUTER_")}
        env["COLUMNS"] = "200"  # click/rich usage errors: no wrapping mid-message
        if key is not None:
            env["OPENROUTER_API_KEY"] = key
        return env

    def __call__(
        self, *args: Any, key: str | None = key, timeout: float = 60, **popen: Any
    ) -> subprocess.CompletedProcess[str]:
        """Run the command; ``popen`` options (``stdin=``, ``env=``) go to subprocess."""
        popen["env"] = {**self.env(key), **popen.get("env", {})}
        popen = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen}
        done = subprocess.run([*self.command, *map(str, args)], text=True, timeout=timeout, **popen)
        self.assert_secret(done.stdout or "", done.stderr)
        return done

    def popen(self, *args: Any, key: str | None = key) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*self.command, *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env(key),
        )

    def assert_secret(self, *outputs: str) -> None:
        for output in outputs:
            assert self.key not in output
            assert self.key.removeprefix("sk-or-v1-") not in output


@pytest.fixture
def cli() -> CLI:
    return CLI()


@pytest.fixture(scope="session")
def mock_text(spec: dict[str, Any]) -> dict[str, str]:
    """The transcript of each named 200 example the mock serves."""
    content = spec["paths"]["/audio/transcriptions"]["post"]["responses"]["200"]["content"]
    examples = content["application/json"]["examples"]
    return {name: example["value"]["text"] for name, example in examples.items()}


@pytest.fixture
def wav(tmp_path: Path) -> Path:
    from audio_samples import make_audio

    path = tmp_path / "clip.wav"
    path.write_bytes(make_audio("wav"))
    return path


@pytest.fixture
def without_long(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a command run as if the [long] extra (PyAV) were not installed:
    a sitecustomize makes ``import av`` fail and ``find_spec("av")`` answer None."""
    folder = tmp_path_factory.mktemp("without-long")
    (folder / "sitecustomize.py").write_text("import sys\nsys.modules['av'] = None\n")
    paths = [str(folder), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {"PYTHONPATH": os.pathsep.join(paths)}
