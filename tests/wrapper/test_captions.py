"""Captions: every SRT and WebVTT output is parsed by ``srt`` and ``webvtt-py`` (strict),
and its cues are checked against the conventions the writers promise."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import httpx
import pytest
import srt
import webvtt
from audio_samples import make_audio
from hypothesis import given, settings
from hypothesis import strategies as st
from spec_features import needs

from openrouter_stt import Client, ConfigurationError, Segment, Transcription, Word

from ._util import KEY, transcribe

# The conventions the writers promise, written out here: limits imported from the module
# under test would move with a fault in it.
MAX_LINE = 42
MAX_LINES = 2
MAX_CUE_SECONDS = 7.0
MIN_CUE_SECONDS = 0.5

VOICE = re.compile(r"^<v ([^>]*)>")
SRT_LABEL = re.compile(r"^\[(Speaker -?\d+)\] ")


def seconds(delta: datetime.timedelta) -> float:
    return delta.total_seconds()


def srt_cues(text: str) -> list[tuple[float, float, list[str], str | None]]:
    """(start, end, lines without label, speaker label) per cue; numbering checked."""
    subtitles = list(srt.parse(text))  # raises on anything malformed
    assert [s.index for s in subtitles] == list(range(1, len(subtitles) + 1))
    out = []
    for s in subtitles:
        lines = s.content.split("\n")
        assert all(len(line) <= MAX_LINE for line in lines), lines
        match = SRT_LABEL.match(lines[0])
        if match:
            lines[0] = lines[0][match.end() :]
        out.append((seconds(s.start), seconds(s.end), lines, match and match.group(1)))
    return out


def vtt_seconds(timestamp: str) -> float:
    hours, minutes, rest = timestamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def vtt_cues(text: str) -> list[tuple[float, float, list[str], str | None]]:
    assert text.startswith("WEBVTT\n")
    out = []
    for caption in webvtt.from_string(text, strict=True).captions:
        lines = caption.raw_text.split("\n")
        match = VOICE.match(lines[0])
        if match:
            lines[0] = lines[0][match.end() :]
        lines = [html.unescape(line) for line in lines]  # what a player shows
        assert all(len(line) <= MAX_LINE for line in lines), lines
        # Not start_in_seconds: webvtt-py rounds it down to whole seconds.
        out.append((vtt_seconds(caption.start), vtt_seconds(caption.end), lines, caption.voice))
    return out


def check_cues(cues: list[tuple[float, float, list[str], str | None]], t: Transcription) -> None:
    assert cues
    # Audio too short for half a second a cue shares its length out; a duration under a
    # millisecond a cue is not believed over the timestamps.
    roomy = t.duration is None or t.duration >= MIN_CUE_SECONDS * len(cues)
    believed = t.duration is not None and t.duration >= 0.001 * len(cues)
    previous_end = 0.0
    for start, end, lines, _speaker in cues:
        assert previous_end <= start < end, (previous_end, start, end)
        assert end - start >= (MIN_CUE_SECONDS if roomy else 0.001) - 0.0005, (start, end)
        assert end - start <= MAX_CUE_SECONDS + 0.001
        if believed:
            assert t.duration is not None and end <= t.duration + 0.0005
        assert 1 <= len(lines) <= MAX_LINES
        assert all(line and "-->" not in line for line in lines)
        previous_end = end


def check_both(t: Transcription) -> None:
    for cues in (srt_cues(t.to_srt()), vtt_cues(t.to_vtt())):
        check_cues(cues, t)
        if t.speakers:
            assert all(speaker is not None for *_, speaker in cues)


def _served(body: dict[str, Any]) -> Transcription:
    answer = httpx.Response(200, json=body)
    http = httpx.Client(transport=httpx.MockTransport(lambda request: answer))
    with Client(api_key=KEY, base_url="https://api.test/v1", http_client=http) as client:
        return client.transcribe(make_audio("wav"))


TIMESTAMPS = needs(response_format="verbose_json", timestamp_granularities=["word", "segment"])


@TIMESTAMPS
@pytest.mark.parametrize("example", ["verbose-segments", "verbose-words", "diarized"])
def test_captions_of_each_mock_example_parse(base_url: str, example: str) -> None:
    t = transcribe(
        "sync",
        base_url,
        make_audio("wav"),
        response_format="verbose_json",
        timestamp_granularities=["word", "segment"],
        extra_headers={"Prefer": f"example={example}"},
    )
    check_both(t)
    words = " ".join(line for *_, lines, _ in srt_cues(t.to_srt()) for line in lines)
    assert words.split() == t.text.split()


@TIMESTAMPS
def test_a_speaker_change_starts_a_labelled_cue(base_url: str) -> None:
    t = transcribe(
        "sync",
        base_url,
        make_audio("wav"),
        response_format="verbose_json",
        timestamp_granularities=["word"],
        extra_headers={"Prefer": "example=diarized"},
    )
    assert [speaker for *_, speaker in vtt_cues(t.to_vtt())] == ["Speaker 0", "Speaker 1"]
    assert [speaker for *_, speaker in srt_cues(t.to_srt())] == ["Speaker 0", "Speaker 1"]
    assert t.to_srt().splitlines()[:3] == [
        "1",
        "00:00:00,000 --> 00:00:01,900",
        "[Speaker 0] Are you coming tonight?",
    ]
    assert "\n00:00:02.200 --> 00:00:05.000\n<v Speaker 1>Yes, I will" in t.to_vtt()
    assert (
        t.to_text()
        == "Speaker 0: Are you coming tonight?\n\nSpeaker 1: Yes, I will bring the cake."
    )


def test_without_timestamps_captions_say_to_ask_for_verbose_json(base_url: str) -> None:
    t = transcribe("sync", base_url, make_audio("wav"))
    for write in (t.to_srt, t.to_vtt):
        with pytest.raises(ConfigurationError, match="verbose_json"):
            write()
    assert t.to_text() == t.text


def test_text_is_escaped_for_webvtt_and_arrows_never_appear() -> None:
    words = [
        {"word": w, "start": i * 0.5, "end": i * 0.5 + 0.4}
        for i, w in enumerate(["a", "-->", "<b>", "&", "c", "--->", "x---->y"])
    ]
    t = _served({"text": "a --> <b> & c ---> x---->y", "words": words, "duration": 4})
    vtt = t.to_vtt()
    assert "&lt;b&gt; &amp;" in vtt
    assert vtt.count("-->") == srt_cues(t.to_srt()).__len__() == 1
    check_both(t)


def test_a_long_segment_is_cut_at_word_boundaries_within_seven_seconds() -> None:
    text = " ".join(f"word{i}" for i in range(60))
    t = _served({"text": text, "segments": [{"id": 0, "start": 1, "end": 31, "text": text}]})
    cues = srt_cues(t.to_srt())
    check_cues(cues, t)
    assert len(cues) >= 5
    assert " ".join(line for *_, lines, _ in cues for line in lines) == text


def test_a_back_channel_inside_another_speakers_cue_gets_a_cue_players_show() -> None:
    # Speaker 1's "Yeah." at 1.7-1.9 s lies inside speaker 0's 0-2.0 s: it used to give
    # `00:00:02,000 --> 00:00:02,000`, a cue no player shows.
    words = [
        {"word": "So", "start": 0.0, "end": 0.4, "speaker": 0},
        {"word": "we", "start": 0.5, "end": 0.9, "speaker": 0},
        {"word": "agree.", "start": 1.0, "end": 2.0, "speaker": 0},
        {"word": "Yeah.", "start": 1.7, "end": 1.9, "speaker": 1},
        {"word": "Good.", "start": 3.0, "end": 3.5, "speaker": 0},
    ]
    t = _served({"text": "So we agree. Yeah. Good.", "words": words, "duration": 4.0})
    assert t.to_srt() == (
        "1\n00:00:00,000 --> 00:00:02,000\n[Speaker 0] So we agree.\n\n"
        "2\n00:00:02,000 --> 00:00:02,500\n[Speaker 1] Yeah.\n\n"
        "3\n00:00:03,000 --> 00:00:03,500\n[Speaker 0] Good.\n"
    )
    check_both(t)


@pytest.mark.parametrize("at", [0.0, 1.0, 3.8, 4.0])
def test_a_word_whose_start_is_its_end_gets_half_a_second_within_the_audio(at: float) -> None:
    t = _served({"text": "Hi.", "words": [{"word": "Hi.", "start": at, "end": at}], "duration": 4})
    [cue] = srt_cues(t.to_srt())
    assert cue[:2] == (min(at, 3.5), min(at, 3.5) + 0.5)
    check_both(t)


def test_cues_pushed_against_the_end_of_the_audio_move_earlier_keeping_their_length() -> None:
    words = [{"word": w, "start": 2.9, "end": 2.9, "speaker": i} for i, w in enumerate("abc")]
    t = _served({"text": "a b c", "words": words, "duration": 3.0})
    assert [cue[:2] for cue in srt_cues(t.to_srt())] == [(1.5, 2.0), (2.0, 2.5), (2.5, 3.0)]
    check_both(t)


def test_audio_too_short_for_half_a_second_a_cue_shares_its_length_out() -> None:
    words = [{"word": w, "start": 0.1, "end": 0.1, "speaker": i} for i, w in enumerate("abc")]
    t = _served({"text": "a b c", "words": words, "duration": 0.6})
    assert [cue[:2] for cue in srt_cues(t.to_srt())] == [(0.0, 0.2), (0.2, 0.4), (0.4, 0.6)]
    check_both(t)


def test_a_speaker_label_wider_than_a_line_gets_captions_not_an_exception() -> None:
    # Parsing drops speakers past 64 bits; a Transcription built by hand may still hold
    # one, whose label left no room for a word (ZeroDivisionError in the layout).
    words = (Word("hello", 0.0, 0.5, 10**32), Word("there", 0.5, 1.0, 10**32))
    t = Transcription("hello there", None, "m", httpx.Headers(), {}, words=words)
    srt_text, vtt_text = t.to_srt(), t.to_vtt()
    assert f"[Speaker {10**32}] hello\nthere\n" in srt_text  # the label's line is full
    assert f"<v Speaker {10**32}>hello there\n" in vtt_text  # a voice tag takes no room


def test_timestamps_that_are_not_finite_are_skipped_like_missing_ones() -> None:
    inf, nan = float("inf"), float("nan")
    words = (Word("a", nan, 1.0), Word("b", 0.0, inf), Word("c", 1.0, 1.5), Word("d", -inf, 0))
    t = Transcription("a b c d", None, "m", httpx.Headers(), {}, words=words, duration=inf)
    assert [cue[:3] for cue in srt_cues(t.to_srt())] == [(1.0, 1.5, ["c"])]


def test_times_near_floats_limit_give_captions_not_an_exception() -> None:
    # A 28-character word beside a 15-character label is cut in two; sharing a segment
    # that ends at 6.2e306 s among its characters once overflowed to inf, then NaN.
    huge = 6.198941844352813e306
    segments = (
        Segment(text="0" * 28, start=0.0, end=huge, id=0, speaker=0),
        Segment(text="0", start=0.0, end=0.0, id=0, speaker=-100),
    )
    t = Transcription("", None, "m", httpx.Headers(), {}, segments=segments, duration=0.0)
    cues = srt_cues(t.to_srt())
    assert [lines for _, _, lines, _ in cues] == [["0" * 27], ["0"], ["0"]]
    assert cues[0][:2] == (0.0, 7.0)  # cut at seven seconds, as any long cue
    check_both(t)


# --- properties over any timing the API could send ---------------------------------------

word_texts = st.text(
    st.sampled_from("abcdefghij-><&,.?!é東 "), min_size=0, max_size=50
) | st.sampled_from(["-->", "<v>", "a&b", "x" * 90])


@st.composite
def transcriptions(draw: st.DrawFn) -> Transcription:
    n = draw(st.integers(1, 40))
    at = draw(st.floats(0, 100))
    diarized = draw(st.booleans())
    items = []
    for _ in range(n):
        at += draw(st.floats(0, 3))
        length = draw(st.floats(0, 9))
        speaker = draw(st.integers(0, 2)) if diarized else None
        items.append((draw(word_texts), at, at + length, speaker))
        at += length * draw(st.floats(0.5, 1.5))  # sometimes overlapping the next
    duration = draw(st.none() | st.floats(0, at + 5))
    if draw(st.booleans()):
        words = tuple(Word(w, s, e, sp) for w, s, e, sp in items)
        segments: tuple[Segment, ...] = ()
    else:
        words = ()
        segments = tuple(
            Segment(text=w, start=s, end=e, id=i, speaker=sp)
            for i, (w, s, e, sp) in enumerate(items)
        )
    text = " ".join(w for w, *_ in items)
    return Transcription(
        text, None, "m", httpx.Headers(), {}, segments=segments, words=words, duration=duration
    )


@settings(max_examples=100, deadline=None)
@given(t=transcriptions())
def test_any_timing_gives_captions_both_parsers_accept(t: Transcription) -> None:
    if not any(w.word.strip() for w in t.words) and not any(s.text.strip() for s in t.segments):
        with pytest.raises(ConfigurationError):
            t.to_srt()
        return
    check_both(t)
