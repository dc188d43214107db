"""Section 4, import time and time to the end of the first call, with an `-X importtime`
breakdown per top-level package."""

from __future__ import annotations

import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from harness import NAMES, Sink, Target, log, ms, python_c

TARGETS = {
    "import": 0.200,  # seconds
    "first_call": 0.250,  # seconds: import, client construction and one call
}


def run(sink: Sink, clip: Path, repeats: int) -> dict[str, Any]:
    start = "import time; _t, _c = time.perf_counter(), time.process_time(); "
    end = "print(time.perf_counter() - _t, time.process_time() - _c)"
    timed_import = start + "import {module}; " + end
    first_call = {
        "wrapper": (
            start + "from openrouter_stt import Client\n"
            "with Client(api_key='k', base_url={url!r}, max_retries=0, upload='json') as c:\n"
            "    c.transcribe({clip!r})\n" + end
        ),
        "sdk": (
            start + "import base64; from openrouter import OpenRouter\n"
            "with OpenRouter(api_key='k', server_url={url!r}, retry_config=None, "
            "timeout_ms=600000) as c:\n"
            "    data = base64.b64encode(open({clip!r}, 'rb').read()).decode()\n"
            "    c.stt.create_transcription(model='openai/whisper-large-v3', "
            "input_audio={{'data': data, 'format_': 'wav'}}, retries=None)\n" + end
        ),
        "httpx": (
            start + "import base64, httpx\n"
            "with httpx.Client(timeout=600) as c:\n"
            "    data = base64.b64encode(open({clip!r}, 'rb').read()).decode()\n"
            "    c.post({url!r} + '/audio/transcriptions', json={{'model': "
            "'openai/whisper-large-v3', 'input_audio': {{'data': data, 'format': 'wav'}}}})"
            ".raise_for_status()\n" + end
        ),
    }
    modules = {"wrapper": "openrouter_stt", "sdk": "openrouter", "httpx": "httpx"}
    samples: dict[str, list[float]] = defaultdict(list)
    for _ in range(repeats):  # interleaved, for the same reason as run_rounds
        for contender, module in modules.items():
            for kind, code in (
                ("import", timed_import.format(module=module)),
                ("first_call", first_call[contender].format(url=sink.url, clip=str(clip))),
            ):
                done = python_c(code)
                if done.returncode == 0:
                    wall, cpu = map(float, done.stdout.split()[-2:])
                    samples[f"{contender}:{kind}"].append(wall)
                    samples[f"{contender}:{kind}:cpu"].append(cpu)
                else:
                    log(f"{contender} {kind} failed: {done.stderr.strip()[-300:]}")
    log("imports: -X importtime")
    breakdown = {
        "wrapper:import": importtime("import openrouter_stt"),
        "wrapper:first_call": importtime(
            first_call["wrapper"].format(url=sink.url, clip=str(clip))
        ),
        "sdk:import": importtime("import openrouter"),
    }
    models = python_c(
        "import pkgutil; from openrouter_stt_api import models; "
        "print(sum(1 for _ in pkgutil.iter_modules(models.__path__)))"
    )
    return {
        "samples": dict(samples),
        "breakdown": breakdown,
        "model_modules": models.stdout.strip() if models.returncode == 0 else "?",
    }


def importtime(code: str) -> dict[str, Any]:
    """Self time per top-level package from ``-X importtime``, minus what the bare
    interpreter imports anyway."""

    def parse(stderr: str) -> dict[str, int]:
        modules = {}
        for line in stderr.splitlines():
            if not line.startswith("import time:") or "imported package" in line:
                continue
            self_us, _cumulative, name = line.removeprefix("import time:").split("|")
            modules[name.strip()] = int(self_us)
        return modules

    baseline = parse(python_c("pass", "-X", "importtime").stderr)
    measured = parse(python_c(code, "-X", "importtime").stderr)
    groups: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for name, self_us in measured.items():
        if name in baseline:
            continue
        top = name.split(".")[0]
        if name.startswith("openrouter_stt_api.models"):
            top = "openrouter_stt_api.models"
        elif top in sys.stdlib_module_names:
            top = f"{top} (stdlib)"
        groups[top] += self_us
        counts[top] += 1
    ranked = sorted(groups.items(), key=lambda item: -item[1])
    return {
        "total_us": sum(groups.values()),
        "modules": sum(counts.values()),
        "top": [(name, us, counts[name]) for name, us in ranked[:10]],
    }


def section(
    results: dict[str, Any],
) -> tuple[list[str], list[Target], dict[str, Any]]:
    targets: list[Target] = []
    derived: dict[str, Any] = {}
    imp = results["imports"]
    samples = imp["samples"]

    def med(key: str) -> float | None:
        return statistics.median(samples[key]) if samples.get(key) else None

    lines = [
        "## 4. Import time, and time to the end of the first call",
        "",
        f"Median of {results['import_repeats']} fresh interpreters each (interleaved), timed",
        "inside the interpreter (startup excluded); CPU is `time.process_time()` of the",
        "same span, which load elsewhere does not inflate. *First call* is import, client",
        "construction and one 1 KB transcription against the sink: the wrapper loads the",
        f"generated models it uses (of {imp['model_modules']} modules under",
        "`openrouter_stt_api.models`) on first use, not at import.",
        "",
        "| contender | module | import, wall | import, CPU | wall range "
        "| import + first call, wall | import + first call, CPU | wall range |",
        "|---|---|--:|--:|---|--:|--:|---|",
    ]

    def span(key: str) -> str:
        values = samples.get(key, [])
        return f"{ms(min(values))}-{ms(max(values))}" if values else ""

    for contender, module in (
        ("wrapper", "openrouter_stt"),
        ("sdk", "openrouter"),
        ("httpx", "httpx"),
    ):
        cells = []
        for kind in ("import", "first_call"):
            wall, cpu = med(f"{contender}:{kind}"), med(f"{contender}:{kind}:cpu")
            cells += [
                ms(wall) if wall else "failed",
                ms(cpu) if cpu else "",
                span(f"{contender}:{kind}"),
            ]
        lines.append(f"| {NAMES[contender]} | `{module}` | " + " | ".join(cells) + " |")
    lines.append("")
    for key, label in (("import", "import time"), ("first_call", "import + first call")):
        wall = med(f"wrapper:{key}")
        if wall is not None:
            derived[key] = wall
            targets.append(
                (
                    label,
                    f"≤ {TARGETS[key] * 1000:.0f} ms (median wall)",
                    f"{ms(wall)} wall; {ms(med(f'wrapper:{key}:cpu') or 0)} CPU",
                    wall <= TARGETS[key],
                )
            )
    titles = {
        "wrapper:import": "`import openrouter_stt`",
        "wrapper:first_call": "`import openrouter_stt` + first call",
        "sdk:import": "`import openrouter`",
    }
    lines += [
        "`-X importtime`: self time summed per top-level package, top 10, leaving out what",
        "a bare interpreter imports anyway (`-X importtime` itself slows imports, so read",
        "the shares, not the sums).",
        "",
    ]
    for key, title in titles.items():
        b = imp["breakdown"][key]
        lines += [
            f"{title}: {b['modules']} modules, {b['total_us'] / 1000:,.0f} ms in all",
            "",
            "| package | self time | share | modules |",
            "|---|--:|--:|--:|",
        ]
        for name, us, count in b["top"]:
            lines.append(
                f"| `{name}` | {us / 1000:,.1f} ms | {us / max(b['total_us'], 1):.0%} | {count} |"
            )
        lines.append("")
    return lines, targets, derived


def limits(results: dict[str, Any], derived: dict[str, Any]) -> list[str]:
    """Where the import time goes."""
    out = []
    if "import" in derived:
        shares = dict(
            (name, us) for name, us, _ in results["imports"]["breakdown"]["wrapper:import"]["top"]
        )
        total = results["imports"]["breakdown"]["wrapper:import"]["total_us"] or 1
        cli = sum(us for name, us in shares.items() if name in ("click", "rich", "pygments"))
        others = [name for name in shares if name not in ("click", "rich", "pygments")]
        first = results["imports"]["breakdown"]["wrapper:first_call"]
        models = next(
            (us for name, us, _ in first["top"] if name == "openrouter_stt_api.models"), 0
        )
        command_line = (
            f"{cli / total:.0%} of the wrapper's import here still goes to click, rich and "
            "pygments, none of which the library uses."
            if cli
            else "the package keeps it from doing so while it imports httpx, so none of "
            "the wrapper's import goes to them."
        )
        out.append(
            "- **Import: mostly httpx and what it drags in.** httpx imports its own "
            "command-line tool (`httpx._main`: click, rich, pygments) whenever those are "
            "installed, as they are next to the wrapper's typer command "
            "(encode/httpx#3547 proposes moving that import to `httpx/__main__.py`); "
            + command_line
            + " The largest shares: "
            + ", ".join(f"`{name}`" for name in others[:4])
            + ". The generated models load on first use, each module "
            "when its class is first asked for (`openrouter_stt_api/models/__init__.py`, "
            "a template override), so a transcription loads the few it renders and parses: "
            + (
                f"{models / max(first['total_us'], 1):.0%} of the import time up to the end "
                "of the first call."
                if models
                else "too little import time to make the top 10 above."
            )
        )
    return out
