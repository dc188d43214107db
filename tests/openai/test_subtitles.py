"""SubRip and WebVTT answers read back into segments, as players read them."""

from __future__ import annotations

import pytest

from openrouter_stt._subtitles import SubtitleError, parse_cues


def cues(text: str) -> list[tuple[float | None, float | None, str]]:
    return [(s.start, s.end, s.text) for s in parse_cues(text)]


def test_webvtt_with_header_notes_settings_tags_and_no_hours() -> None:
    text = (
        "WEBVTT - made by a server\r\n\r\nNOTE a comment\r\nover two lines\r\n\r\n"
        "STYLE\r\n::cue { color: red }\r\n\r\n"
        "intro\r\n00:01.5 --> 00:03.250 align:start position:10%\r\n"
        "<v Agent>Hello</v> <i>there</i>\r\n"
    )
    assert cues(text) == [(1.5, 3.25, "Hello there")]


def test_subrip_without_cue_numbers_and_with_multi_line_cues() -> None:
    text = "00:00:00,000 --> 00:00:01,000\nfirst\nline\n\n01:00:00,500 --> 01:00:02,000\nlater\n"
    assert cues(text) == [(0.0, 1.0, "first line"), (3600.5, 3602.0, "later")]


@pytest.mark.parametrize("text", ["", "WEBVTT\n\n", "just words, no timing"])
def test_a_document_without_cues_is_refused(text: str) -> None:
    with pytest.raises(SubtitleError):
        parse_cues(text)
