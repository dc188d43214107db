"""Batches: folders of mixed formats, results files, and --resume after a SIGKILL."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from audio_samples import FORMATS, make_audio
from local_server import Reply, ScriptedServer


def read_records(out: Path) -> list[dict[str, Any]]:
    """Every line of a results file, each of which must be one whole JSON record."""
    data = out.read_bytes()
    assert data.endswith(b"\n"), "the results file ends in a torn line"
    return [json.loads(line) for line in data.splitlines()]


def make_folder(root: Path, count: int) -> list[Path]:
    root.mkdir()
    paths = [root / f"call-{i:02}.wav" for i in range(count)]
    for path in paths:
        path.write_bytes(make_audio("wav"))
    return paths


def test_folder_of_mixed_formats_with_a_bad_file(cli, base_url, tmp_path, mock_text):
    pytest.importorskip("av")
    folder = tmp_path / "recordings"
    (folder / "nested").mkdir(parents=True)
    good = [folder / f"clip.{fmt}" for fmt in FORMATS[:4]]
    good += [folder / "nested" / f"clip.{fmt}" for fmt in FORMATS[4:]]
    for path in good:
        path.write_bytes(make_audio(path.suffix[1:]))
    (folder / "notes.txt").write_text("not audio, skipped by extension")
    bad = folder / "bad.wav"
    bad.write_bytes(b"\x00garbage, not a RIFF header" * 40)
    out = tmp_path / "results.jsonl"

    done = cli("transcribe", folder, "--base-url", base_url, "--out", out)

    assert done.returncode == 6, done.stderr
    records = {Path(r["path"]): r for r in read_records(out)}
    assert set(records) == {p.resolve() for p in [*good, bad]}
    for path in good:
        record = records[path.resolve()]
        assert record["status"] == "ok", record
        assert record["text"] == mock_text["default"]
        assert record["usage"]["kind"] == "both"
    assert records[bad.resolve()]["status"] == "error"
    assert records[bad.resolve()]["error"] == "UnsupportedFormatError"
    assert "bad.wav" in records[bad.resolve()]["message"]
    # stdout: a header and the transcript per good file; stderr: skip note, failure, summary.
    assert done.stdout.count("==> ") == len(good)
    assert "skipped 1 file" in done.stderr
    assert "7 ok, 1 failed (UnsupportedFormatError 1)" in done.stderr
    assert "Traceback" not in done.stderr


def test_json_and_jsonl_output_of_a_batch(cli, base_url, tmp_path):
    paths = make_folder(tmp_path / "calls", 3)

    jsonl = cli("transcribe", *paths, "--base-url", base_url, "--output", "jsonl")
    array = cli("transcribe", *paths, "--base-url", base_url, "--output", "json")

    assert jsonl.returncode == array.returncode == 0
    lines = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert sorted(r["path"] for r in lines) == [str(p.resolve()) for p in paths]
    assert [r["path"] for r in json.loads(array.stdout)] == [str(p.resolve()) for p in paths]


def test_resume_after_sigkill_loses_nothing_and_repeats_nothing(cli, tmp_path):
    paths = make_folder(tmp_path / "calls", 30)
    out = tmp_path / "results.jsonl"
    args = ("transcribe", tmp_path / "calls", "--out", out)

    with ScriptedServer(Reply(delay=0.2)) as server:
        process = cli.popen(*args, "--base-url", server.url, "--concurrency", "2")
        deadline = time.monotonic() + 30
        while not out.exists() or out.read_bytes().count(b"\n") < 6:
            assert process.poll() is None and time.monotonic() < deadline, "batch ended early"
            time.sleep(0.01)
        process.kill()
        stdout, stderr = process.communicate(timeout=10)
        cli.assert_secret(stdout, stderr)
    before = out.read_bytes()
    first = read_records(out)

    with ScriptedServer(Reply(delay=0.05)) as server:
        done = cli(*args, "--base-url", server.url, "--resume", "--concurrency", "4")

    assert done.returncode == 0, done.stderr
    assert 6 <= len(first) < 30
    # Every transcript the killed run printed had been recorded first.
    announced = {line[4:-4] for line in stdout.splitlines() if line.startswith("==> ")}
    assert announced
    assert {str(Path(p).resolve()) for p in announced} <= {r["path"] for r in first}
    # The resumed run appended after what was there, sent only the missing files...
    after = out.read_bytes()
    assert after.startswith(before)
    assert len(server.requests) == 30 - len(first)
    # ...and every file is now recorded exactly once, as done.
    records = read_records(out)
    assert sorted(r["path"] for r in records) == sorted(str(p.resolve()) for p in paths)
    assert all(r["status"] == "ok" for r in records)
    assert f"{len(first)} done before (--resume)" in done.stderr


def test_resume_ignores_a_torn_last_line_and_writes_whole_lines(cli, tmp_path):
    paths = make_folder(tmp_path / "calls", 3)
    out = tmp_path / "results.jsonl"
    done_before = {"path": str(paths[0].resolve()), "status": "ok", "text": "x", "usage": None}
    torn = json.dumps({"path": str(paths[1].resolve()), "status": "ok", "text": "hel"})[:40]
    out.write_text(json.dumps(done_before) + "\n" + torn)

    with ScriptedServer(Reply()) as server:
        done = cli("transcribe", *paths, "--base-url", server.url, "--out", out, "--resume")

    assert done.returncode == 0, done.stderr
    assert len(server.requests) == 2  # paths[1] was not recorded: its line is torn
    lines = out.read_text().splitlines()
    assert lines[:2] == [json.dumps(done_before), torn]  # the torn line is closed, not reused
    new = [json.loads(line) for line in lines[2:]]
    assert sorted(r["path"] for r in new) == sorted(str(p.resolve()) for p in paths[1:])


def test_an_authentication_failure_stops_the_batch(cli, tmp_path):
    paths = make_folder(tmp_path / "calls", 8)
    out = tmp_path / "results.jsonl"
    body = b'{"error": {"code": 401, "message": "User not found."}}'

    with ScriptedServer(Reply(401, body)) as server:
        done = cli(
            "transcribe", *paths, "--base-url", server.url, "--out", out, "--concurrency", "1"
        )

    assert done.returncode == 4
    assert len(server.requests) == 1
    assert [r["error"] for r in read_records(out)] == ["AuthenticationError"]
    assert "7 not started" in done.stderr
    assert "check the API key" in done.stderr


def test_progress_bar_on_a_terminal_leaves_stdout_alone(cli, base_url, tmp_path):
    paths = make_folder(tmp_path / "calls", 3)
    leader, follower = pty.openpty()  # stderr is a terminal, stdout a pipe
    process = subprocess.Popen(
        [*cli.command, "transcribe", *map(str, paths), "--base-url", base_url, "--output", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=cli.env(cli.key),
        text=True,
    )
    os.close(follower)
    stdout, _ = process.communicate(timeout=60)
    terminal = b""
    with contextlib.suppress(OSError):  # EIO once the child has gone
        while chunk := os.read(leader, 65536):
            terminal += chunk
    os.close(leader)
    shown = terminal.decode(errors="replace")
    cli.assert_secret(stdout, shown)

    assert process.returncode == 0, shown
    assert len([json.loads(line) for line in stdout.splitlines()]) == 3
    assert "3/3 files" in shown
    assert "3 ok" in shown


def test_folder_scan_finds_every_container_the_sniffer_accepts(cli, tmp_path):
    pytest.importorskip("av")
    folder = tmp_path / "voice"
    folder.mkdir()
    (folder / "note.opus").write_bytes(make_audio("ogg-opus"))  # WhatsApp, Telegram
    (folder / "memo.oga").write_bytes(make_audio("ogg-vorbis"))
    (folder / "phone.mp4").write_bytes(make_audio("mp4-isom"))
    (folder / "notes.txt").write_text("not audio")

    with ScriptedServer(Reply()) as server:
        done = cli("transcribe", folder, "--base-url", server.url, "--output", "jsonl")

    assert done.returncode == 0, done.stderr
    sent = sorted(Path(json.loads(line)["path"]).name for line in done.stdout.splitlines())
    assert sent == ["memo.oga", "note.opus", "phone.mp4"]
    assert len(server.requests) == 3
    assert "skipped 1 file" in done.stderr


def test_a_file_name_that_is_not_utf8_is_recorded_and_the_batch_goes_on(cli, tmp_path):
    folder = make_folder(tmp_path / "calls", 2)[0].parent
    odd = Path(os.fsdecode(bytes(folder) + b"/caf\xe9 \xff.wav"))  # Latin-1 and junk bytes
    odd.write_bytes(make_audio("wav"))
    garbage = Path(os.fsdecode(bytes(folder) + b"/\xfe.wav"))  # fails, with its name in the error
    garbage.write_bytes(b"\x00 not audio " * 40)
    out = tmp_path / "results.jsonl"
    # A UTF-8 terminal whose stdout refuses what is not UTF-8, as on most desktops.
    strict = {"PYTHONIOENCODING": "utf-8:strict"}

    with ScriptedServer(Reply()) as server:
        args = ("transcribe", folder, "--base-url", server.url, "--out", out)
        text = cli(*args, env=strict, errors="surrogateescape")
        jsonl = cli(*args, "--output", "jsonl", "--overwrite", env=strict)
        resumed = cli(*args, "--resume", env=strict)

    assert text.returncode == jsonl.returncode == 6, text.stderr + jsonl.stderr
    assert "Traceback" not in text.stderr + jsonl.stderr
    assert f"==> {odd} <==" in text.stdout  # the name's own bytes, as `head` prints them
    assert "3 ok, 1 failed (UnsupportedFormatError 1)" in text.stderr
    # Records are valid UTF-8 JSON; the name's bytes come back through os.fsencode.
    records = read_records(out)
    by_path = {Path(r["path"]): r for r in records}
    assert by_path[odd.resolve()]["status"] == "ok"
    assert by_path[garbage.resolve()]["error"] == "UnsupportedFormatError"
    assert os.fsencode(Path(by_path[odd.resolve()]["path"]).name) == b"caf\xe9 \xff.wav"
    assert "\\udce9" in out.read_bytes().decode("utf-8")  # a JSON escape, in valid UTF-8
    assert {json.loads(line)["path"] for line in jsonl.stdout.splitlines()} == {
        str(p.resolve()) for p in folder.iterdir()
    }
    # --resume recognises the odd name as done: only the failed file is tried again.
    assert resumed.returncode == 6, resumed.stderr
    assert len(server.requests) == 3 + 3 + 0
    assert "3 done before (--resume)" in resumed.stderr


# The command, reporting its peak memory as it exits. VmHWM belongs to this process's own
# address space; ru_maxrss would include the test process's, forked before the exec.
PEAK_RSS = """
import atexit, runpy, sys
hwm = lambda: next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
atexit.register(lambda: sys.stderr.write(hwm()))
runpy.run_module("openrouter_stt.cli", run_name="__main__")
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_many_failures_keep_no_audio_in_memory(cli, tmp_path):
    """A batch of failing files (here: not audio) holds on to none of their bytes: peak
    memory is the same for 4 failures as for 40 (each file is 700 KB)."""

    def peak_rss_kib(count: int) -> int:
        folder = tmp_path / f"bad-{count}"
        folder.mkdir()
        for i in range(count):
            (folder / f"{i:03}.wav").write_bytes(os.urandom(700_000))
        done = subprocess.run(
            [
                cli.command[0],
                "-c",
                PEAK_RSS,
                "transcribe",
                folder,
                "--base-url",
                "http://127.0.0.1:9",
            ],
            capture_output=True,
            text=True,
            env=cli.env(cli.key),
            timeout=60,
        )
        assert done.returncode == 3, done.stderr
        assert f"0 ok, {count} failed (UnsupportedFormatError {count})" in done.stderr
        return int(done.stderr.splitlines()[-1].split()[1])

    small, large = peak_rss_kib(4), peak_rss_kib(40)

    assert large - small < 10_000, f"{large - small} KiB more for 36 more failed files"
