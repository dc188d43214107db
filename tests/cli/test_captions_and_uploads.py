"""The command line's captions (--output srt|vtt, --captions-dir), --timestamps and
--upload, against a local server answering the mock's diarized verbose_json example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import srt
import webvtt
from audio_samples import make_audio
from local_server import Reply, ScriptedServer
from spec_features import needs

# What --output srt|vtt and --timestamps ask for.
TIMESTAMPS = {"response_format": "verbose_json", "timestamp_granularities": ["word", "segment"]}


@pytest.fixture
def verbose_reply(spec: dict[str, Any]) -> Reply:
    content = spec["paths"]["/audio/transcriptions"]["post"]["responses"]["200"]["content"]
    example = content["application/json"]["examples"]["diarized"]["value"]
    return Reply(200, json.dumps(example).encode())


def form_fields(request: Any) -> list[tuple[str, str]]:
    return [(name, content.decode()) for name, filename, content in request.form() if not filename]


@needs("multipart", **TIMESTAMPS)
@pytest.mark.parametrize("output", ["srt", "vtt"])
def test_output_captions_asks_for_word_timestamps_by_itself(
    cli: Any, wav: Path, verbose_reply: Reply, output: str
) -> None:
    with ScriptedServer(verbose_reply) as server:
        done = cli("transcribe", wav, "--base-url", server.url, "--output", output)
    assert done.returncode == 0, done.stderr
    if output == "srt":
        cues = [c.content for c in srt.parse(done.stdout)]
    else:
        cues = [c.raw_text for c in webvtt.from_string(done.stdout, strict=True).captions]
    assert len(cues) == 2 and "Speaker 1" in cues[1]
    (request,) = server.requests
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert ("response_format", "verbose_json") in form_fields(request)
    assert [v for k, v in form_fields(request) if k == "timestamp_granularities[]"] == [
        "word",
        "segment",
    ]


@pytest.mark.parametrize(
    "flags, body, granularities",
    [
        pytest.param(
            ["--timestamps", "segment"],
            "multipart",
            ["segment"],
            marks=needs("multipart", **TIMESTAMPS),
        ),
        pytest.param(
            ["--timestamps", "word", "--upload", "json"],
            "json",
            ["word", "segment"],
            marks=needs(**TIMESTAMPS),
        ),
        (["--upload", "json"], "json", None),
    ],
)
def test_timestamps_and_upload_flags_shape_the_request(
    cli: Any, wav: Path, verbose_reply: Reply, flags: list[str], body: str, granularities: Any
) -> None:
    with ScriptedServer(verbose_reply) as server:
        done = cli("transcribe", wav, "--base-url", server.url, "--output", "json", *flags)
    assert done.returncode == 0, done.stderr
    (request,) = server.requests
    if body == "json":
        sent = request.json().get("timestamp_granularities")
    else:
        sent = [v for k, v in form_fields(request) if k == "timestamp_granularities[]"]
    assert sent == granularities
    record = json.loads(done.stdout)
    if granularities:
        assert [w["speaker"] for w in record["words"]][:1] == [0]
        assert record["duration"] == 5.0


def test_unknown_upload_is_a_usage_error(cli: Any, wav: Path) -> None:
    done = cli("transcribe", wav, "--base-url", "http://127.0.0.1:9", "--upload", "form")
    assert done.returncode == 2
    assert "--upload" in done.stderr and "Traceback" not in done.stderr


@needs(**TIMESTAMPS)
def test_a_batch_writes_one_caption_file_per_audio_file_and_resume_fills_gaps(
    cli: Any, tmp_path: Path, verbose_reply: Reply
) -> None:
    folder = tmp_path / "calls"
    for name in ("a/x.wav", "b/x.wav", "c.mp3"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(make_audio(name.rsplit(".", 1)[1]))
    captions, out = tmp_path / "captions", tmp_path / "results.jsonl"
    flags = ["--out", out, "--captions-dir", captions, "--caption-format", "vtt"]
    with ScriptedServer(verbose_reply) as server:
        done = cli("transcribe", folder, "--base-url", server.url, "--output", "jsonl", *flags)
        assert done.returncode == 0, done.stderr
        written = sorted(p.relative_to(captions).as_posix() for p in captions.rglob("*"))
        assert written == ["a", "a/x.vtt", "b", "b/x.vtt", "c.vtt"]  # no temporary file left
        for path in captions.rglob("*.vtt"):
            assert len(webvtt.read(str(path)).captions) == 2
        assert len(out.read_text().splitlines()) == 3

        (captions / "b" / "x.vtt").unlink()
        again = cli("transcribe", folder, "--base-url", server.url, "--resume", *flags)
        assert again.returncode == 0, again.stderr
        assert len(server.requests) == 4  # only the file whose captions were missing
        assert (captions / "b" / "x.vtt").is_file()


@needs(**TIMESTAMPS)
def test_no_timestamps_in_the_answer_is_a_clear_error(cli: Any, wav: Path) -> None:
    with ScriptedServer(Reply()) as server:  # {"text": "hello", ...}: no segments, no words
        done = cli("transcribe", wav, "--base-url", server.url, "--output", "srt")
    assert done.returncode == 5
    assert "no timestamps" in done.stderr and "Traceback" not in done.stderr
