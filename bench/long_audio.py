"""`make bench`, long audio: a 2-hour recording split, encoded and transcribed against
the sink; and the measurements behind the pieces' format (Ogg/Opus).

    python bench/long_audio.py split  <wav>               # child: split only
    python bench/long_audio.py whole  <wav> <sink url>    # child: transcribe(split="auto")
    python bench/long_audio.py formats                    # child: candidate encoders

Each child prints one JSON line. ``bench/run.py`` writes the recording (speech-like
harmonics with a pause every few seconds, 16 kHz mono WAV, 230 MB for 2 hours), runs
the children in fresh processes and adds ``section()`` to docs/benchmarks.md.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import wave
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RATE = 16_000
HOURS = 2.0
#: What splitting must beat: this many seconds of audio per second of wall time, and
#: at most this many MB of peak RSS over the idle process.
TARGET_SPEED = 100.0
TARGET_MEMORY_MB = 100.0


def write_recording(path: Path, seconds: float, seed: int = 7) -> Path:
    """Speech-like sound: 2-9 s bursts of voiced harmonics under a syllable-rate envelope,
    then 0.3-1.2 s of near-silence; written a minute at a time."""
    import numpy as np

    rng = np.random.default_rng(seed)
    total = int(seconds * RATE)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        written = 0
        while written < total:
            parts, n = [], 0
            while n < 60 * RATE:
                talk = int(rng.uniform(2, 9) * RATE)
                t = np.arange(talk) / RATE
                f0 = rng.uniform(100, 220)
                voice = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 5))
                burst = 0.2 * voice * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))
                pause = 0.0005 * rng.standard_normal(int(rng.uniform(0.3, 1.2) * RATE))
                parts += [burst + 0.02 * rng.standard_normal(talk), pause]
                n += talk + len(pause)
            block = np.concatenate(parts)[: total - written]
            out.writeframes((np.clip(block, -1, 1) * 32767).astype("<i2").tobytes())
            written += len(block)
    return path


def _hwm_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _warm_up() -> None:
    """Load PyAV, numpy, the encoder and the client, so idle RSS counts them."""
    import numpy as np

    from openrouter_stt import _split

    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.zeros(12 * RATE, dtype="<i2").tobytes())
    list(_split.split(buf.getvalue(), max_seconds=10, max_bytes=10**7))


def child_split(wav: str) -> dict[str, Any]:
    from openrouter_stt import _split

    _warm_up()
    idle = _hwm_kb()
    started, cpu = time.perf_counter(), time.process_time()
    pieces = [
        (p.start, p.end, len(p.data), p.silent)
        for p in _split.split(wav, max_seconds=1200, max_bytes=25_000_000)
    ]
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"wall": wall, "cpu": cpu, "idle_kb": idle, "peak_kb": _hwm_kb(), "pieces": pieces}


def child_whole(wav: str, url: str) -> dict[str, Any]:
    from openrouter_stt import Client

    _warm_up()
    with Client(api_key="bench-key", base_url=url, max_retries=0) as client:
        idle = _hwm_kb()
        started = time.perf_counter()
        t = client.transcribe(wav)
        wall = time.perf_counter() - started
    return {
        "wall": wall,
        "idle_kb": idle,
        "peak_kb": _hwm_kb(),
        "chunks": [(c.start, c.end, c.bytes, c.sent) for c in t.chunks],
        "duration": t.duration,
        "text": t.text[:60],
    }


def child_formats() -> dict[str, Any]:
    """10 minutes of the recording encoded by each candidate (16 kHz mono): bytes per
    second of audio, and how many times faster than real time it encodes."""
    import av
    import numpy as np

    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"formats-{os.getpid()}.wav"
    write_recording(path, 600)
    with wave.open(str(path)) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    path.unlink()
    candidates = {
        "ogg/opus 24 kbit/s, compression 2 (chosen)": (
            "ogg", "libopus", 24000, {"compression_level": "2", "vbr": "constrained"}),
        "ogg/opus 24 kbit/s, compression 10 (default)": ("ogg", "libopus", 24000, {}),
        "webm/opus 24 kbit/s, compression 2": (
            "webm", "libopus", 24000, {"compression_level": "2"}),
        "mp3 32 kbit/s": ("mp3", "libmp3lame", 32000, {}),
        "m4a/aac 32 kbit/s": ("ipod", "aac", 32000, {}),
        "flac": ("flac", "flac", None, {}),
        "wav": ("wav", "pcm_s16le", None, {}),
    }  # fmt: skip
    results = {}
    for name, (muxer, codec, bit_rate, options) in candidates.items():
        buf = io.BytesIO()
        started = time.perf_counter()
        with av.open(buf, "w", format=muxer) as container:
            stream = container.add_stream(codec, rate=RATE, layout="mono", options=options)
            if bit_rate:
                stream.bit_rate = bit_rate
            for i in range(0, len(pcm), 10 * RATE):
                frame = av.AudioFrame.from_ndarray(
                    pcm[None, i : i + 10 * RATE], format="s16", layout="mono"
                )
                frame.sample_rate, frame.pts = RATE, i
                container.mux(stream.encode(frame))
            container.mux(stream.encode(None))
        wall = time.perf_counter() - started
        results[name] = {"bytes_per_second": len(buf.getvalue()) / 600, "speed": 600 / wall}
    return results


# -- the parent's side ---------------------------------------------------------------


def _child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, timeout=1800, cwd=ROOT
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"error": tail}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(directory: Path, sink: Any, quick: bool, log: Any) -> dict[str, Any]:
    hours = 0.4 if quick else HOURS  # past the 1,200 s a piece, even when quick
    log(f"long audio: writing a {hours:g}-hour recording")
    wav = write_recording(directory / "long.wav", hours * 3600)
    results: dict[str, Any] = {"seconds": hours * 3600, "wav_bytes": wav.stat().st_size}
    log("long audio: candidate formats")
    results["formats"] = _child("formats")
    log("long audio: split and encode")
    results["split"] = _child("split", str(wav))
    log("long audio: transcribe against the sink")
    before = sink.stats()
    results["whole"] = _child("whole", str(wav), sink.url)
    after = sink.stats()
    results["whole"]["requests"] = after["requests"] - before["requests"]
    results["whole"]["body_bytes"] = after["body_bytes"] - before["body_bytes"]
    wav.unlink()
    return results


def _mb(kb: float) -> str:
    return f"{kb / 1024:,.1f}"


def section(results: dict[str, Any]) -> tuple[list[str], list[tuple[str, str, str, bool]]]:
    """The report's lines for long audio, and its rows for the targets table."""
    seconds = results["seconds"]
    lines = [
        "## 6. Long audio: a recording split, encoded and transcribed",
        "",
        f"A {seconds / 3600:g}-hour recording ({results['wav_bytes'] / 1e6:,.0f} MB of "
        "16 kHz mono WAV: speech-like harmonics in 2-9 s bursts, each followed by "
        "0.3-1.2 s of near-silence), given to the wrapper by path. Each figure is from a "
        "fresh process, after a warm-up that loads PyAV, numpy and the encoder; RSS "
        "is `VmHWM`, as above.",
        "",
    ]
    targets = []
    split = results["split"]
    if "error" in split:
        lines += [f"Splitting failed: `{split['error']}`", ""]
    else:
        speed = seconds / split["wall"]
        over = (split["peak_kb"] - split["idle_kb"]) / 1024
        sizes = [size for _, _, size, _ in split["pieces"]]
        lengths = [end - start for start, end, _, _ in split["pieces"]]
        lines += [
            "| split and encode (`_split.split`, max 1,200 s a piece) | |",
            "|---|--:|",
            f"| wall time | {split['wall']:.1f} s ({speed:,.0f}x real time) |",
            f"| CPU time | {split['cpu']:.1f} s ({seconds / split['cpu']:,.0f}x real time; "
            "what load from other work does not inflate) |",
            f"| pieces | {len(sizes)}, {min(lengths):,.1f}-{max(lengths):,.1f} s long |",
            f"| encoded bytes | {sum(sizes):,} ({sum(sizes) / seconds:,.0f} bytes/s of audio) |",
            f"| idle RSS / peak RSS / peak - idle | {_mb(split['idle_kb'])} / "
            f"{_mb(split['peak_kb'])} / {over:.1f} MB |",
            "",
        ]
        targets += [
            (
                "long audio: split + encode speed",
                f"≥ {TARGET_SPEED:g}x real time",
                f"{speed:,.0f}x wall, {seconds / split['cpu']:,.0f}x CPU",
                speed >= TARGET_SPEED,
            ),
            (
                "long audio: peak RSS over idle while splitting",
                f"≤ {TARGET_MEMORY_MB:g} MB",
                f"{over:.1f} MB",
                over <= TARGET_MEMORY_MB,
            ),
        ]
    whole = results["whole"]
    if "error" in whole:
        lines += [f"The whole transcription failed: `{whole['error']}`", ""]
    else:
        over = (whole["peak_kb"] - whole["idle_kb"]) / 1024
        sent = sum(c[3] for c in whole["chunks"])
        lines += [
            '`Client.transcribe(path)` with `split="auto"` (the default) and 4 pieces in '
            "flight, against the sink (which answers at once, so this is the client's own "
            "cost):",
            "",
            "| whole transcription | |",
            "|---|--:|",
            f"| wall time | {whole['wall']:.1f} s ({seconds / whole['wall']:,.0f}x real time) |",
            f"| requests | {whole['requests']} ({sent} pieces sent of {len(whole['chunks'])}) |",
            f"| bytes sent (bodies) | {whole['body_bytes']:,} "
            f"(the WAV is {results['wav_bytes']:,}) |",
            f"| duration of the result | {whole['duration'] or 0:,.1f} s |",
            f"| idle RSS / peak RSS / peak - idle | {_mb(whole['idle_kb'])} / "
            f"{_mb(whole['peak_kb'])} / {over:.1f} MB |",
            "",
        ]
        targets.append(
            (
                "long audio: peak RSS over idle, whole transcription",
                f"≤ {TARGET_MEMORY_MB:g} MB",
                f"{over:.1f} MB",
                over <= TARGET_MEMORY_MB,
            )
        )
    formats = results["formats"]
    if "error" not in formats:
        lines += [
            "Why Ogg/Opus: 10 minutes of the same sound through each encoder the endpoint's",
            "formats allow, at 16 kHz mono, in this process (one core):",
            "",
            "| format | bytes per second of audio | 20 min piece | encode speed |",
            "|---|--:|--:|--:|",
        ]
        for name, f in formats.items():
            lines.append(
                f"| {name} | {f['bytes_per_second']:,.0f} | "
                f"{f['bytes_per_second'] * 1200 / 1e6:,.1f} MB | {f['speed']:,.0f}x |"
            )
        lines.append("")
    return lines, targets


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    result = {"split": child_split, "whole": child_whole, "formats": child_formats}[command](*args)
    print(json.dumps(result))
