"""Arguments and files are checked before anything starts: no mock, no request, no wait."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["missing.wav"], 3, "missing.wav: cannot read it (no such file)"),
        (["{wav}", "--model", ""], 2, "--model"),
        (["{wav}", "--model", "  "], 2, "--model"),
        (["{wav}", "--language", ""], 2, "--language"),
        (["{wav}", "missing.wav"], 3, "missing.wav"),
        (["{wav}", "--max-cost", "-1"], 2, "--max-cost"),
    ],
)
def test_bad_arguments_fail_before_the_mock_starts(cli, wav, args, code, needle):
    args = [str(wav) if a == "{wav}" else a for a in args]
    done = cli("transcribe", *args, "--mock", key=None, cwd=wav.parent)

    assert done.returncode == code, done.stderr
    assert needle in done.stderr
    assert "using the Prism mock" not in done.stderr
    assert "Traceback" not in done.stderr


def test_split_seconds_without_the_long_extra_fails_before_the_mock_starts(cli, wav, without_long):
    done = cli("transcribe", wav, "--mock", "--split", "600", key=None, env=without_long)

    assert done.returncode == 2, done.stderr
    assert "--split" in done.stderr and "pip install 'openrouter-stt[long]'" in done.stderr
    assert "using the Prism mock" not in done.stderr
