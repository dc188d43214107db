"""Captions from a transcription's timestamps: SubRip (``to_srt``), WebVTT (``to_vtt``)
and plain text (``to_text``).

The usual conventions: at most 42 characters a line and 2 lines a cue, a cue at most
7 seconds, cut at word boundaries from word timestamps when there are any (segments
otherwise, their time shared among their words by length), and a new cue at every
speaker change, labelled ``[Speaker N]`` (SRT) or ``<v Speaker N>`` (WebVTT), N being the
provider's speaker index. Cues never overlap and never end after the audio does (unless
its ``duration`` leaves under a millisecond per cue: the timestamps are believed then).

Every cue lasts at least half a second (``MIN_CUE_SECONDS``), so that players show it:
a word whose start equals its end, or a back-channel "Yeah." spoken inside another
speaker's cue, would otherwise make a cue of no length. Such a cue starts where the one
before ends and the cues after it move on as needed; near the end of the audio the
cues before it move earlier instead. Only audio too short to give every cue half a
second shares its length out evenly among them. Timestamps that are not finite are
ignored, like missing ones.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import attrs

from ._errors import ConfigurationError

if TYPE_CHECKING:
    from ._types import Transcription

MAX_LINE = 42
MAX_LINES = 2
MAX_CUE_SECONDS = 7.0
MIN_CUE_SECONDS = 0.5
#: Times are clamped here (30,000 years) so that milliseconds stay exact ints.
_LATEST_SECONDS = 1e12

_SPACE = re.compile(r"\s+")
#: A run of dashes before ">": "--->" with only "-->" replaced would leave "-->" again.
_ARROW = re.compile(r"-{2,}>")


@attrs.frozen
class _Token:
    start: float
    end: float
    text: str
    speaker: int | None


@attrs.frozen
class Cue:
    """One caption: start and end in milliseconds, its lines, its speaker."""

    start: int
    end: int
    lines: tuple[str, ...]
    speaker: int | None


def _clean(text: str) -> str:
    # A cue's text must not hold the timing arrow, nor a blank line (it ends the cue).
    return _SPACE.sub(" ", _ARROW.sub("->", text)).strip()


def _split_long(token: _Token, room: int) -> Iterator[_Token]:
    """A word longer than ``room`` (a URL, say) in pieces that fit, time shared out."""
    if len(token.text) <= room:
        yield token
        return
    pieces = [token.text[i : i + room] for i in range(0, len(token.text), room)]
    step = (token.end - token.start) / len(pieces)
    for i, piece in enumerate(pieces):
        yield _Token(token.start + i * step, token.start + (i + 1) * step, piece, token.speaker)


def _tokens(transcription: Transcription) -> list[_Token]:
    """Timed words: the provider's words when it gave any, else each segment's words with
    the segment's time shared among them by length."""
    tokens: list[_Token] = []
    words = [w for w in transcription.words if _timed(w.start, w.end)]
    if words:
        for w in words:
            text = _clean(w.word)
            if text:
                assert w.start is not None and w.end is not None
                start = _seconds(w.start)
                tokens.append(_Token(start, max(_seconds(w.end), start), text, w.speaker))
    else:
        for segment in transcription.segments:
            if not _timed(segment.start, segment.end):
                continue
            assert segment.start is not None and segment.end is not None
            parts = _clean(segment.text).split(" ")
            parts = [p for p in parts if p]
            total = sum(len(p) + 1 for p in parts)
            at = _seconds(segment.start)
            span = max(_seconds(segment.end) - at, 0.0)
            for part in parts:
                share = span * ((len(part) + 1) / total)
                tokens.append(_Token(at, at + share, part, segment.speaker))
                at += share
    if not tokens:
        raise ConfigurationError(
            "this transcription has no timestamps to make captions from: transcribe with "
            "response_format='verbose_json' (and timestamp_granularities=('word', "
            "'segment') for word-timed cues); not every provider returns them"
        )
    return tokens


def _timed(start: float | None, end: float | None) -> bool:
    return start is not None and end is not None and math.isfinite(start) and math.isfinite(end)


def _seconds(value: float) -> float:
    # Clamped before any arithmetic: a time near float's limit (1e306) would overflow to
    # inf when shared among words, and inf - inf is NaN.
    return min(max(value, 0.0), _LATEST_SECONDS)


def _ms(seconds: float) -> int:
    return round(_seconds(seconds) * 1000)


def _wrap(words: list[str], first_line_taken: int) -> list[str]:
    """Greedy line filling; the first line may start with a label of that width."""
    lines: list[str] = []
    line, width = "", first_line_taken
    for word in words:
        if line and width + 1 + len(word) > MAX_LINE:
            lines.append(line)
            line, width = "", 0
        line = f"{line} {word}" if line else word
        width += len(word) + (1 if width else 0)
    lines.append(line)
    return lines


def cues(transcription: Transcription, label_width: Callable[[int | None], int]) -> list[Cue]:
    """The transcription cut into cues; ``label_width`` is how many characters the
    speaker label takes on a cue's first line."""
    tokens = _tokens(transcription)
    labelled = any(t.speaker is not None for t in tokens)
    # A word must fit a first line beside its label (a label of absurd width, from a
    # Transcription built by hand, gets a line to itself).
    room = MAX_LINE - (max(label_width(t.speaker) for t in tokens) if labelled else 0)
    room = room if room > 0 else MAX_LINE
    tokens = [piece for token in tokens for piece in _split_long(token, room)]
    groups: list[list[_Token]] = []
    for token in tokens:
        group = groups[-1] if groups else None
        if group is not None:
            taken = label_width(group[0].speaker) if labelled else 0
            words = [t.text for t in group] + [token.text]
            if (
                token.speaker == group[0].speaker
                and token.end - group[0].start <= MAX_CUE_SECONDS
                and len(_wrap(words, taken)) <= MAX_LINES
            ):
                group.append(token)
                continue
        groups.append([token])

    spans = _layout(groups, transcription.duration)
    out: list[Cue] = []
    for group, (start, end) in zip(groups, spans, strict=True):
        speaker = group[0].speaker if labelled else None
        taken = label_width(speaker) if labelled else 0
        out.append(Cue(start, end, tuple(_wrap([t.text for t in group], taken)), speaker))
    return out


def _layout(groups: list[list[_Token]], duration: float | None) -> list[tuple[int, int]]:
    """(start, end) in ms of each group's cue: in order, never overlapping, each at
    least MIN_CUE_SECONDS and at most MAX_CUE_SECONDS, none past ``duration``."""
    shortest, longest = round(MIN_CUE_SECONDS * 1000), round(MAX_CUE_SECONDS * 1000)
    limit = _ms(duration) if duration is not None and math.isfinite(duration) else None
    if limit is not None and limit < len(groups):
        limit = None  # no room for a millisecond per cue: the timestamps say otherwise
    if limit is not None:
        shortest = min(shortest, limit // len(groups))
    spans: list[tuple[int, int]] = []
    previous_end = 0
    for group in groups:
        start = max(_ms(group[0].start), previous_end)
        end = min(max(_ms(group[-1].end), start + shortest), start + longest)
        spans.append((start, end))
        previous_end = end
    if limit is not None:
        # From the last cue back: none may end after the audio, each keeps its length.
        ceiling = limit
        for index in reversed(range(len(spans))):
            start, end = spans[index]
            end = min(end, ceiling)
            start = min(start, end - shortest)
            spans[index] = (start, end)
            ceiling = start
    return spans


def _timestamp(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def _speaker_name(speaker: int | None) -> str:
    return f"Speaker {speaker}" if speaker is not None else "Speaker ?"


def to_srt(transcription: Transcription) -> str:
    """SubRip: cues numbered from 1, ``HH:MM:SS,mmm``, speakers as ``[Speaker N]``."""

    def width(speaker: int | None) -> int:
        return len(_speaker_name(speaker)) + 3  # "[", "] "

    blocks = []
    for number, cue in enumerate(cues(transcription, width), start=1):
        lines = list(cue.lines)
        if cue.speaker is not None:
            lines[0] = f"[{_speaker_name(cue.speaker)}] {lines[0]}"
        timing = f"{_timestamp(cue.start, ',')} --> {_timestamp(cue.end, ',')}"
        blocks.append("\n".join([str(number), timing, *lines]))
    return "\n\n".join(blocks) + "\n"


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(transcription: Transcription) -> str:
    """WebVTT: the ``WEBVTT`` header, ``HH:MM:SS.mmm``, speakers as ``<v Speaker N>``."""
    blocks = ["WEBVTT"]
    for cue in cues(transcription, lambda speaker: 0):  # the voice tag is markup, not text
        lines = [_escape_vtt(line) for line in cue.lines]
        if cue.speaker is not None:
            lines[0] = f"<v {_speaker_name(cue.speaker)}>{lines[0]}"
        timing = f"{_timestamp(cue.start, '.')} --> {_timestamp(cue.end, '.')}"
        blocks.append("\n".join([timing, *lines]))
    return "\n\n".join(blocks) + "\n"


def to_text(transcription: Transcription) -> str:
    """The transcript; with speakers, one ``Speaker N: ...`` paragraph per turn."""
    items = [(w.speaker, w.word) for w in transcription.words] or [
        (s.speaker, s.text) for s in transcription.segments
    ]
    if not any(speaker is not None for speaker, _ in items):
        return transcription.text
    turns: list[tuple[int | None, list[str]]] = []
    for speaker, text in items:
        if not turns or turns[-1][0] != speaker:
            turns.append((speaker, []))
        turns[-1][1].append(text.strip())
    return "\n\n".join(
        f"{_speaker_name(speaker)}: {' '.join(t for t in texts if t)}" for speaker, texts in turns
    )
