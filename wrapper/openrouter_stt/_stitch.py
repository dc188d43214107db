"""One Transcription from the transcriptions of a recording's pieces: text joined,
timestamps moved by each piece's start, segment ids renumbered, usage summed, and
speakers kept apart per piece.

A provider numbers the speakers of each request on its own, so "speaker 0" of one piece
and "speaker 0" of the next need not be the same person. Each piece's speakers are
therefore numbered after those of the pieces before it (piece 1 has 0 and 1, piece 2's
0 and 1 become 2 and 3): one voice heard in two pieces has two numbers, but two voices
never share one. ``chunks`` tells which piece each number came from."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import Any

import attrs
import httpx

from ._types import Chunk, Segment, Transcription, Usage, Word

_USAGE_FIELDS = ("cost", "seconds", "input_tokens", "output_tokens", "total_tokens")


def stitch(chunks: Sequence[Chunk], *, duration: float, model: str) -> Transcription:
    """The recording's transcription from its ``chunks`` (in order; silent ones that
    were not sent have no transcription and add nothing)."""
    done = [(c, c.transcription) for c in chunks if c.transcription is not None]
    segments: list[Segment] = []
    words: list[Word] = []
    speakers = 0  # numbers taken by the speakers of the pieces so far
    for chunk, part in done:
        first = speakers
        for segment in part.segments:
            segments.append(
                attrs.evolve(
                    segment,
                    id=len(segments),
                    start=_moved(segment.start, chunk.start),
                    end=_moved(segment.end, chunk.start),
                    speaker=_speaker(segment.speaker, first),
                )
            )
        words.extend(
            attrs.evolve(
                w,
                start=_moved(w.start, chunk.start),
                end=_moved(w.end, chunk.start),
                speaker=_speaker(w.speaker, first),
            )
            for w in part.words
        )
        speakers = max([speakers, *(first + s + 1 for s in part.speakers if s >= 0)])
    usage = sum_usage([part.usage for _, part in done])
    text = join_text([part.text for _, part in done])
    language = next((p.language for _, p in done if p.language), None)
    task = next((p.task for _, p in done if p.task), None)
    raw: dict[str, Any] = {"text": text}
    if usage is not None:
        raw["usage"] = _usage_dict(usage)
    raw["duration"] = duration
    if language is not None:
        raw["language"] = language
    if task is not None:
        raw["task"] = task
    if segments:
        raw["segments"] = [_item_dict(s) for s in segments]
    if words:
        raw["words"] = [_item_dict(w) for w in words]
    return Transcription(
        text=text,
        usage=usage,
        model=model,
        headers=httpx.Headers(),
        raw=raw,
        segments=tuple(segments),
        words=tuple(words),
        language=language,
        duration=duration,
        task=task,
        chunks=tuple(chunks),
    )


def _speaker(speaker: int | None, first: int) -> int | None:
    """A piece's speaker number, after the numbers of the pieces before it (a negative
    one, which no provider documents, is kept as sent)."""
    return speaker if speaker is None or speaker < 0 else first + speaker


def _moved(seconds: float | None, offset: float) -> float | None:
    # Rounded to the microsecond: offsets must not add float noise such as 1200.0000000002.
    return None if seconds is None else round(seconds + offset, 6)


def join_text(parts: Sequence[str]) -> str:
    """Pieces' texts with a space between them, except between two characters of a
    script written without spaces (Chinese, Japanese, Thai)."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if text and not (_unspaced(text[-1]) and _unspaced(part[0])):
            text += " "
        text += part
    return text


def _unspaced(char: str) -> bool:
    if "\u0e00" <= char <= "\u0e7f":  # Thai
        return True
    hangul = "\uac00" <= char <= "\ud7af" or "\u1100" <= char <= "\u11ff"
    return unicodedata.east_asian_width(char) in ("W", "F") and not hangul


def sum_usage(usages: Sequence[Usage | None]) -> Usage | None:
    """Each field summed over the pieces that report it (None where none does), so the
    kind (duration, tokens, both) is the pieces' own; numbers in ``extra`` are summed too."""
    present = [u for u in usages if u is not None]
    if not present:
        return None
    fields: dict[str, Any] = {}
    for name in _USAGE_FIELDS:
        values = [getattr(u, name) for u in present if getattr(u, name) is not None]
        if values:
            fields[name] = math.fsum(values) if name in ("cost", "seconds") else sum(values)
    extra: dict[str, Any] = {}
    for usage in present:
        extra = _merge(extra, usage.extra)
    return Usage(**fields, extra=extra)


def _merge(total: Any, value: Any) -> Any:
    """Numbers added, objects merged key by key; anything else keeps its first value."""
    if isinstance(total, dict) and isinstance(value, dict):
        merged = dict(total)
        for key, item in value.items():
            merged[key] = _merge(merged[key], item) if key in merged else item
        return merged
    if _is_number(total) and _is_number(value):
        return total + value
    return total


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _usage_dict(usage: Usage) -> dict[str, Any]:
    fields = {name: getattr(usage, name) for name in _USAGE_FIELDS}
    return {**usage.extra, **{k: v for k, v in fields.items() if v is not None}}


def _item_dict(item: Segment | Word) -> dict[str, Any]:
    values = attrs.asdict(item, recurse=False)
    extra = values.pop("extra")
    if isinstance(values.get("tokens"), tuple):
        values["tokens"] = list(values["tokens"])
    return {**extra, **{k: v for k, v in values.items() if v is not None}}
