"""Write a short, real WAV sample for `make demo`, with the standard library only.

    python tools/make_sample.py [build/sample.wav]

1.5 s of 16 kHz mono 16-bit PCM: three "syllables", each a voiced-sounding tone
(a gliding fundamental plus two formant-like harmonics) under a smooth envelope,
separated by short pauses. Deterministic: the same bytes every run.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 16_000
# (start s, length s, pitch from Hz, pitch to Hz): a rising, a falling, a flat syllable.
SYLLABLES = ((0.10, 0.35, 140, 190), (0.55, 0.40, 200, 130), (1.05, 0.35, 160, 160))
SECONDS = 1.5


def sample(t: float) -> float:
    for start, length, f0, f1 in SYLLABLES:
        if start <= t < start + length:
            x = (t - start) / length
            envelope = math.sin(math.pi * x) ** 2  # smooth attack and release
            # Phase of a linear glide from f0 to f1: the integral of the pitch over time.
            phase = 2 * math.pi * (f0 * (t - start) + (f1 - f0) * (t - start) * x / 2)
            voice = math.sin(phase) + 0.5 * math.sin(3 * phase) + 0.25 * math.sin(5 * phase)
            return 0.45 * envelope * voice
    return 0.0


def main(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = b"".join(
        struct.pack("<h", round(32767 * max(-1.0, min(1.0, sample(i / RATE)))))
        for i in range(int(SECONDS * RATE))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    print(f"wrote {path} ({SECONDS} s, {RATE} Hz mono, {path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/sample.wav"))
