"""What a results record holds for one file: its transcript, the error that stopped it,
or the pieces of a long recording finished before a failure or Ctrl-C (paid for, so
kept)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from ._errors import OpenRouterSTTError
from ._long import ChunkError
from ._types import Chunk, Transcription

#: The argument that stands for standard input.
STDIN = Path("-")


def make_record(
    path: Path,
    result: Transcription | OpenRouterSTTError,
    options: dict[str, Any],
    transcript: Transcription | None = None,
) -> dict[str, Any]:
    """What --out and --output json(l) hold for one file. A failure after the answer came
    (its captions could not be made or written) keeps the ``transcript``: it was paid for."""
    where = {"path": str(path if path == STDIN else path.resolve())}
    outcome: dict[str, Any] = {}
    if isinstance(result, Transcription):
        transcript = result
        outcome["status"] = "ok"
    else:
        message = " ".join(str(result).splitlines())
        outcome = {"status": "error", "error": type(result).__name__, "message": message}
        if isinstance(result, ChunkError):  # the pieces transcribed before one failed
            outcome["completed"] = pieces_of(result.completed)
    if transcript is not None:
        usage = usage_of(transcript)
        outcome.update(text=transcript.text, usage=usage, model=transcript.model)
        outcome.update(timestamps(transcript))
    return {**where, **outcome, "options": options}


def interrupted_record(
    path: Path, completed: tuple[Chunk, ...], options: dict[str, Any]
) -> dict[str, Any]:
    """What --out holds for a long recording stopped by Ctrl-C: its finished pieces,
    paid for. Not "ok", so --resume sends the file again."""
    done = pieces_of(completed)
    message = f"interrupted after {len(done)} piece(s); --resume sends the file again"
    where = str(path if path == STDIN else path.resolve())
    record = {"path": where, "status": "interrupted", "message": message, "completed": done}
    return {**record, "options": options}


def pieces_of(completed: tuple[Chunk, ...]) -> list[dict[str, Any]]:
    """The transcribed pieces of a split recording as records hold them."""
    return [
        {"start": c.start, "end": c.end, "text": t.text, "usage": usage_of(t)}
        for c in completed
        if (t := c.transcription) is not None
    ]


def usage_of(transcript: Transcription) -> dict[str, Any] | None:
    usage = transcript.usage
    return None if usage is None else {**attrs.asdict(usage), "kind": usage.kind}


def timestamps(result: Transcription) -> dict[str, Any]:
    """What verbose_json added, when it did: language, duration, segments, words."""
    added: dict[str, Any] = {}
    for name in ("language", "duration", "task"):
        if getattr(result, name) is not None:
            added[name] = getattr(result, name)
    for name in ("segments", "words"):
        if getattr(result, name):
            added[name] = [attrs.asdict(item) for item in getattr(result, name)]
    return added
