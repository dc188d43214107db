"""`make bench`: the wrapper side by side with the official SDK and plain httpx, on this
machine, in one run; writes docs/benchmarks.md.

    .venv/bin/python bench/run.py [--quick] [--out docs/benchmarks.md]

Starts a sink server (bench/sink.py) in its own process, writes WAV files of pseudo-
random PCM to a temporary directory, and runs every measurement in a fresh child
process (bench/contenders.py), so imports, idle memory and the peak-memory high-water
mark belong to one contender and one file size. Scenarios:

1. upload: 1 MB, 10 MB, 100 MB files; best-of-3 wall time, idle and peak RSS; with the
   floors (base64 in memory, chunked read+encode, loopback+sink) measured alongside;
2. per-call overhead: 2,000 sequential 1 KB transcriptions through one client;
3. batch throughput: 200 short files through an async client at concurrency 16;
4. import time (median of 10 fresh interpreters, `-X importtime` breakdown) and the
   time to the end of the first call, since the generated models load on first use;
5. multipart against base64 JSON at 1, 10 and 25 MB (bench/upload_modes.py).
6. long audio (bench/long_audio.py): a 2-hour recording split, encoded and transcribed.

Each scenario is a module of its own (``upload``, ``percall``, ``batch``, ``imports``,
``upload_modes``, ``long_audio``) that runs it and writes its section of the report;
``harness`` holds what they share and ``report`` puts the document together.

``--quick`` shrinks every scenario for a smoke test; its figures mean little.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

# bench/, beside this file
import batch
import imports
import long_audio
import percall
import report
import upload
import upload_modes
from harness import MB, ROOT, Sink, loadavg, log, machine, wait_for_quiet, write_wav


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="shrunken scenarios (smoke test)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument(
        "--wait",
        type=float,
        default=60,
        help="seconds to wait, at most, for other work on the machine to quieten (default 60)",
    )
    options = parser.parse_args()

    sizes = [1 * MB] if options.quick else [1 * MB, 10 * MB, 100 * MB]
    percall_n = 200 if options.quick else 2000
    n_files = 40 if options.quick else 200
    import_repeats = 3 if options.quick else 10

    busy = wait_for_quiet(0 if options.quick else options.wait)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(), "load": [loadavg()], "busy": busy}
    with tempfile.TemporaryDirectory(prefix="openrouter-stt-bench-") as tmp, Sink() as sink:
        directory = Path(tmp)
        log(f"sink on {sink.url}; writing audio to {directory}")
        clip = write_wav(directory / "clip-1k.wav", 1024, seed=1)
        files = {
            size: write_wav(directory / f"{size // MB}mb.wav", size, seed=size) for size in sizes
        }
        batch_dir = directory / "batch"
        batch_dir.mkdir()
        for i in range(n_files):
            write_wav(batch_dir / f"{i:03d}.wav", 32_044, seed=1000 + i)

        results["upload"] = upload.run(sink, clip, files)
        mode_sizes = [1 * MB] if options.quick else upload_modes.SIZES
        mode_files = {
            size: files.get(size) or write_wav(directory / f"{size // MB}mb.wav", size, seed=size)
            for size in mode_sizes
        }
        results["upload_modes"] = upload_modes.run(sink, clip, mode_files, log)
        results["percall_n"] = percall_n
        results["percall"] = percall.run(sink, clip, percall_n)
        results["batch"] = batch.run(sink, clip, batch_dir)
        results["import_repeats"] = import_repeats
        results["imports"] = imports.run(sink, clip, import_repeats)
        results["long"] = long_audio.run(directory, sink, options.quick, log)
    results["load"].append(loadavg())
    results["elapsed"] = time.perf_counter() - started

    text, derived = report.render(results, options.quick)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(text, encoding="utf-8")
    if options.json:
        options.json.write_text(json.dumps({**results, "derived": derived}, indent=1))
    log(f"wrote {options.out} in {results['elapsed']:.0f} s")
    print(text[text.index("## Targets") :])


if __name__ == "__main__":
    main()
