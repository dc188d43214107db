"""Section 1, upload: wall time and memory by file size, with the floors (base64 in memory,
chunked read + encode, loopback + sink) measured alongside."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from harness import MB, NAMES, Sink, Target, child, log, mb_kb, ms

TARGETS = {
    "memory": 16.0,  # MB of peak RSS over idle, every size
    "vs_sdk": 10.0,  # times faster than the SDK at 100 MB
    "vs_floor": 1.2,  # times the fastest encoder's in-memory base64 floor at 100 MB
}

# A second, interleaved pass for the contenders that take well under a second, so a
# burst of load elsewhere does not decide the ratios to the floor; the slow ones
# (the SDK, plain httpx: seconds and hundreds of MB at 100 MB) run once.
UPLOAD_PLAN = [
    "floor",
    "wrapper",
    "sdk",
    "httpx",
    "stream",
    "thread",
    "floor",
    "wrapper",
    "stream",
    "thread",
]


def run(sink: Sink, clip: Path, files: dict[int, Path]) -> dict[str, Any]:
    """Per size: every process of UPLOAD_PLAN, merged per contender: all wall times
    (each process does 3), and the largest peak-over-idle of its processes."""
    results: dict[str, Any] = {}
    for size, path in files.items():
        row: dict[str, Any] = {}
        for contender in UPLOAD_PLAN:
            log(f"upload {size // MB} MB: {contender}")
            if contender == "floor":
                result = child("floor", str(path), sink.url)
                if "error" not in result and "floor" in row:
                    result = {
                        key: min(value, row["floor"][key]) if key != "encoder" else value
                        for key, value in result.items()
                    }
                row["floor"] = result
                continue
            before = sink.stats()
            result = child("upload", contender, sink.url, str(clip), str(path), "3")
            after = sink.stats()
            encoded = 4 * ((size + 2) // 3)
            result["verified"] = (
                after["malformed"] == before["malformed"]
                and after["requests"] - before["requests"] == 4
                and encoded < after["last_body_bytes"] < encoded + 512
            )
            previous = row.get(contender)
            if previous and "error" not in previous and "error" not in result:
                keep = max(previous, result, key=lambda r: r["peak_kb"] - r["idle_kb"])
                result = {
                    **keep,
                    "times": previous["times"] + result["times"],
                    "verified": previous["verified"] and result["verified"],
                    "processes": previous.get("processes", 1) + 1,
                }
            row[contender] = result
        results[str(size)] = row
    return results


def section(results: dict[str, Any]) -> tuple[list[str], list[Target], dict[str, Any]]:
    """The section's lines, its targets and the figures derived for them."""
    targets: list[Target] = []
    derived: dict[str, Any] = {}
    upload = results["upload"]
    sizes = sorted(upload, key=int)
    lines = [
        "## 1. Upload: wall time and memory by file size",
        "",
        "A WAV file of pseudo-random PCM, given to each client the way its users would: the",
        "wrapper gets the path; the SDK and plain httpx get the base64 of the file read",
        "into memory (the SDK takes nothing else). Wall time is the best of 3 uploads in one",
        "process; the quick contenders (the wrapper, the prototypes, the floors) run in",
        "two processes, interleaved with the others, and show all 6 runs and the best.",
        "Idle RSS is a process's high-water mark after its imports and one 1 KB warm-up",
        "call; peak is the high-water mark after its 3 uploads, one fresh process per",
        "contender and size (the larger peak - idle of two processes is shown). The",
        "high-water mark is `VmHWM` from `/proc/self/status`:",
        "`ru_maxrss` is the same figure, except that on Linux a child started by",
        "fork + exec inherits its parent's RSS as a floor, which hid everything below",
        "this runner's own size in a first version of this benchmark.",
        "",
        "Prototypes are not shipped code: the wrapper's chunked technique alone",
        "(`stream`), and the same with reading and encoding in a producer thread",
        "(`thread`), to see what overlap would buy.",
        "",
        "| size | contender | best wall | runs (s) | vs base64 floor | SDK time ÷ this "
        "| idle RSS MB | peak RSS MB | peak - idle MB | body checked |",
        "|---|---|--:|---|--:|--:|--:|--:|--:|:-:|",
    ]
    memory_ok = True
    for size in sizes:
        row = upload[size]
        floor = row["floor"]
        label = f"{int(size) // MB} MB"
        sdk_best = min(row["sdk"]["times"]) if "times" in row.get("sdk", {}) else None
        for contender in NAMES:
            r = row[contender]
            if "error" in r:
                lines.append(f"| {label} | {NAMES[contender]} | failed: {r['error']} |||||||")
                continue
            best = min(r["times"])
            delta = (r["peak_kb"] - r["idle_kb"]) / 1024
            if contender == "wrapper":
                memory_ok &= delta <= TARGETS["memory"]
            runs = ", ".join(f"{t:.3f}" for t in r["times"])
            vs_floor = f"{best / floor['b64_memory']:.2f}x" if "b64_memory" in floor else "n/a"
            vs_sdk = f"{sdk_best / best:.1f}x" if sdk_best else "n/a"
            lines.append(
                f"| {label} | {NAMES[contender]} | {ms(best)} | {runs} | {vs_floor} | {vs_sdk} "
                f"| {mb_kb(r['idle_kb'])} | {mb_kb(r['peak_kb'])} | {delta:,.1f} "
                f"| {'yes' if r['verified'] else 'NO'} |"
            )
        if "error" in floor:
            lines.append(f"| {label} | floors | failed: {floor['error']} |||||||")
        else:
            lines.append(
                f"| {label} | *floor: base64 of the file in memory, {floor['encoder']}* "
                f"| {ms(floor['b64_memory'])} | | 1.00x | | | | | |"
            )
            lines.append(
                f"| {label} | *base64 of the file in memory, CPython's binascii* "
                f"| {ms(floor['b64_memory_binascii'])} | | "
                f"{floor['b64_memory_binascii'] / floor['b64_memory']:.2f}x | | | | | |"
            )
            lines.append(
                f"| {label} | *read + encode in 768 KiB chunks, no network* "
                f"| {ms(floor['b64_chunked_read'])} | | "
                f"{floor['b64_chunked_read'] / floor['b64_memory']:.2f}x | | | | | |"
            )
            lines.append(
                f"| {label} | *loopback + sink: {floor['body_bytes'] / MB:,.0f} MB pre-encoded, "
                f"raw socket* | {ms(floor['loopback_send'])} | | "
                f"{floor['loopback_send'] / floor['b64_memory']:.2f}x | | | | | |"
            )
    lines.append("")
    biggest = upload[sizes[-1]]
    w = biggest["wrapper"]
    if "times" in w and "times" in biggest["sdk"] and "b64_memory" in biggest["floor"]:
        w_best = min(w["times"])
        derived["vs_sdk"] = min(biggest["sdk"]["times"]) / w_best
        derived["vs_floor"] = w_best / biggest["floor"]["b64_memory"]
        big = f"{int(sizes[-1]) // MB} MB"
        targets += [
            (
                "upload memory",
                f"peak - idle ≤ {TARGETS['memory']:.0f} MB at every size",
                ", ".join(
                    f"{(r['peak_kb'] - r['idle_kb']) / 1024:.1f}"
                    for r in (upload[s]["wrapper"] for s in sizes)
                    if "peak_kb" in r
                )
                + " MB",
                memory_ok,
            ),
            (
                "upload speed vs SDK",
                f"≥ {TARGETS['vs_sdk']:.0f}x faster at {big}",
                f"{derived['vs_sdk']:.1f}x",
                derived["vs_sdk"] >= TARGETS["vs_sdk"],
            ),
            (
                "upload speed vs floor",
                f"≤ {TARGETS['vs_floor']}x the fastest encoder's in-memory floor at {big}",
                f"{derived['vs_floor']:.2f}x",
                derived["vs_floor"] <= TARGETS["vs_floor"],
            ),
        ]
    return lines, targets, derived


def thread_verdict(stream: float, thread: float, gains: list[float]) -> str:
    """What the producer-thread prototype bought, trusted only when the two largest
    sizes agree (one size alone is at the mercy of a burst of load elsewhere)."""
    change = thread / stream - 1
    sizes = ", ".join(f"{g:+.0%}" for g in gains)
    if gains and all(g <= -0.15 for g in gains):
        return (
            f": here the producer thread saved {-change:.0%} over the same chunks sent from "
            f"one thread ({ms(thread)} against {ms(stream)}; {sizes} at the two largest "
            "sizes), worth doing."
        )
    return (
        f": here the producer thread took {ms(thread)} against {ms(stream)} for the same "
        f"chunks sent from one thread (changes at the two largest sizes: {sizes}), no "
        f"consistent gain worth a thread on {os.cpu_count()} cores."
    )


def limits(results: dict[str, Any], derived: dict[str, Any]) -> list[str]:
    """What limits an upload, around this run's own figures."""
    upload = results["upload"]
    big = upload[max(upload, key=int)]
    floor, w = big["floor"], big["wrapper"]
    out = []
    if "b64_memory" in floor and "times" in w:
        wb = min(w["times"])
        th = min(big["thread"]["times"]) if "times" in big.get("thread", {}) else None
        st = min(big["stream"]["times"]) if "times" in big.get("stream", {}) else None
        gains = [
            min(upload[s]["thread"]["times"]) / min(upload[s]["stream"]["times"]) - 1
            for s in sorted(upload, key=int)[-2:]
            if "times" in upload[s].get("thread", {}) and "times" in upload[s].get("stream", {})
        ]
        out.append(
            f"- **Uploads: the base64 encoder, then the loopback.** At "
            f"{int(max(upload, key=int)) // MB} MB, CPython's `binascii` encoder takes "
            f"{ms(floor['b64_memory_binascii'])} over the file in memory; {floor['encoder']} "
            f"(SIMD, a dependency of the wrapper) takes {ms(floor['b64_memory'])}, the floor "
            f"the target uses, and {ms(floor['b64_chunked_read'])} when reading and encoding "
            "in the wrapper's 768 KiB chunks (each chunk fits the CPU cache, and no 133 MB "
            "buffer has to be allocated); the loopback and the sink take "
            f"{ms(floor['loopback_send'])} for a pre-encoded body of the same size. With the "
            f"encoder this fast, the wrapper's {ms(wb)} "
            f"({wb / floor['loopback_send']:.2f}x that loopback floor) is mostly the socket "
            "writes and the sink receiving on the other core: no client can go below the "
            "loopback floor, so on a machine where it exceeds the encoder's floor the "
            "1.2x target cannot be met by any client. pybase64 releases the GIL, so a producer "
            "thread can overlap reading and encoding with the writes"
            + (thread_verdict(st, th, gains) if st and th else ".")
            + " Memory stays at a few MB over idle because no more than a chunk or two is "
            "alive at once; plain httpx and the SDK hold the file, its base64 text and "
            "the JSON body (several copies) at the same time."
        )
    return out
