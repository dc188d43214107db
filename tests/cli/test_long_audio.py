"""`openrouter-stt transcribe --split/--max-concurrency` end to end, as a subprocess."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

pytest.importorskip("av")
pytest.importorskip("numpy")

from audio_samples import speech_like_wav, video_only_mp4
from local_server import Reply, ScriptedServer

# 70 s with a pause before each 30 s boundary: three pieces with --split 30.
SPEECH = speech_like_wav([(28.0, 28.6), (56.5, 57.1)], 70.0)


@pytest.fixture
def talk(tmp_path):
    path = tmp_path / "talk.wav"
    path.write_bytes(SPEECH)
    return path


def test_split_sends_pieces_and_prints_one_transcript(cli, talk):
    body = json.dumps({"text": "part", "usage": {"cost": 0.5, "seconds": 30}}).encode()
    with ScriptedServer(Reply(200, body)) as server:
        done = cli(
            "transcribe", talk, "--base-url", server.url, "--split", "30",
            "--max-concurrency", "2", "--output", "json",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert len(server.requests) == 3
    record = json.loads(done.stdout)
    assert record["text"] == "part part part"
    assert record["usage"]["cost"] == pytest.approx(1.5) and record["usage"]["kind"] == "duration"


@pytest.mark.parametrize("value", ["5", "sometimes", "-30", "inf"])
def test_a_bad_split_is_a_usage_error(cli, talk, value):
    done = cli("transcribe", talk, "--base-url", "http://127.0.0.1:9", "--split", value)
    assert done.returncode == 2
    assert "--split" in done.stderr and "at least 10" in done.stderr


def test_a_failed_piece_fails_the_file_in_a_batch(cli, talk, tmp_path):
    other = tmp_path / "other.wav"
    other.write_bytes(speech_like_wav([], 12.0))
    out = tmp_path / "results.jsonl"
    fail = Reply(502, b'{"error": {"code": 502, "message": "provider down"}}')
    with ScriptedServer(Reply(), fail, Reply()) as server:
        done = cli(
            "transcribe", talk, other, "--base-url", server.url, "--split", "30",
            "--max-concurrency", "1", "--max-retries", "0", "--concurrency", "1",
            "--out", out,
        )  # fmt: skip
    records = {r["path"]: r for r in map(json.loads, out.read_text().splitlines())}
    failed = [r for r in records.values() if r["status"] == "error"]
    assert len(failed) == 1 and failed[0]["error"] == "ChunkError"
    assert "provider down" in failed[0]["message"] and "0:00:" in failed[0]["message"]
    assert done.returncode in (5, 6)


def test_a_file_that_cannot_be_cut_fails_alone_in_a_batch(cli, tmp_path):
    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "screen.mp4").write_bytes(video_only_mp4())  # 20 s of video, no audio
    for i in range(6):
        (folder / f"talk{i}.wav").write_bytes(speech_like_wav([], 12.0, seed=i))
    out = tmp_path / "x.jsonl"
    with ScriptedServer(Reply()) as server:
        done = cli("transcribe", folder, "--base-url", server.url, "--split", "10", "--out", out)
    assert "Traceback" not in done.stderr
    records = {Path(r["path"]).name: r for r in map(json.loads, out.read_text().splitlines())}
    assert len(records) == 7
    assert records["screen.mp4"]["status"] == "error"
    assert "no audio stream" in records["screen.mp4"]["message"]
    assert all(records[f"talk{i}.wav"]["status"] == "ok" for i in range(6))
    assert done.returncode == 6


def test_the_pieces_done_before_one_failed_are_recorded_and_counted(cli, talk, tmp_path):
    out = tmp_path / "results.jsonl"
    done_piece = json.dumps({"text": "first part", "usage": {"cost": 0.25, "seconds": 30}})
    fail = Reply(502, b'{"error": {"code": 502, "message": "provider down"}}')
    with ScriptedServer(Reply(200, done_piece.encode()), fail) as server:
        done = cli(
            "transcribe", talk, "--base-url", server.url, "--split", "30",
            "--max-concurrency", "1", "--max-retries", "0", "--out", out,
        )  # fmt: skip

    assert done.returncode == 5, done.stderr
    (record,) = map(json.loads, out.read_text().splitlines())
    assert record["error"] == "ChunkError"
    assert [(p["start"], p["text"]) for p in record["completed"]] == [(0.0, "first part")]
    assert record["completed"][0]["usage"]["cost"] == 0.25
    assert "cost $0.250000" in done.stderr  # paid for, so counted


def test_ctrl_c_records_the_finished_pieces_and_resume_sends_the_file_again(cli, tmp_path):
    talk = tmp_path / "talk.wav"
    talk.write_bytes(speech_like_wav([], 60.0))  # pieces of up to 10 s
    later = tmp_path / "later.wav"  # waits for a slot: --concurrency 1
    later.write_bytes(speech_like_wav([], 12.0, seed=1))
    out = tmp_path / "results.jsonl"
    pieces = [
        json.dumps({"text": text, "usage": {"cost": 0.25, "seconds": 10}}).encode()
        for text in ("first part", "second part")
    ]
    script = (Reply(200, pieces[0]), Reply(200, pieces[1]), Reply(delay=30.0))
    with ScriptedServer(*script) as server:
        process = cli.popen(
            "transcribe", talk, later, "--base-url", server.url, "--split", "10",
            "--max-concurrency", "1", "--concurrency", "1", "--out", out,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while len(server.requests) < 3:  # two pieces answered, the third hangs
            assert process.poll() is None and time.monotonic() < deadline, process.stderr
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    cli.assert_secret(stdout, stderr)

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    (record,) = map(json.loads, out.read_text().splitlines())
    assert record["status"] == "interrupted"
    assert record["path"] == str(talk.resolve())
    assert [(p["start"], p["text"]) for p in record["completed"]] == [
        (0.0, "first part"),
        (pytest.approx(10.0, abs=0.5), "second part"),
    ]
    assert [p["usage"]["cost"] for p in record["completed"]] == [0.25, 0.25]
    summary = "0 ok, 1 interrupted with pieces recorded, 1 not started, 20.0 s of audio"
    assert f"{summary}, cost $0.500000" in stderr  # paid for, so counted

    with ScriptedServer(Reply()) as server:
        again = cli(
            "transcribe", talk, "--base-url", server.url, "--split", "10",
            "--max-concurrency", "1", "--out", out, "--resume",
        )  # fmt: skip
        assert again.returncode == 0, again.stderr
        sent = len(server.requests)
    assert sent >= 6  # not taken for done: the whole recording is sent again
    latest = json.loads(out.read_text().splitlines()[-1])
    assert latest["status"] == "ok" and latest["text"] == " ".join(["hello"] * sent)
