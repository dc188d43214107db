"""Section 3, batch throughput: short files through an async client at concurrency 16."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness import NAMES, Sink, Target, best_of, ms, run_rounds

TARGET = 0.80  # wrapper / httpx throughput
PLAN = ["wrapper", "httpx", "wrapper", "httpx", "sdk"]


def run(sink: Sink, clip: Path, directory: Path) -> dict[str, Any]:
    return run_rounds(sink, "batch", PLAN, str(clip), str(directory), "16")


def section(results: dict[str, Any]) -> tuple[list[str], list[Target], dict[str, Any]]:
    targets: list[Target] = []
    derived: dict[str, Any] = {}
    batch = results["batch"]
    best_batch = {c: best_of(runs, "times") for c, runs in batch.items()}
    n_files = next((r["files"] for runs in batch.values() for r in runs if "files" in r), 0)
    lines = [
        f"## 3. Batch throughput: {n_files} short files, async, concurrency 16",
        "",
        f"{n_files} one-second WAV clips (16 kHz mono, 16-bit: 32 KB) through one async",
        "client, 16 workers pulling from one list of paths: `AsyncClient.transcribe(path)`",
        "for the wrapper, `create_transcription_async` for the SDK, and the seed's pattern",
        "on `httpx.AsyncClient` (the bare-client capacity the target compares with). Best of 3",
        "rounds per process, best of the interleaved processes. Client CPU is the",
        "process's `time.process_time()` (all its threads) in its cheapest round.",
        "",
        "| contender | best wall | files/s | rounds (s) | ÷ plain httpx (throughput) "
        "| ÷ SDK (throughput) | client CPU per file | CPU ÷ plain httpx |",
        "|---|--:|--:|---|--:|--:|--:|--:|",
    ]
    cpu_batch = {c: best_of(runs, "cpu") for c, runs in batch.items()}
    for contender, runs in batch.items():
        value = best_batch[contender]
        if value is None:
            lines.append(f"| {NAMES[contender]} | failed: {runs[0].get('error')} |||||")
            continue
        rounds = "; ".join(", ".join(f"{t:.2f}" for t in r["times"]) for r in runs if "times" in r)
        httpx_best, sdk_best = best_batch.get("httpx"), best_batch.get("sdk")
        vs_httpx = f"{httpx_best / value:.0%}" if httpx_best else "n/a"
        vs_sdk = f"{sdk_best / value:.0%}" if sdk_best else "n/a"
        used = cpu_batch.get(contender)
        per_file = f"{used / n_files * 1e6:,.0f} µs" if used else "n/a"
        cpu_vs = f"{used / cpu_batch['httpx']:.2f}x" if used and cpu_batch.get("httpx") else "n/a"
        lines.append(
            f"| {NAMES[contender]} | {ms(value)} | {n_files / value:,.0f} | {rounds} "
            f"| {vs_httpx} | {vs_sdk} | {per_file} | {cpu_vs} |"
        )
    lines.append("")
    if best_batch.get("wrapper") and best_batch.get("httpx"):
        derived["batch"] = best_batch["httpx"] / best_batch["wrapper"]
        cpu_note = (
            f"; client CPU {cpu_batch['wrapper'] / cpu_batch['httpx']:.2f}x"
            if cpu_batch.get("wrapper") and cpu_batch.get("httpx")
            else ""
        )
        targets.append(
            (
                "batch throughput",
                f"≥ {TARGET:.0%} of plain httpx",
                f"{derived['batch']:.0%}{cpu_note}",
                derived["batch"] >= TARGET,
            )
        )
    return lines, targets, derived


def limits(results: dict[str, Any], derived: dict[str, Any]) -> list[str]:
    """What bounds the batch: the client's CPU."""
    out = []
    if "batch" in derived:
        batch, n = results["batch"], 0
        walls = {c: best_of(runs, "times") for c, runs in batch.items()}
        cpus = {c: best_of(runs, "cpu") for c, runs in batch.items()}
        n = next((r["files"] for runs in batch.values() for r in runs if "files" in r), 1)
        bound = (
            f" Plain httpx spent {cpus['httpx'] / n * 1e6:,.0f} µs of client CPU per file "
            f"against {walls['httpx'] / n * 1e6:,.0f} µs of wall time per file: the batch is "
            "bound by the client process's own CPU (httpx's async stack, one core), not by "
            "the sink, so the ratio compares client costs."
            if cpus.get("httpx") and walls.get("httpx") and cpus["httpx"] > 0.7 * walls["httpx"]
            else ""
        )
        out.append(
            "- **Batch: the client's CPU.** Every async contender shares the machine's cores "
            "with the single-process asyncio sink." + bound + " The wrapper opens, sniffs "
            "and reads each file in a worker thread (`anyio.to_thread`, one hop per file: "
            "no read may block the event loop), which for a 32 KB file costs more than the "
            "read it moves off the loop; it also checks its arguments and parses the answer "
            "through the generated models. The seed's pattern reads on the loop; both "
            "encode on the loop and write a small body once."
        )
    return out
