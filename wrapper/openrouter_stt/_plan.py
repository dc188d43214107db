"""Whether a recording goes in pieces, and how: the checks of the split arguments and
the Plan (caps per piece), decided from what is at hand (a length, a stat, the
container's header) before any audio is read or sent. ``_orchestrate`` sends the
pieces, ``_split`` cuts the audio, ``_stitch`` joins the results.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

import attrs

from . import _split
from ._audio import open_audio
from ._errors import APIStatusError, AudioError, AudioTooLargeError, ConfigurationError
from ._multipart import MULTIPART_MAX_BYTES
from ._sniff import COMPRESSED

DEFAULT_MAX_CHUNK_SECONDS = 1200.0
DEFAULT_MAX_CONCURRENCY = 4
#: Audio smaller than this many bytes per second of ``max_chunk_seconds`` cannot be
#: longer than that (6 kbit/s, Opus's floor for speech): sent as is, without opening it.
_MIN_BYTES_PER_SECOND = 750
#: Room for the JSON or multipart framing around the audio in a body (the options and
#: the form's field headers: well under this).
_FRAMING = 16 * 1024


# A 400 whose message reads like a provider's length or size cap.
_LIMIT_MESSAGE = re.compile(
    r"duration|too long|too large|too big|file size|exceed|maximum|max(imum)? length|limit",
    re.IGNORECASE,
)


def explain_limit(error: APIStatusError, format: str) -> None:
    """Add to the hint of an error that looks like a length or size cap (413, or a 400
    naming one) how to send the audio (of container ``format``) in pieces."""
    looks_like_a_cap = error.status_code == 413 or (
        error.status_code == 400 and _LIMIT_MESSAGE.search(error.message) is not None
    )
    if not looks_like_a_cap:
        return
    if error.status_code == 413 and format in COMPRESSED:
        error.hint = f"the request is too large, and {format} audio is already compressed"
    if _split.available():
        advice = "to send it in shorter pieces, pass split= or a lower max_chunk_seconds"
    else:
        advice = f"long audio can be sent in pieces cut at silences: {_split.EXTRA}"
    error.hint = f"{error.hint}; {advice}" if error.hint else advice


@attrs.frozen
class Plan:
    """How a recording is cut: its audio as given, and the caps for each piece."""

    audio: Any
    max_seconds: float
    max_bytes: int
    max_concurrency: int
    #: The recording's length from its container's header, when it says.
    length: float | None = None


def check_split(split: Any) -> str | float:
    if split in ("auto", "never"):
        return split  # type: ignore[no-any-return]
    if isinstance(split, str):
        try:
            split = float(split)
        except ValueError:
            split = None
    if isinstance(split, bool) or not isinstance(split, (int, float)):
        raise ConfigurationError(
            f"split must be 'auto', 'never' or a number of seconds per piece, not {split!r}"
        )
    return _split.check_chunk_seconds(split, "split")


def check_chunk_seconds(value: Any) -> float:
    return _split.check_chunk_seconds(value)


def check_concurrency(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"max_concurrency must be an int >= 1, not {value!r}")
    return value


def check_chunk_bytes(value: Any) -> int | None:
    if value is None:
        return None
    least = _FRAMING + int(_split.MIN_CHUNK_SECONDS * _split.BYTES_PER_SECOND)  # 10 s of a piece
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ConfigurationError(
            f"max_chunk_bytes must be a positive int >= {least:,} (a body's framing and 10 s "
            f"of a piece), not {value!r}"
        )
    return value


def plan(
    audio: Any,
    *,
    split: str | float,
    format: str | None,
    upload: str,
    max_audio_bytes: int,
    max_chunk_seconds: float,
    max_chunk_bytes: int | None,
    max_concurrency: int,
) -> Plan | None:
    """A Plan when the audio must (or was asked to) go in pieces, None to send it whole.

    ``auto`` splits only what one request cannot carry: longer than
    ``max_chunk_seconds`` (read from the container's header) or a body larger than
    ``max_chunk_bytes``. Without PyAV it sends the audio whole, as before.
    """
    if split == "never":
        return None
    if split != "auto":
        _split.require(f"split={split:g}")
    seconds = max_chunk_seconds if split == "auto" else float(split)
    # By default, the body of the largest audio one request may carry: what the
    # multipart limit or the client's max_audio_bytes (as base64) lets through whole.
    body_cap = max_chunk_bytes or _FRAMING + (
        MULTIPART_MAX_BYTES if upload == "multipart" else 4 * math.ceil(max_audio_bytes / 3)
    )
    # What each piece's audio may weigh once framed (and base64-encoded for JSON).
    audio_cap = body_cap - _FRAMING if upload == "multipart" else (body_cap - _FRAMING) * 3 // 4
    whole = Plan(audio, seconds, audio_cap, max_concurrency)
    size = _size(audio)
    if size is None or size < 0:
        if split == "auto":
            return None  # a pipe, or a path the single request will report on
        if size is not None:
            open_audio(audio, format=format, max_bytes=max_audio_bytes).close()  # says why
        raise ConfigurationError(
            f"split={split:g} needs audio it can read twice (a path, bytes or a seekable "
            "file), not a one-shot stream"
        )
    body = size if upload == "multipart" else 4 * math.ceil(size / 3)
    if size > max_audio_bytes or body + _FRAMING > body_cap:
        if _split.available():
            return attrs.evolve(whole, length=_duration(audio, split, format))
        try:  # as before, and with a way out
            open_audio(audio, format=format, max_bytes=max_audio_bytes).close()
        except AudioTooLargeError as error:
            raise AudioTooLargeError(f"{error}; or send it in pieces: {_split.EXTRA}") from None
        return None
    if split == "auto" and (size < _MIN_BYTES_PER_SECOND * seconds or not _split.available()):
        return None
    length = _duration(audio, split, format)
    if length is None:  # PyAV cannot tell: auto leaves it to the API, SECONDS insists
        return None if split == "auto" else whole
    return attrs.evolve(whole, length=length) if length > seconds else None


def _duration(audio: Any, split: str | float, format: str | None) -> float | None:
    """The header's length; for ``auto``, None when PyAV cannot read it (the single
    request then tells what the API thinks of the audio)."""
    try:
        if isinstance(audio, str):
            # A path, a data URI or base64 text: checked as a single request checks it,
            # so that a mistyped path is named as one, not decoded as base64.
            open_audio(audio, format=format, max_bytes=sys.maxsize).close()
        return _split.duration(audio)
    except AudioError:
        if split == "auto":
            return None
        raise


def _size(audio: Any) -> int | None:
    """Bytes of audio, read from what is at hand (a length, a stat, a seek): None for
    a one-shot stream, -1 for a path that cannot be read. Reads no audio."""
    if isinstance(audio, (bytes, bytearray, memoryview)):
        return memoryview(audio).nbytes
    if isinstance(audio, str):
        if not audio.startswith("data:") and len(audio) < 4096 and os.path.exists(audio):
            audio = Path(audio)
        else:
            text = audio[audio.find(",") + 1 :] if audio.startswith("data:") else audio
            text = "".join(text.split())
            return len(text) * 3 // 4 - text[-2:].count("=")
    if isinstance(audio, os.PathLike):
        try:
            info = os.stat(audio)
        except OSError:
            return -1
        return info.st_size if stat.S_ISREG(info.st_mode) else None
    try:
        if not audio.seekable():
            return None
        here = audio.tell()
        size: int = audio.seek(0, io.SEEK_END) - here
        audio.seek(here)
        return size
    except (AttributeError, OSError, ValueError):
        return None
