"""The --out results file: one writer at a time, a full disk, --resume's checks, and fsync
kept off the event loop."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from decimal import Decimal
from pathlib import Path

import anyio
import pytest
from local_server import Reply, ScriptedServer
from test_batch import make_folder, read_records

from openrouter_stt import DEFAULT_MODEL, AsyncClient, _batch
from openrouter_stt._batch import Batch, ResultsFile, recorded_spend


def wait_for_lines(out: Path, count: int, process) -> None:
    deadline = time.monotonic() + 30
    while not out.exists() or out.read_bytes().count(b"\n") < count:
        assert process.poll() is None and time.monotonic() < deadline, "batch ended early"
        time.sleep(0.01)


@pytest.mark.parametrize("resume", [[], ["--resume"]])
def test_out_naming_a_folder_is_a_usage_error(cli, wav, tmp_path, resume):
    done = cli(
        "transcribe", wav, "--out", f"{tmp_path}/", *resume, "--base-url", "http://127.0.0.1:9"
    )

    assert done.returncode == 2, done.stderr
    assert "--out" in done.stderr
    assert "is a folder" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("resume", [[], ["--resume"]])
def test_a_second_run_on_the_same_out_file_is_refused(cli, tmp_path, resume):
    make_folder(tmp_path / "calls", 30)
    out = tmp_path / "results.jsonl"
    args = ("transcribe", tmp_path / "calls", "--out", out, "--concurrency", "1")

    with ScriptedServer(Reply(delay=0.3)) as first, ScriptedServer(Reply()) as second:
        process = cli.popen(*args, "--base-url", first.url)  # 9 s of work: still running
        wait_for_lines(out, 1, process)
        refused = cli(*args, *resume, "--base-url", second.url)
        process.terminate()
        _, stderr = process.communicate(timeout=60)

    assert refused.returncode == 3, refused.stderr
    assert refused.stderr.startswith("openrouter-stt: ")
    assert "another openrouter-stt run is writing to" in refused.stderr
    assert str(out) in refused.stderr
    assert second.requests == []
    assert process.returncode == 143, stderr
    # One writer: every line whole, each file recorded once (the one in flight is not).
    paths = [r["path"] for r in read_records(out)]
    assert len(paths) == len(set(paths)) >= len(first.requests) - 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_has_its_own_message_and_exit_code(cli, wav, base_url):
    done = cli("transcribe", wav, wav, "--base-url", base_url, "--out", "/dev/full")

    assert done.returncode == 7, done.stderr
    assert "Traceback" not in done.stderr
    assert "cannot write the results to /dev/full: no space left on the device" in done.stderr
    assert "--resume" in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("output", ["text", "json"])
def test_stdout_on_a_full_disk_exits_7(cli, wav, base_url, output):
    with open("/dev/full", "w") as full:
        done = cli("transcribe", wav, "--base-url", base_url, "--output", output, stdout=full)

    assert done.returncode == 7, done.stderr
    assert "cannot write the results to stdout: no space left on the device" in done.stderr
    assert "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


def test_resume_with_other_options_than_the_recorded_run_is_refused(cli, tmp_path):
    paths = make_folder(tmp_path / "calls", 3)
    out = tmp_path / "results.jsonl"
    first = ("transcribe", paths[0], "--out", out, "--language", "en")

    with ScriptedServer(Reply()) as server:
        assert cli(*first, "--base-url", server.url).returncode == 0
        (recorded,) = read_records(out)
        changed = cli(
            "transcribe", *paths, "--out", out, "--resume", "--base-url", server.url,
            "--model", "openai/gpt-4o-transcribe", "--language", "en",
        )  # fmt: skip
        same = cli("transcribe", *paths, "--out", out, "--resume", "--base-url", server.url,
                   "--language", "en")  # fmt: skip

    assert recorded["options"]["language"] == "en"
    assert recorded["options"]["model"] == "openai/whisper-large-v3"
    assert changed.returncode == 2, changed.stderr
    assert "--model" in changed.stderr
    assert "openai/whisper-large-v3" in changed.stderr  # what the file records
    assert "another --out file" in changed.stderr
    assert len(server.requests) == 1 + 0 + 2
    assert same.returncode == 0, same.stderr
    assert len(read_records(out)) == 3


def test_fsync_of_the_results_runs_off_the_event_loop(tmp_path, monkeypatch):
    """The event loop runs on the main thread: a slow fsync there would stall every upload."""
    on_main_thread = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        on_main_thread.append(threading.current_thread() is threading.main_thread())
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    paths = make_folder(tmp_path / "calls", 3)
    out = tmp_path / "results.jsonl"
    results = ResultsFile(out)
    options = {"model": DEFAULT_MODEL, "language": None, "format": None, "temperature": None}
    options["provider_options"] = None

    with ScriptedServer(Reply()) as server, contextlib.closing(results):
        client = AsyncClient(api_key="k", base_url=server.url)
        batch = Batch(client, options, 2, results, "jsonl", report=lambda error, path: None)
        anyio.run(batch.run, paths)

    assert batch.ok == 3
    assert len(read_records(out)) == 3
    assert on_main_thread and not any(on_main_thread)


def test_ctrl_c_while_captions_are_written_keeps_the_answer_and_its_record(tmp_path, monkeypatch):
    """The answer is paid for: Ctrl-C landing while its captions are written must not
    drop its record (--resume would send the file again)."""
    writing, release = threading.Event(), threading.Event()
    real_write = _batch.write_atomically

    def slow_write(target: Path, text: str) -> None:
        writing.set()
        release.wait(10)
        real_write(target, text)

    monkeypatch.setattr(_batch, "write_atomically", slow_write)
    [path] = make_folder(tmp_path / "calls", 1)
    out, subs = tmp_path / "results.jsonl", tmp_path / "subs"
    subs.mkdir()
    body = {"text": "hello there", "segments": [{"start": 0.0, "end": 1.0, "text": "hello there"}]}
    options = {"model": DEFAULT_MODEL, "language": None, "format": None, "temperature": None}
    options["provider_options"] = None

    async def interrupted_while_writing(batch: Batch) -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(batch.run, [path])
            await anyio.to_thread.run_sync(writing.wait, 10)
            group.cancel_scope.cancel()  # what Ctrl-C does to anyio.run's task
            release.set()

    results = ResultsFile(out)
    answer = Reply(body=json.dumps(body).encode())
    with ScriptedServer(answer) as server, contextlib.closing(results):
        client = AsyncClient(api_key="k", base_url=server.url)
        batch = Batch(client, options, 1, results, "jsonl", report=lambda error, path: None)
        batch.caption_files = {path: subs / "call-00.srt"}
        anyio.run(interrupted_while_writing, batch)

    assert writing.is_set()
    [record] = read_records(out)
    assert record["status"] == "ok" and record["text"] == "hello there"
    assert "hello there" in (subs / "call-00.srt").read_text()
    assert batch.ok == 1


def test_the_recorded_spend_counts_the_pieces_of_stopped_long_recordings(tmp_path):
    out = tmp_path / "results.jsonl"
    piece = {"start": 0.0, "end": 10.0, "text": "part", "usage": {"cost": 0.25}}
    records = [
        {"path": "/a.wav", "status": "ok", "text": "a", "usage": {"cost": 0.5}},
        {"path": "/b.wav", "status": "interrupted", "completed": [piece, piece]},
        {"path": "/c.wav", "status": "error", "error": "ChunkError", "completed": [piece]},
        {"path": "/d.wav", "status": "error", "completed": "damaged"},
    ]
    out.write_text("".join(json.dumps(r) + "\n" for r in records))
    results = ResultsFile(out)
    try:
        assert recorded_spend(results) == Decimal("1.25")
    finally:
        results.close()
