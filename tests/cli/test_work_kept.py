"""Nothing paid for is thrown away, and no run overwrites another's work: a transcript
whose captions fail is recorded, caption files never collide, --out is never appended
to unasked, and a damaged results file is reported, not a crash."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest
import srt
from audio_samples import make_audio
from local_server import OK_BODY, Reply, ScriptedServer
from spec_features import needs
from test_batch import make_folder, read_records

from openrouter_stt import _caption_files

TIMESTAMPS = {"response_format": "verbose_json", "timestamp_granularities": ["word", "segment"]}


@pytest.fixture
def timed_reply(spec: dict[str, Any]) -> Reply:
    content = spec["paths"]["/audio/transcriptions"]["post"]["responses"]["200"]["content"]
    examples = content["application/json"]["examples"]
    value = next(e["value"] for e in examples.values() if e["value"].get("words"))
    return Reply(200, json.dumps(value).encode())


@needs(**TIMESTAMPS)  # captions ask for verbose_json with timestamps
def test_a_transcript_without_timestamps_is_kept_when_captions_fail(cli, wav, tmp_path):
    out = tmp_path / "results.jsonl"
    with ScriptedServer(Reply(200, OK_BODY)) as server:
        done = cli("transcribe", wav, "--base-url", server.url, "--output", "srt", "--out", out)

    assert done.returncode == 5, done.stderr
    (record,) = read_records(out)
    paid = json.loads(OK_BODY)
    assert record["status"] == "error" and record["error"] == "APIResponseError"
    assert "no timestamps" in record["message"]
    assert record["text"] == paid["text"]
    assert record["usage"]["cost"] == paid["usage"]["cost"]
    assert f"cost ${paid['usage']['cost']:.6f}" in done.stderr  # counted as spent


@needs(**TIMESTAMPS)  # captions ask for verbose_json with timestamps
def test_files_with_one_stem_get_caption_files_of_their_own(cli, tmp_path, timed_reply):
    folder = tmp_path / "in"
    folder.mkdir()
    talks = [folder / "talk.wav", folder / "talk.mp3"]  # named explicitly: WAV bytes in both
    for talk in talks:
        talk.write_bytes(make_audio("wav"))
    subs, out = tmp_path / "subs", tmp_path / "results.jsonl"
    args = ("transcribe", *talks, "--captions-dir", subs, "--out", out)
    with ScriptedServer(timed_reply) as server:
        first = cli(*args, "--base-url", server.url)
        resumed = cli(*args, "--resume", "--base-url", server.url)

    assert first.returncode == 0, first.stderr
    written = sorted(p.name for p in subs.iterdir())
    assert written == ["talk.mp3.srt", "talk.wav.srt"]
    assert all(list(srt.parse(p.read_text())) for p in subs.iterdir())
    assert resumed.returncode == 0 and len(server.requests) == 2  # both done, nothing resent


def test_caption_paths_keep_the_suffix_only_where_names_collide(tmp_path):
    files = [tmp_path / "a.wav", tmp_path / "b.wav", tmp_path / "b.mp3", tmp_path / "B.ogg"]
    paths = _caption_files.caption_paths(files, tmp_path / "subs", "vtt")
    names = [paths[f].name for f in files]
    assert names == ["a.vtt", "b.wav.vtt", "b.mp3.vtt", "B.ogg.vtt"]  # B.vtt is b.vtt on macOS


def test_two_writers_of_one_caption_file_use_temporary_files_of_their_own(tmp_path, monkeypatch):
    # Both threads are held once their temporary file is written, then both rename theirs.
    barrier = threading.Barrier(2, timeout=10)
    real_fsync = os.fsync

    def fsync_together(fd: int) -> None:
        real_fsync(fd)
        barrier.wait()

    monkeypatch.setattr(_caption_files.os, "fsync", fsync_together)
    target = tmp_path / "subs" / "talk.srt"
    errors: list[BaseException] = []

    def write(text: str) -> None:
        try:
            _caption_files.write_atomically(target, text)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(t,)) for t in ("one\n", "two\n")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert target.read_text() in ("one\n", "two\n")
    assert sorted(p.name for p in target.parent.iterdir()) == ["talk.srt"]  # no leftovers
    assert oct(target.stat().st_mode & 0o777) == oct(0o644 & ~current_umask())


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_out_with_records_is_refused_unless_resume_or_overwrite(cli, tmp_path):
    paths = make_folder(tmp_path / "calls", 2)
    out = tmp_path / "results.jsonl"
    with ScriptedServer(Reply()) as server:
        first = cli("transcribe", *paths, "--base-url", server.url, "--out", out)
        again = cli("transcribe", *paths, "--base-url", server.url, "--out", out)
        sent = len(server.requests)
        fresh = cli("transcribe", paths[0], "--base-url", server.url, "--out", out, "--overwrite")

    assert first.returncode == 0, first.stderr
    assert again.returncode == 2
    assert sent == 2  # the refused run sent nothing
    assert "already holds 2 record(s)" in again.stderr
    assert "--resume" in again.stderr and "--overwrite" in again.stderr
    assert fresh.returncode == 0, fresh.stderr
    assert [r["path"] for r in read_records(out)] == [str(paths[0].resolve())]


def write_results(out: Path, records: list[dict[str, Any]]) -> None:
    out.write_text("".join(json.dumps(r) + "\n" for r in records))


def test_resume_reads_the_latest_record_of_each_file(cli, tmp_path):
    paths = make_folder(tmp_path / "calls", 2)
    out = tmp_path / "results.jsonl"
    with ScriptedServer(Reply()) as server:
        assert cli("transcribe", *paths, "--base-url", server.url, "--out", out).returncode == 0
    ok_a, ok_b = sorted(read_records(out), key=lambda r: r["path"])
    error = {"status": "error", "error": "ServerError", "message": "502"}
    failed_a, failed_b = ({**ok, **error} for ok in (ok_a, ok_b))
    # a: done, then failed in a later run (so not done); b: failed twice, then done.
    write_results(out, [ok_a, failed_a, failed_b, failed_b, ok_b])
    with ScriptedServer(Reply()) as server:
        done = cli("transcribe", *paths, "--base-url", server.url, "--out", out, "--resume")

    assert done.returncode == 0, done.stderr
    assert len(server.requests) == 1
    assert "1 ok, 1 done before (--resume)" in done.stderr
    assert read_records(out)[-1]["path"] == ok_a["path"]


def test_a_path_with_a_nul_byte_is_a_corrupt_line_not_a_crash(cli, wav, tmp_path):
    out = tmp_path / "results.jsonl"
    write_results(out, [{"path": "/calls/a\u0000b.wav", "status": "ok", "text": "x"}])
    with ScriptedServer(Reply()) as server:
        done = cli("transcribe", wav, "--base-url", server.url, "--out", out, "--resume")

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{out}: line 1 is not a valid record" in done.stderr and "NUL" in done.stderr
    assert len(server.requests) == 1
