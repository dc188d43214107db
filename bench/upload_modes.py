"""`make bench`, section 5: the same file sent as base64 JSON and as multipart/form-data
by the wrapper, at 1, 10 and 25 MB (the multipart limit): bytes on the wire, wall time
and peak RSS. ``bench/run.py`` calls ``run`` and ``report``; each measurement runs in a
fresh process of this file:

    python bench/upload_modes.py UPLOAD URL CLIP FILE REPEAT   # prints one JSON object
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000
SIZES = (1 * MB, 10 * MB, 25 * MB)
MODES = ("json", "multipart")
# Each mode twice, interleaved, so a burst of load elsewhere does not land on one only.
PLAN = ("json", "multipart", "json", "multipart")


def measure(upload: str, url: str, clip: str, path: str, repeat: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "bench"))
    from contenders import _hwm_kb

    from openrouter_stt import Client

    with Client(api_key="bench-key", base_url=url, max_retries=0, upload=upload) as client:
        client.transcribe(clip, upload="json")  # warm-up: imports, models, connection
        idle = _hwm_kb()
        times, cpu = [], []
        for _ in range(repeat):
            started, used = time.perf_counter(), time.process_time()
            client.transcribe(path)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
    return {"times": times, "cpu": cpu, "idle_kb": idle, "peak_kb": _hwm_kb()}


def run(sink: Any, clip: Path, files: dict[int, Path], log: Any) -> dict[str, Any]:
    """Per size and mode: all wall times, the larger peak - idle of two processes, and
    the body bytes the sink counted for one upload."""
    results: dict[str, Any] = {}
    for size, path in files.items():
        row: dict[str, Any] = {}
        for mode in PLAN:
            log(f"upload modes {size // MB} MB: {mode}")
            before = sink.stats()
            done = subprocess.run(
                [sys.executable, __file__, mode, sink.url, str(clip), str(path), "3"],
                capture_output=True,
                text=True,
                timeout=600,
                cwd=ROOT,
            )
            after = sink.stats()
            if done.returncode != 0:
                row[mode] = {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["body_bytes"] = after["last_body_bytes"]
            result["verified"] = after["requests"] - before["requests"] == 4
            previous = row.get(mode)
            if previous and "error" not in previous:
                keep = max(previous, result, key=lambda r: r["peak_kb"] - r["idle_kb"])
                result = {
                    **keep,
                    "times": previous["times"] + result["times"],
                    "cpu": previous["cpu"] + result["cpu"],
                    "verified": previous["verified"] and result["verified"],
                }
            row[mode] = result
        results[str(size)] = row
    return results


def report(results: dict[str, Any]) -> list[str]:
    lines = [
        "## 5. Multipart against base64 JSON",
        "",
        "The wrapper sends the same WAV file both ways (`upload='json'`, `upload='multipart'`;",
        "`auto` picks multipart up to 25 MB): bytes of the request body as the sink counted",
        "them, best wall time of 6 uploads in two processes, the client's CPU time for the",
        "same upload (`time.process_time()`, which load elsewhere does not inflate), and RSS",
        "as in section 1 (the larger peak - idle of the two processes). Both bodies stream",
        "from the file with an exact Content-Length.",
        "",
        "| size | body | bytes on the wire | ÷ file size | best wall | runs (s) | client CPU "
        "| idle RSS MB | peak RSS MB | peak - idle MB | requests checked |",
        "|---|---|--:|--:|--:|---|--:|--:|--:|--:|:-:|",
    ]
    for size in sorted(results, key=int):
        for mode in MODES:
            r = results[size].get(mode, {"error": "not run"})
            label = f"{int(size) // MB} MB"
            if "error" in r:
                lines.append(f"| {label} | {mode} | failed: {r['error']} |||||||||")
                continue
            runs = ", ".join(f"{t:.3f}" for t in r["times"])
            delta = (r["peak_kb"] - r["idle_kb"]) / 1024
            checked = "yes" if r["verified"] else "NO"
            lines.append(
                f"| {label} | {mode} | {r['body_bytes']:,} | {r['body_bytes'] / int(size):.3f} "
                f"| {min(r['times']) * 1000:,.0f} ms | {runs} | {min(r['cpu']) * 1000:,.0f} ms "
                f"| {r['idle_kb'] / 1024:,.1f} "
                f"| {r['peak_kb'] / 1024:,.1f} | {delta:,.1f} | {checked} |"
            )
    biggest = results[max(results, key=int)]
    if all("times" in biggest.get(mode, {}) for mode in MODES):
        saved = 1 - biggest["multipart"]["body_bytes"] / biggest["json"]["body_bytes"]
        speed = min(biggest["json"]["times"]) / min(biggest["multipart"]["times"])
        cpu = min(biggest["multipart"]["cpu"]) / min(biggest["json"]["cpu"])
        lines += [
            "",
            f"At {int(max(results, key=int)) // MB} MB multipart sends {saved:.1%} fewer bytes, "
            f"took {1 / speed:.2f}x the wall time and {cpu:.2f}x the client CPU of JSON here "
            "(no base64 to encode). On loopback the bytes cost "
            "almost nothing; on a real uplink (say 10 Mbit/s, 1.25 MB/s) the body's size is "
            "the wait: "
            + ", ".join(f"{mode} {biggest[mode]['body_bytes'] / 1.25e6:,.1f} s" for mode in MODES)
            + ".",
        ]
    return [*lines, ""]


if __name__ == "__main__":
    upload, url, clip, path, repeat = sys.argv[1:6]
    print(json.dumps(measure(upload, url, clip, path, int(repeat))))
