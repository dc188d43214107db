"""Captions and timestamps offline: --mock asks the mock for an example with the timestamps
the output needs, and --mock-example chooses any example the spec names."""

from __future__ import annotations

import json
from typing import Any

import pytest
import srt
import webvtt
from spec_features import needs

TIMESTAMPS = {"response_format": "verbose_json", "timestamp_granularities": ["word", "segment"]}


@pytest.fixture(scope="module")
def examples(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The mock's named transcription examples, from the spec it serves."""
    content = spec["paths"]["/audio/transcriptions"]["post"]["responses"]["200"]["content"]
    return {name: e["value"] for name, e in content["application/json"]["examples"].items()}


def with_words(examples: dict[str, dict[str, Any]]) -> str:
    return next(name for name, value in examples.items() if value.get("words"))


@needs(**TIMESTAMPS)  # captions ask for verbose_json with timestamps
def test_srt_with_mock_prints_subrip_the_srt_library_parses(cli, wav, examples):
    done = cli("transcribe", wav, "--mock", "--output", "srt", key=None)

    assert done.returncode == 0, done.stderr
    cues = list(srt.parse(done.stdout))
    words = [w["word"] for w in examples[with_words(examples)]["words"]]
    assert " ".join(c.content.replace("\n", " ") for c in cues).split() == words
    assert cues[-1].end.total_seconds() == examples[with_words(examples)]["words"][-1]["end"]


@needs(**TIMESTAMPS)  # captions ask for verbose_json with timestamps
def test_vtt_json_and_a_captions_folder_with_mock(cli, wav, tmp_path, examples):
    subs = tmp_path / "subs"
    args = ("transcribe", wav, "--mock", "--output", "vtt", "--captions-dir", subs)
    vtt = cli(*args, "--caption-format", "srt", key=None)
    as_json = cli("transcribe", wav, "--mock", "--output", "json", "--timestamps", "word", key=None)

    assert vtt.returncode == 0, vtt.stderr
    assert webvtt.from_string(vtt.stdout, strict=True).captions
    assert list(srt.parse((subs / "clip.srt").read_text()))
    assert as_json.returncode == 0, as_json.stderr
    record = json.loads(as_json.stdout)
    expected = examples[with_words(examples)]
    assert [(w["word"], w["start"], w["end"]) for w in record["words"]] == [
        (w["word"], w["start"], w["end"]) for w in expected["words"]
    ]
    assert record["language"] == expected["language"] and record["segments"]


@needs(**TIMESTAMPS)  # captions ask for verbose_json with timestamps
def test_mock_example_chooses_any_example_and_a_wrong_name_lists_them(cli, wav, examples):
    diarized = next(name for name, value in examples.items() if "speaker" in str(value))
    chosen = cli(
        "transcribe", wav, "--mock", "--mock-example", diarized, "--output", "srt", key=None
    )
    wrong = cli("transcribe", wav, "--mock", "--mock-example", "no-such-example", key=None)

    assert chosen.returncode == 0, chosen.stderr
    assert "Speaker" in "".join(c.content for c in srt.parse(chosen.stdout))
    assert wrong.returncode == 2
    assert "--mock-example" in wrong.stderr and "no-such-example" in wrong.stderr
    assert all(name in wrong.stderr for name in examples)
    assert "using the Prism mock" not in wrong.stderr  # refused before the mock started


@needs(**TIMESTAMPS)  # captions ask for verbose_json with timestamps
def test_an_example_without_timestamps_blames_the_example_not_the_model(cli, wav, examples):
    plain = next(name for name, value in examples.items() if not value.get("segments"))
    done = cli("transcribe", wav, "--mock", "--mock-example", plain, "--output", "srt", key=None)

    assert done.returncode == 5
    assert "--model" not in done.stderr
    assert f"--mock-example {with_words(examples)}" in done.stderr
    assert plain in done.stderr


def test_mock_example_needs_mock(cli, wav):
    done = cli("transcribe", wav, "--base-url", "http://127.0.0.1:9", "--mock-example", "tokens")
    assert done.returncode == 2
    assert "--mock-example needs --mock" in done.stderr
