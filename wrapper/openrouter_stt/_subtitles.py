"""Reading SubRip and WebVTT answers back into timed segments, so that a caption answer
can be stitched with its neighbours and written again (``to_srt``/``to_vtt``).

Lenient as players are: cue numbers and cue identifiers are optional, hours may be
left out (WebVTT), a comma or a dot separates milliseconds either way, cue settings
after the end time, NOTE, STYLE and REGION blocks are skipped, and tags such as
``<v Speaker>`` or ``<i>`` are dropped from the text.
"""

from __future__ import annotations

import re

from ._types import Segment

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_TAG = re.compile(r"<[^>]*>")


class SubtitleError(ValueError):
    """The text has no cue a player would show."""


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return (
        int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis.ljust(3, "0")) / 1000
    )


def parse_cues(text: str) -> tuple[Segment, ...]:
    """The cues of a SubRip or WebVTT document as segments (seconds, text without tags);
    raises SubtitleError when there is none."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    segments: list[Segment] = []
    for block in blocks:
        lines = block.split("\n")
        timing = next((i for i, line in enumerate(lines) if _TIMING.match(line)), None)
        if timing is None:  # WEBVTT header, NOTE, STYLE, REGION, or stray text
            continue
        match = _TIMING.match(lines[timing])
        assert match is not None
        groups = match.groups()
        words = " ".join(_TAG.sub("", line).strip() for line in lines[timing + 1 :])
        segments.append(
            Segment(
                text=" ".join(words.split()),
                start=_seconds(*groups[:4]),
                end=_seconds(*groups[4:]),
                id=len(segments),
            )
        )
    if not segments:
        raise SubtitleError("no cue with a timing line (start --> end)")
    return tuple(segments)
