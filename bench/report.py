"""docs/benchmarks.md from one run's figures: the machine, each section in turn (each
benchmark module writes its own), the targets and what limits the figures."""

from __future__ import annotations

import os
from typing import Any

import batch
import imports
import long_audio
import percall
import upload
import upload_modes
from harness import Target, verdict

#: The sections with targets and limits of their own, in the report's order.
SECTIONS = (upload, percall, batch, imports)


def render(results: dict[str, Any], quick: bool) -> tuple[str, dict[str, Any]]:
    """The report's markdown, and the figures its targets were judged on."""
    lines = header(results, quick)
    targets: list[Target] = []
    derived: dict[str, Any] = {}
    for module in SECTIONS:
        section_lines, section_targets, section_derived = module.section(results)
        lines += section_lines
        targets += section_targets
        derived |= section_derived
    lines += upload_modes.report(results["upload_modes"])
    if "long" in results:
        long_lines, long_targets = long_audio.section(results["long"])
        lines += long_lines
        targets += long_targets

    lines += ["## Targets", "", "| target | wanted | measured | |", "|---|---|---|---|"]
    lines += [f"| {name} | {want} | {got} | {verdict(ok)} |" for name, want, got, ok in targets]
    lines += ["", "## What limits it", ""]
    prose = [line for module in SECTIONS for line in module.limits(results, derived)]
    lines += [line + "\n" for line in [*prose, noise()]]
    return "\n".join(lines) + "\n", derived


def header(results: dict[str, Any], quick: bool) -> list[str]:
    m = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); do not edit by hand, run it again.",
        "",
        "Every figure below comes from one run on the machine described here; ratios between",
        "contenders are the figures that count, absolute times are context. Each",
        "measurement ran in its own fresh child process against a local sink server",
        "(`bench/sink.py`: one asyncio process that reads each body in full and answers a",
        "fixed 200) on 127.0.0.1.",
        "",
    ]
    if quick:
        lines += ["> **`--quick` run**: shrunken scenarios, for a smoke test only.", ""]
    lines += [
        "| machine | |",
        "|---|---|",
        f"| CPU | {m['cpu']} ({m['cores']} cores) |",
        f"| OS | {m['os']} |",
        f"| Python | {m['python']} |",
        f"| httpx | {m['httpx']} |",
        f"| openrouter (official SDK) | {m['openrouter']} |",
        f"| openrouter-stt | {m['openrouter-stt']} |",
        f"| date | {m['date']} |",
        f"| load average (1/5/15 min) at start, end | {results['load'][0]}; {results['load'][1]} |",
        f"| CPUs busy with other work just before the run | {results['busy']:.0%} |",
        f"| whole run | {results['elapsed']:.0f} s |",
        "",
    ]
    return lines


def noise() -> str:
    return (
        f"- **Noise.** This machine ({os.cpu_count()} cores) is shared: other work may "
        "run during the benchmark (see the load average; the runner waits up to a minute "
        "for a quiet moment before it starts). Rounds are interleaved and the best is "
        "kept, and CPU figures are shown beside wall times, but single wall figures can "
        "move by 20-50 % between runs."
    )
