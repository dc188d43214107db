"""Long recordings in pieces: decode as a stream, cut at the quietest moment before
each boundary, and re-encode every piece as Ogg/Opus.

Needs PyAV (its wheels bundle FFmpeg) and numpy: ``pip install 'openrouter-stt[long]'``.
Both are imported on first use, so the base install never loads them.

Memory stays bounded whatever the length: decoded audio is kept only for the search
window before the next boundary (a minute of 16 kHz mono, 1.9 MB), and each piece is
encoded as its samples arrive.
"""

from __future__ import annotations

import importlib.util
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from ._errors import AudioError, AudioSourceError, ConfigurationError

if TYPE_CHECKING:
    import numpy as np

EXTRA = "pip install 'openrouter-stt[long]'"

#: What every piece is encoded to. Ogg/Opus at 24 kbit/s, 16 kHz mono: the smallest
#: and, at compression level 2, among the fastest of the formats the endpoint accepts
#: (see docs/benchmarks.md); 16 kHz mono is what speech models listen to anyway.
CHUNK_FORMAT = "ogg"
RATE = 16_000
BIT_RATE = 24_000
_OPUS_OPTIONS = {"compression_level": "2", "vbr": "constrained"}
#: Encoded bytes per second of audio, with room for Ogg pages and VBR swings
#: (measured: 2.8-3.0 kB/s for speech and for noise).
BYTES_PER_SECOND = BIT_RATE // 8 * 5 // 4

#: The quiet stretch looked for before each boundary, and how far back it is looked for.
WINDOW_SECONDS = 0.5
MAX_SEARCH_SECONDS = 60.0
#: Energy is measured in blocks of 10 ms.
_BLOCK = RATE // 100
#: A piece in which no 10 ms stretch is louder than -60 dBFS (RMS) holds nothing to
#: transcribe: room noise and hiss stay under it, the quietest speech does not.
SILENCE_LEVEL = 33
MIN_CHUNK_SECONDS = 10.0
#: Frames whose timestamps run this far (100 ms) ahead of the samples decoded so far
#: follow a gap, which is filled with silence.
_GAP = RATE // 10


def available() -> bool:
    """True when PyAV and numpy are installed (the ``long`` extra)."""
    return all(importlib.util.find_spec(name) is not None for name in ("av", "numpy"))


def require(what: str) -> None:
    if not available():
        raise ConfigurationError(f"{what} needs PyAV and numpy, which are not installed: {EXTRA}")


@attrs.frozen
class AudioPiece:
    """One piece of a recording, encoded and ready to send."""

    index: int
    #: Seconds from the start of the recording.
    start: float
    end: float
    data: bytes = attrs.field(repr=False)
    #: True when no 10 ms of it is louder than -60 dBFS.
    silent: bool = False
    format: str = CHUNK_FORMAT

    @property
    def seconds(self) -> float:
        return self.end - self.start


def av_input(audio: Any) -> str | IO[bytes]:
    """What PyAV can open for an input that ``open_audio`` already accepted: a path
    stays a path, bytes and base64 text become a file object."""
    if isinstance(audio, (bytes, bytearray, memoryview)):
        return io.BytesIO(audio)
    if isinstance(audio, os.PathLike):
        path: str = os.fspath(audio)
        return path
    if isinstance(audio, str):
        import binascii
        import re

        if match := re.match(r"^data:[^,;]*(;[^,;]*)*;base64,", audio, re.IGNORECASE):
            return io.BytesIO(binascii.a2b_base64(audio[match.end() :]))
        if len(audio) < 4096 and Path(audio).exists():
            return audio
        return io.BytesIO(binascii.a2b_base64("".join(audio.split())))
    file: IO[bytes] = audio  # a binary file object, positioned where its audio starts
    return file


def _name(source: str | IO[bytes]) -> str:
    if isinstance(source, str):
        return source
    return str(getattr(source, "name", None) or f"<{type(source).__name__}>")


def _open(source: str | IO[bytes]) -> Any:
    import av

    try:
        return av.open(source, mode="r")
    except OSError as error:  # from a file object's own read or seek
        raise AudioSourceError(
            f"{_name(source)}: cannot read it ({error.strerror or error})"
        ) from None
    except av.FFmpegError as error:
        raise AudioError(
            f"{_name(source)}: cannot decode it ({error.strerror or type(error).__name__}); "
            "is it a complete audio file?"
        ) from None


def duration(audio: Any) -> float | None:
    """The recording's length in seconds from its container's header, or None when
    the header does not say. Reads no audio."""
    source = av_input(audio)
    start = _tell(source)
    container = _open(source)
    try:
        if container.duration is not None:
            seconds: float = container.duration / 1_000_000
            return seconds
        for stream in container.streams.audio:
            if stream.duration is not None and stream.time_base is not None:
                return float(stream.duration * stream.time_base)
        return None
    finally:
        container.close()
        _rewind(source, start)


def _tell(source: str | IO[bytes]) -> int | None:
    if isinstance(source, str):
        return None
    try:
        return source.tell() if source.seekable() else None
    except (AttributeError, OSError):
        return None


def _rewind(source: str | IO[bytes], start: int | None) -> None:
    if start is not None and not isinstance(source, str):
        source.seek(start)


def check_chunk_seconds(seconds: Any, what: str = "max_chunk_seconds") -> float:
    """A chunk length as a float, or ConfigurationError naming the argument."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise ConfigurationError(f"{what} must be a number of seconds, not {seconds!r}")
    if not seconds >= MIN_CHUNK_SECONDS or seconds == float("inf"):
        raise ConfigurationError(
            f"{what} must be at least {MIN_CHUNK_SECONDS:g} seconds (and finite), not "
            f"{seconds!r}: shorter pieces lose the context speech models need"
        )
    return float(seconds)


def split(audio: Any, *, max_seconds: float, max_bytes: int) -> Iterator[AudioPiece]:
    """Decode ``audio`` as a stream and yield it as pieces of at most ``max_seconds``
    and ``max_bytes`` encoded bytes, each cut at the quietest half second found in
    the stretch before its boundary. Raises AudioError if it cannot be decoded."""
    max_seconds = min(max_seconds, max_bytes / BYTES_PER_SECOND)
    if max_seconds < MIN_CHUNK_SECONDS:
        raise ConfigurationError(
            f"max_chunk_bytes={max_bytes:,} holds under {MIN_CHUNK_SECONDS:g} s of "
            f"{CHUNK_FORMAT} audio ({BYTES_PER_SECOND:,} bytes/s); raise it"
        )
    source = av_input(audio)
    start = _tell(source)
    container = _open(source)
    try:
        if not container.streams.audio:
            raise AudioError(
                f"{_name(source)}: no audio stream in it (found: "
                f"{', '.join(s.type for s in container.streams) or 'nothing'})"
            )
        yield from _Splitter(max_seconds, max_bytes, _name(source)).run(
            _samples(container, _name(source))
        )
    finally:
        container.close()
        _rewind(source, start)


def _samples(container: Any, name: str) -> Iterator[np.ndarray]:
    """The first audio stream as 16 kHz mono 16-bit samples, a frame at a time, on the
    frames' own timeline: a gap in their timestamps (a recorder that paused, a dropped
    stretch) is filled with silence, so that pieces and offsets keep the recording's
    time rather than the count of samples decoded."""
    import av
    import numpy as np

    stream = container.streams.audio[0]
    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    origin: float | None = None  # the first frame's time: where sample 0 lies
    made = 0  # samples yielded so far
    try:
        for frame in container.decode(stream):
            if frame.time is not None:
                origin = frame.time if origin is None else origin
                # The resampler holds back a few milliseconds; a gap is far longer.
                behind = round((frame.time - origin) * RATE) - made
                if behind > _GAP:
                    yield np.zeros(behind, dtype=np.int16)
                    made += behind
            for out in resampler.resample(frame):
                samples = out.to_ndarray()[0]
                made += len(samples)
                yield samples
        for out in resampler.resample(None):
            yield out.to_ndarray()[0]
    except OSError as error:
        raise AudioSourceError(f"{name}: cannot read it ({error.strerror or error})") from None
    except av.FFmpegError as error:
        raise AudioError(
            f"{name}: decoding failed part way ({error.strerror or type(error).__name__}); "
            "the file may be truncated or corrupt"
        ) from None


def _batches(frames: Iterator[np.ndarray], size: int = 10 * RATE) -> Iterator[np.ndarray]:
    """Decoded frames (about 1,000 samples each) gathered into blocks of ``size``, so
    that joining them to the pending audio costs a copy per block, not per frame."""
    import numpy as np

    batch: list[np.ndarray] = []
    count = 0
    for samples in frames:
        batch.append(samples)
        count += len(samples)
        if count >= size:
            yield np.concatenate(batch)
            batch, count = [], 0
    if batch:
        yield np.concatenate(batch)


class _Encoder:
    """One piece being written as Ogg/Opus into memory."""

    def __init__(self) -> None:
        import av

        self.buffer = io.BytesIO()
        self.container = av.open(self.buffer, mode="w", format=CHUNK_FORMAT)
        self.stream = self.container.add_stream(
            "libopus", rate=RATE, layout="mono", options=dict(_OPUS_OPTIONS)
        )
        self.stream.bit_rate = BIT_RATE
        self.samples = 0
        self.loudest = 0.0  # mean square of the loudest 10 ms block

    def write(self, samples: np.ndarray) -> None:
        import av
        import numpy as np

        if not len(samples):
            return
        blocks = samples[: len(samples) // _BLOCK * _BLOCK].astype("float64").reshape(-1, _BLOCK)
        if len(blocks):
            self.loudest = max(self.loudest, float(np.square(blocks).mean(axis=1).max()))
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self.samples
        self.samples += len(samples)
        self.container.mux(self.stream.encode(frame))

    def finish(self) -> bytes:
        self.container.mux(self.stream.encode(None))
        self.container.close()
        return self.buffer.getvalue()


class _Splitter:
    def __init__(self, max_seconds: float, max_bytes: int, name: str) -> None:
        self.chunk = int(max_seconds * RATE)
        search = min(MAX_SEARCH_SECONDS, max(max_seconds * 0.1, 2 * WINDOW_SECONDS))
        self.search = int(search * RATE) // _BLOCK * _BLOCK
        self.max_bytes = max_bytes
        self.name = name

    def run(self, frames: Iterator[np.ndarray]) -> Iterator[AudioPiece]:
        import numpy as np

        index, chunk_start = 0, 0  # absolute sample where the current piece starts
        encoder = _Encoder()
        pending = np.empty(0, dtype=np.int16)  # decoded, not yet encoded; starts at `fed`
        fed = 0
        for samples in _batches(frames):
            pending = np.concatenate((pending, samples))
            boundary = chunk_start + self.chunk
            while fed + len(pending) > boundary:  # more audio past this boundary
                cut = (
                    boundary
                    - self.search
                    + self._quietest(pending[boundary - self.search - fed : boundary - fed])
                )
                encoder.write(pending[: cut - fed])
                yield self._piece(index, chunk_start, cut, encoder)
                pending, fed = pending[cut - fed :], cut
                index, chunk_start, encoder = index + 1, cut, _Encoder()
                boundary = chunk_start + self.chunk
            # Everything before the next search window can be encoded now.
            ready = min(boundary - self.search - fed, len(pending))
            if ready > 0:
                encoder.write(pending[:ready])
                pending, fed = pending[ready:], fed + ready
        encoder.write(pending)
        end = fed + len(pending)
        if end == 0:
            raise AudioError(f"{self.name}: it decodes to no audio samples at all")
        yield self._piece(index, chunk_start, end, encoder)

    def _quietest(self, region: np.ndarray) -> int:
        """Offset in ``region`` of the middle of its lowest-energy half second; the
        latest of equals, so pieces stay as long as allowed."""
        import numpy as np

        blocks = region[: len(region) // _BLOCK * _BLOCK].astype(np.float64)
        energy = np.square(blocks).reshape(-1, _BLOCK).sum(axis=1)
        width = int(WINDOW_SECONDS * 100)
        sums = np.convolve(energy, np.ones(width), mode="valid")
        last = len(sums) - 1 - int(np.argmin(sums[::-1]))
        return (last + width // 2) * _BLOCK

    def _piece(self, index: int, start: int, end: int, encoder: _Encoder) -> AudioPiece:
        data = encoder.finish()
        if len(data) > self.max_bytes:
            raise AudioError(
                f"{self.name}: the piece at {start / RATE:.1f}-{end / RATE:.1f} s encoded "
                f"to {len(data):,} bytes, over max_chunk_bytes={self.max_bytes:,}; "
                "lower max_chunk_seconds"
            )
        return AudioPiece(
            index, start / RATE, end / RATE, data, silent=encoder.loudest < SILENCE_LEVEL**2
        )
