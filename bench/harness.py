"""What every benchmark section shares: the sink server, fresh child processes, WAV files
of pseudo-random PCM, the machine's description and load, and the report's number formats."""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import os
import platform
import random
import subprocess
import sys
import time
import urllib.request
import wave
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CONTENDERS = str(ROOT / "bench" / "contenders.py")
SINK = str(ROOT / "bench" / "sink.py")
MB = 1_000_000

NAMES = {
    "wrapper": "openrouter-stt (this wrapper)",
    "sdk": "official `openrouter` SDK",
    "httpx": "plain httpx (seed pattern)",
    "stream": "prototype: bare streamed body",
    "thread": "prototype: streamed body, producer thread",
}

#: One row of the report's targets table: name, what is wanted, what was measured, met.
Target = tuple[str, str, str, bool]


class Sink:
    """The sink server, in its own process, for the whole run."""

    def __enter__(self) -> Sink:
        self.process = subprocess.Popen([PYTHON, SINK], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line.startswith("PORT "):
            self.process.kill()
            raise SystemExit(f"the sink did not start: {line!r}")
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"
        return self

    def stats(self) -> dict[str, int]:
        with urllib.request.urlopen(f"{self.url}/stats", timeout=10) as response:
            return json.loads(response.read())

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def child(*args: str, timeout: float = 300) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its last stdout line is JSON."""
    done = subprocess.run(
        [PYTHON, CONTENDERS, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"error": tail}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_rounds(sink: Sink, scenario: str, plan: list[str], *args: str) -> dict[str, Any]:
    """Children in the order of ``plan`` (a contender may come back for a second round,
    interleaved, so a burst of load elsewhere does not land on one contender only)."""
    runs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for contender in plan:
        log(f"{scenario}: {contender}")
        before = sink.stats()["malformed"]
        result = child(scenario, contender, sink.url, *args)
        result["verified"] = sink.stats()["malformed"] == before
        runs[contender].append(result)
    return dict(runs)


def python_c(code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, *flags, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_wav(path: Path, size: int, seed: int) -> Path:
    """A 16 kHz mono 16-bit WAV of exactly ``size`` bytes of pseudo-random PCM."""
    rng = random.Random(seed)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        left = size - 44
        while left:
            n = min(left, 8 << 20)
            out.writeframesraw(rng.randbytes(n))
            left -= n
    assert path.stat().st_size == size, path
    return path


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "httpx": version("httpx"),
        "openrouter": version("openrouter"),
        "openrouter-stt": version("openrouter-stt"),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def busy_fraction(seconds: float = 2.0) -> float:
    """How busy all CPUs were over the next ``seconds`` (0..1), from /proc/stat."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        return sum(values), values[3] + values[4]  # total, idle + iowait

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except OSError:
        return 0.0
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


def wait_for_quiet(limit: float) -> float:
    """Wait up to ``limit`` seconds for the machine to be mostly idle (other work on it
    would land on some measurements and not others); returns the last busy figure."""
    deadline = time.monotonic() + limit
    busy = busy_fraction()
    while busy > 0.25 and time.monotonic() < deadline:
        log(f"the CPUs are {busy:.0%} busy with other work; waiting for a quieter moment")
        time.sleep(3)
        busy = busy_fraction()
    return busy


def loadavg() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def mb_kb(kb: float) -> str:
    return f"{kb / 1024:,.1f}"


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def best_of(runs: list[dict[str, Any]], key: str) -> float | None:
    values = [min(r[key]) if isinstance(r[key], list) else r[key] for r in runs if key in r]
    return min(values) if values else None
