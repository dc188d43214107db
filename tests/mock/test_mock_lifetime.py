"""The mock dies with the process that started it, however that process ends: a clean
stop on SIGHUP (the terminal closed) or SIGTERM, and no Prism left behind after SIGKILL or a
crash, with its workers and its temporary log. ``make mock`` alone asks for a Prism that
outlives its parent (``detach=True``)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# A library user's process: starts the mock, says where it is, then waits to be killed.
LIBRARY_USER = """
import json, sys, time
from openrouter_stt.mock import MockServer
options = json.loads(sys.argv[1])
server = MockServer(**options).start()
print(json.dumps({"pid": server.pid, "port": server.port, "log": str(server._output)}), flush=True)
if not options.get("detach"):
    time.sleep(600)
"""


def state(pid: int) -> str | None:
    """The process's state letter, or None once it is gone (a zombie counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    letter = stat.rsplit(")", 1)[1].split()[0]
    return None if letter in ("Z", "X") else letter


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            found.append(int(stat.parent.name))
    return found


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def assert_gone(pids: list[int], port: int, log: Path) -> None:
    assert wait_until(lambda: all(state(pid) is None for pid in pids)), [
        (pid, state(pid)) for pid in pids
    ]
    assert wait_until(lambda: not answers(port)), f"port {port} still answers"
    assert wait_until(lambda: not log.exists()), f"{log} was left behind"


class Started:
    """Processes a test starts, and the Prism groups to end if a test leaves them behind."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[str]] = []
        self.prisms: list[int] = []


@pytest.fixture
def processes() -> Iterator[Started]:
    started = Started()
    yield started
    for process in started.processes:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)
    for pid in started.prisms:
        if state(pid) is not None:
            os.killpg(pid, signal.SIGKILL)


def start_library_user(
    processes: Started, env: dict[str, str] | None = None, **options: object
) -> tuple[subprocess.Popen[str], dict[str, object]]:
    process = subprocess.Popen(
        [sys.executable, "-c", LIBRARY_USER, json.dumps(options)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    processes.processes.append(process)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, process.communicate(timeout=30)[1]
    mock = json.loads(line)
    processes.prisms.append(int(mock["pid"]))
    return process, mock


def start_command(processes: Started) -> tuple[subprocess.Popen[str], int]:
    """``openrouter-stt mock`` on a free port, once it serves; and its Prism's pid."""
    process = subprocess.Popen(
        [sys.executable, "-m", "openrouter_stt.cli", "mock", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    processes.processes.append(process)
    assert process.stdout is not None
    banner = process.stdout.readline()  # printed once Prism serves
    assert "http://127.0.0.1:" in banner, process.communicate(timeout=30)
    (prism,) = children(process.pid)
    processes.prisms.append(prism)
    return process, prism


def prism_log(prism: int) -> Path:
    """The file Prism writes its output to (its stdout)."""
    return Path(os.readlink(f"/proc/{prism}/fd/1"))


def prism_port(prism: int, log: Path) -> int:
    text = log.read_text()
    return int(text.split("Prism is listening on http://127.0.0.1:")[1].split()[0])


def test_a_killed_library_user_takes_prism_and_its_log_with_it(processes) -> None:
    process, mock = start_library_user(processes)
    pid, port, log = int(mock["pid"]), int(mock["port"]), Path(str(mock["log"]))
    assert answers(port) and log.exists()

    process.kill()  # SIGKILL: no Python code runs, no atexit, no finally

    assert_gone([pid], port, log)


def test_the_mock_starts_where_node_env_is_production(processes) -> None:
    # NODE_ENV=production turns on Prism's worker mode, which crashes at start-up.
    _, mock = start_library_user(processes, env={"NODE_ENV": "production"})
    assert answers(int(mock["port"]))


GROUP_LEADER = """
const { spawn } = require("node:child_process");
const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
console.log(`child ${child.pid}`);
setInterval(() => {}, 1000);
"""

PRISM_OWNER = """
import shutil, sys, time
from pathlib import Path
from openrouter_stt.mock import _Prism
script, log = sys.argv[1:]
prism = _Prism([shutil.which("node"), script], Path(log), lifeline=True, temp_log=Path(log))
print(prism.process.pid, flush=True)
time.sleep(600)
"""


def test_the_lifeline_ends_prisms_whole_process_group(processes, tmp_path) -> None:
    (tmp_path / "leader.js").write_text(GROUP_LEADER)
    log = tmp_path / "leader.log"
    process = subprocess.Popen(
        [sys.executable, "-c", PRISM_OWNER, str(tmp_path / "leader.js"), str(log)],
        stdout=subprocess.PIPE,
        text=True,
    )
    processes.processes.append(process)
    assert process.stdout is not None
    leader = int(process.stdout.readline())
    processes.prisms.append(leader)
    assert wait_until(lambda: "child " in log.read_text())
    child = int(log.read_text().split("child ")[1].split()[0])
    assert state(child) is not None

    process.kill()

    assert wait_until(lambda: state(leader) is None and state(child) is None)
    assert wait_until(lambda: not log.exists())


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_the_mock_command_stops_cleanly_when_its_terminal_closes(processes, signum) -> None:
    process, prism = start_command(processes)
    log = prism_log(prism)
    port = prism_port(prism, log)

    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)

    assert process.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    assert_gone([prism], port, log)


def test_the_mock_command_killed_leaves_no_prism_behind(processes) -> None:
    process, prism = start_command(processes)
    log = prism_log(prism)
    port = prism_port(prism, log)

    process.kill()
    process.communicate(timeout=30)

    assert_gone([prism], port, log)


def test_a_detached_mock_outlives_its_parent_as_make_mock_wants(processes, tmp_path) -> None:
    log = tmp_path / "mock.log"
    process, mock = start_library_user(processes, detach=True, log=str(log))
    pid, port = int(mock["pid"]), int(mock["port"])
    assert process.wait(timeout=30) == 0
    time.sleep(0.5)
    assert state(pid) is not None and answers(port)
    os.killpg(pid, signal.SIGKILL)
    assert_gone([pid], port, tmp_path / "not-a-temporary-log")
    assert log.exists()  # a log the caller named is theirs to keep
