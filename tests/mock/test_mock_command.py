"""`openrouter-stt mock` as users run it: a busy port, and a Prism that keeps dying."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

COMMAND = (sys.executable, "-m", "openrouter_stt.cli", "mock")


@pytest.fixture
def command() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)


def run(started: list[subprocess.Popen[str]], *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "COLUMNS": "200"}
    process = subprocess.Popen(
        [*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    started.append(process)
    return process


def prism_child(parent: int, other_than: int | None = None, timeout: float = 60) -> int:
    """The pid of the Prism (node) process the command runs, once there is one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields[0] is the state: a zombie (Z) is a Prism that died, not yet reaped.
            pid = int(stat.parent.name)
            if int(fields[1]) == parent and fields[0] != "Z" and pid != other_than:
                return pid
        time.sleep(0.1)
    pytest.fail(f"process {parent} started no Prism")


def test_a_busy_port_moves_the_mock_to_the_next_one_and_says_so(command) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        process = run(command, "--port", str(port))
        assert process.stdout is not None and process.stderr is not None
        banner = process.stdout.readline()  # printed once Prism serves
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    moved = int(banner.split("http://127.0.0.1:")[1].split()[0])
    assert moved > port
    assert f"openrouter-stt: port {port} is busy; the mock uses {moved} instead" in stderr


def test_prism_dying_twice_ends_the_command_with_the_reason(command) -> None:
    process = run(command, "--port", "0")
    assert process.stdout is not None
    process.stdout.readline()  # serving
    first = prism_child(process.pid)
    os.kill(first, signal.SIGKILL)
    second = prism_child(process.pid, other_than=first)  # the restart
    os.kill(second, signal.SIGKILL)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 5, stderr
    assert "died (killed by SIGKILL); restarting it once" in stderr
    # Killed again while serving, or while the restart was still being checked:
    reason = r"(died again|died and did not restart: Prism stopped) \(killed by SIGKILL\)"
    assert re.search(rf"MockError: Prism on port \d+ {reason}", stderr), stderr
    assert "Traceback" not in stderr


def test_api_openai_serves_openais_contract_and_is_restarted_once(command) -> None:
    """`--api openai` serves transcriptions and translations (and an srt answer when asked),
    and keeps the mock's guarantees: a Prism killed once is restarted on the same port."""
    import httpx

    process = run(command, "--port", "0", "--api", "openai")
    assert process.stdout is not None
    banner = process.stdout.readline()
    assert "POST /audio/transcriptions, POST /audio/translations" in banner
    url = banner.split(" at ")[1].split()[0]
    files = {"file": ("a.wav", b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav")}
    headers = {"Authorization": "Bearer any", "Prefer": "example=srt", "Accept": "text/plain"}

    def srt_answer() -> httpx.Response:
        return httpx.post(
            f"{url}/audio/translations", files=files, data={"model": "whisper-1"},
            headers=headers, timeout=10,
        )  # fmt: skip

    assert srt_answer().text.startswith("1\n00:00:00,000 --> ")
    first = prism_child(process.pid)
    os.kill(first, signal.SIGKILL)
    prism_child(process.pid, other_than=first)
    deadline = time.monotonic() + 60
    while True:  # the restart is on the same port once it answers
        try:
            answer = srt_answer()
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline, "the restarted Prism never answered"
            time.sleep(0.2)
    assert answer.status_code == 200


def test_an_unknown_api_is_refused_before_the_mock_starts(command) -> None:
    process = run(command, "--api", "whisper")
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "--api" in stderr and "openrouter, openai" in stderr
