"""Recordings too long or too large for one request: whether to split, and sending the
pieces concurrently through the caller's own client, so that retries, errors and
Retry-After apply to each piece. ``_split`` cuts the audio, ``_stitch`` joins the results.

The previous piece's text is not passed as a prompt: pieces are sent concurrently, so
it does not exist yet when the next one starts, and few providers take a prompt.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
from collections.abc import Awaitable, Callable, Generator
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import attrs

from . import _split
from ._audio import open_audio
from ._errors import (
    APIStatusError,
    AudioError,
    AudioTooLargeError,
    ConfigurationError,
    OpenRouterSTTError,
)
from ._multipart import MULTIPART_MAX_BYTES
from ._types import Chunk, Transcription

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


def explain_limit(error: APIStatusError) -> None:
    """Add to the hint of an error that looks like a length or size cap (413, or a 400
    naming one) how to send the audio in pieces."""
    looks_like_a_cap = error.status_code == 413 or (
        error.status_code == 400 and _LIMIT_MESSAGE.search(error.message) is not None
    )
    if not looks_like_a_cap:
        return
    if _split.available():
        advice = "to send it in shorter pieces, pass split= or a lower max_chunk_seconds"
    else:
        advice = f"long audio can be sent in pieces cut at silences: {_split.EXTRA}"
    error.hint = f"{error.hint}; {advice}" if error.hint else advice


class ChunkError(OpenRouterSTTError):
    """A piece of a split recording failed after its retries. ``start`` and ``end`` say
    which stretch (seconds), ``error`` what happened, and ``completed`` holds the pieces
    that were transcribed, so no finished work is lost."""

    def __init__(
        self,
        message: str,
        *,
        index: int,
        start: float,
        end: float,
        error: OpenRouterSTTError,
        completed: tuple[Chunk, ...],
    ) -> None:
        super().__init__(message)
        self.index = index
        self.start = start
        self.end = end
        self.error = error
        self.completed = completed
        self.attempts = error.attempts


@attrs.frozen
class SplitProgress:
    """Where a split transcription stands, given to ``transcribe(progress=...)`` after
    each piece: pieces done, pieces in all (None while the recording is still being
    cut), and seconds of the recording transcribed, of ``seconds_total`` (None when the
    container's header does not say)."""

    done: int
    total: int | None
    seconds_done: float
    seconds_total: float | None


ProgressCallback = Callable[[SplitProgress], None]


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
            return attrs.evolve(whole, length=_duration(audio, split))
        try:  # as before, and with a way out
            open_audio(audio, format=format, max_bytes=max_audio_bytes).close()
        except AudioTooLargeError as error:
            raise AudioTooLargeError(f"{error}; or send it in pieces: {_split.EXTRA}") from None
        return None
    if split == "auto" and (size < _MIN_BYTES_PER_SECOND * seconds or not _split.available()):
        return None
    length = _duration(audio, split)
    if length is None:  # PyAV cannot tell: auto leaves it to the API, SECONDS insists
        return None if split == "auto" else whole
    return attrs.evolve(whole, length=length) if length > seconds else None


def _duration(audio: Any, split: str | float) -> float | None:
    """The header's length; for ``auto``, None when PyAV cannot read it (the single
    request then tells what the API thinks of the audio)."""
    try:
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


def _when(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{int(seconds * 10) % 10}"


def _failure(piece: _split.AudioPiece, error: OpenRouterSTTError, done: list[Chunk]) -> Exception:
    if isinstance(error, (ConfigurationError, AudioError)):
        return error  # an argument the API was never sent: the same for every piece
    finished = tuple(sorted(done, key=lambda c: c.index))
    return ChunkError(
        f"the audio from {_when(piece.start)} to {_when(piece.end)} (piece {piece.index + 1}) "
        f"failed: {error}; the {len(finished)} finished piece(s) are in .completed",
        index=piece.index,
        start=piece.start,
        end=piece.end,
        error=error,
        completed=finished,
    )


def _chunk(piece: _split.AudioPiece, result: Transcription | None) -> Chunk:
    return Chunk(piece.index, piece.start, piece.end, len(piece.data), result)


def _pieces(plan: Plan) -> Generator[tuple[_split.AudioPiece, bool]]:
    """(piece, send it?) for every piece: silent pieces are not sent, unless the whole
    recording is silent, when its first piece is (one request, an honest empty text)."""
    held = None  # the first piece, while it is silent and nothing was sent
    sent = False
    for piece in _split.split(plan.audio, max_seconds=plan.max_seconds, max_bytes=plan.max_bytes):
        if piece.silent and held is None and not sent:
            held = piece
        elif piece.silent:
            yield piece, False
        else:
            if held is not None:
                yield held, False
                held = None
            sent = True
            yield piece, True
    if held is not None:
        yield held, True


@attrs.define
class _Tally:
    """The pieces finished so far, reported to a progress callback as they come."""

    plan: Plan
    callback: ProgressCallback | None
    done: list[Chunk] = attrs.field(factory=list)
    cut: int = 0  # pieces the splitter has produced
    finished_cutting: bool = False

    def add(self, chunk: Chunk) -> None:
        self.done.append(chunk)
        self.report()

    def report(self) -> None:
        if self.callback is not None:
            self.callback(
                SplitProgress(
                    done=len(self.done),
                    total=self.cut if self.finished_cutting else None,
                    seconds_done=sum(c.end - c.start for c in self.done),
                    seconds_total=self.plan.length,
                )
            )


def run(
    plan: Plan,
    send: Callable[[_split.AudioPiece], Transcription],
    model: str,
    progress: ProgressCallback | None = None,
) -> Transcription:
    """Send the pieces from a thread pool, at most ``max_concurrency`` at a time (and as
    many encoded pieces in memory); a failure stops new pieces, lets the running ones
    finish, and raises ChunkError."""
    import concurrent.futures  # here: importing the package stays quick

    tally = _Tally(plan, progress)
    running: dict[concurrent.futures.Future[Transcription], _split.AudioPiece] = {}
    failed: tuple[_split.AudioPiece, OpenRouterSTTError] | None = None

    def collect(block_until: int) -> None:
        nonlocal failed
        while len(running) > block_until:
            finished, _ = concurrent.futures.wait(
                running, return_when=concurrent.futures.FIRST_COMPLETED
            )
            for future in finished:
                piece = running.pop(future)
                try:
                    tally.add(_chunk(piece, future.result()))
                except OpenRouterSTTError as error:
                    if failed is None or piece.index < failed[0].index:
                        failed = (piece, error)

    with concurrent.futures.ThreadPoolExecutor(plan.max_concurrency) as pool:
        try:
            for piece, wanted in _pieces(plan):
                tally.cut += 1
                if not wanted:
                    tally.add(_chunk(piece, None))
                    continue
                collect(plan.max_concurrency - 1)
                if failed is not None:
                    break
                running[pool.submit(send, piece)] = piece
            else:
                tally.finished_cutting = True
        finally:
            collect(0)
    return _result(tally, failed, model)


async def arun(
    plan: Plan,
    send: Callable[[_split.AudioPiece], Awaitable[Transcription]],
    model: str,
    progress: ProgressCallback | None = None,
) -> Transcription:
    """``run`` for the async client: the splitting runs in a worker thread, the pieces
    are sent as tasks on the caller's event loop."""
    tally = _Tally(plan, progress)
    failed: tuple[_split.AudioPiece, OpenRouterSTTError] | None = None
    slots = anyio.Semaphore(plan.max_concurrency)
    pieces = _pieces(plan)

    async def one(piece: _split.AudioPiece) -> None:
        nonlocal failed
        try:
            tally.add(_chunk(piece, await send(piece)))
        except OpenRouterSTTError as error:
            if failed is None or piece.index < failed[0].index:
                failed = (piece, error)
        finally:
            slots.release()

    try:
        async with anyio.create_task_group() as group:
            while failed is None:
                await slots.acquire()
                item = await anyio.to_thread.run_sync(next, pieces, None)
                if item is None:
                    tally.finished_cutting = True
                if item is None or failed is not None:
                    slots.release()
                    break
                piece, wanted = item
                tally.cut += 1
                if wanted:
                    group.start_soon(one, piece)
                else:
                    tally.add(_chunk(piece, None))
                    slots.release()
    finally:
        pieces.close()
    return _result(tally, failed, model)


def _result(
    tally: _Tally, failed: tuple[_split.AudioPiece, OpenRouterSTTError] | None, model: str
) -> Transcription:
    from ._stitch import stitch

    if failed is not None:
        raise _failure(*failed, tally.done)
    chunks = sorted(tally.done, key=lambda c: c.index)
    return stitch(chunks, duration=chunks[-1].end, model=model)
