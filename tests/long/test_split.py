"""The splitter on real generated audio: cut points in pauses, both caps, every input
kind, silence, and undecodable input."""

from __future__ import annotations

import base64
import io

import pytest

pytest.importorskip("av")
pytest.importorskip("numpy")

import itertools

import av
from audio_samples import make_audio, silence_wav, speech_like_wav

from openrouter_stt import (
    AudioError,
    ConfigurationError,
    _split,
)

# 95 s of speech-like sound with pauses: with 30 s pieces the search window is the
# last 3 s before each boundary, so the cuts belong in the 2nd, 4th and 5th pause
# (boundaries at 30, ~58.3 and ~86.8 s); the others lie outside any window.
PAUSES = [(10.0, 10.8), (28.0, 28.6), (45.0, 45.8), (56.5, 57.1), (85.0, 85.6)]
SECONDS = 95.0


@pytest.fixture(scope="module")
def speech() -> bytes:
    return speech_like_wav(PAUSES, SECONDS)


def decoded_seconds(data: bytes) -> float:
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        return sum(frame.samples for frame in container.decode(stream)) / stream.rate


def test_cuts_fall_in_the_pause_before_each_boundary(speech: bytes) -> None:
    pieces = list(_split.split(speech, max_seconds=30, max_bytes=10**8))
    # Boundaries at 30 s from each piece's start; search windows of 3 s before them.
    assert [p.index for p in pieces] == list(range(len(pieces)))
    cuts = [p.end for p in pieces[:-1]]
    assert len(cuts) == 3
    for cut, (start, end) in zip(cuts, [PAUSES[1], PAUSES[3], PAUSES[4]], strict=True):
        assert start + 0.2 <= cut <= end - 0.2, (cut, start, end)
    # Contiguous, covering the whole recording, none longer than the cap.
    assert pieces[0].start == 0
    assert all(a.end == b.start for a, b in itertools.pairwise(pieces))
    assert pieces[-1].end == pytest.approx(SECONDS)
    assert all(p.seconds <= 30 for p in pieces)
    assert not any(p.silent for p in pieces)


def test_each_piece_is_ogg_opus_of_its_own_length(speech: bytes) -> None:
    for piece in _split.split(speech, max_seconds=30, max_bytes=10**8):
        assert piece.format == "ogg" and piece.data[:4] == b"OggS"
        with av.open(io.BytesIO(piece.data)) as container:
            assert container.streams.audio[0].codec_context.name == "opus"
        assert decoded_seconds(piece.data) == pytest.approx(piece.seconds, abs=0.03)


def test_no_pause_in_the_window_still_cuts_at_the_quietest_moment() -> None:
    speech = speech_like_wav([], 25.0)
    pieces = list(_split.split(speech, max_seconds=10, max_bytes=10**8))
    assert len(pieces) == 3
    assert all(9.0 <= p.seconds <= 10.0 for p in pieces[:-1])
    assert pieces[-1].end == pytest.approx(25.0)


def test_the_byte_cap_shortens_the_pieces(speech: bytes) -> None:
    cap = 40_000  # about 10.7 s at the encoder's budgeted rate
    pieces = list(_split.split(speech, max_seconds=1200, max_bytes=cap))
    assert len(pieces) >= 9
    assert all(len(p.data) <= cap for p in pieces)
    assert all(p.seconds <= cap / _split.BYTES_PER_SECOND for p in pieces)
    assert pieces[-1].end == pytest.approx(SECONDS)


def test_a_byte_cap_under_ten_seconds_is_refused(speech: bytes) -> None:
    with pytest.raises(ConfigurationError, match="max_chunk_bytes=1,000"):
        next(_split.split(speech, max_seconds=60, max_bytes=1000))


@pytest.mark.parametrize("kind", ["bytes", "path", "file", "base64", "data-uri"])
def test_every_input_kind_splits_the_same(speech: bytes, kind: str, tmp_path) -> None:
    path = tmp_path / "speech.wav"
    path.write_bytes(speech)
    text = base64.b64encode(speech).decode()
    audio = {
        "bytes": speech,
        "path": path,
        "file": io.BytesIO(speech),
        "base64": text,
        "data-uri": "data:audio/wav;base64," + text,
    }[kind]
    cuts = [p.end for p in _split.split(audio, max_seconds=30, max_bytes=10**8)]
    assert cuts == [p.end for p in _split.split(speech, max_seconds=30, max_bytes=10**8)]


def test_a_file_object_is_left_where_its_audio_starts(speech: bytes) -> None:
    file = io.BytesIO(b"xx" + speech)
    file.seek(2)
    assert len(list(_split.split(file, max_seconds=30, max_bytes=10**8))) == 4
    assert file.tell() == 2
    assert _split.duration(file) == pytest.approx(SECONDS)
    assert file.tell() == 2


@pytest.mark.parametrize("fmt", ["mp3", "flac", "ogg", "webm", "m4a", "aac"])
def test_compressed_inputs_decode(fmt: str) -> None:
    [piece] = _split.split(make_audio(fmt, seconds=1.0), max_seconds=30, max_bytes=10**8)
    assert piece.start == 0 and piece.end == pytest.approx(1.0, abs=0.1)
    assert not piece.silent


def test_silence_is_marked_silent() -> None:
    pieces = list(_split.split(silence_wav(25.0), max_seconds=10, max_bytes=10**8))
    assert len(pieces) == 3 and all(p.silent for p in pieces)
    # Nothing to choose between: each cut is as late as the window allows.
    assert pieces[0].end == pytest.approx(10.0 - _split.WINDOW_SECONDS / 2)


def test_duration_from_the_header_without_decoding(speech: bytes) -> None:
    assert _split.duration(speech) == pytest.approx(SECONDS)
    assert _split.duration(make_audio("flac", seconds=2.0)) == pytest.approx(2.0, abs=0.05)


def test_undecodable_bytes_name_the_file(tmp_path) -> None:
    path = tmp_path / "broken.mp3"
    path.write_bytes(b"ID3" + bytes(range(256)) * 40)
    with pytest.raises(AudioError, match=r"broken\.mp3: cannot decode it"):
        next(_split.split(path, max_seconds=30, max_bytes=10**8))


def test_a_container_without_audio_says_what_it_holds(tmp_path) -> None:
    import numpy as np

    path = tmp_path / "video.mkv"
    with av.open(str(path), "w", format="matroska") as container:
        stream = container.add_stream("mpeg4", rate=1)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        frame = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), dtype=np.uint8), "rgb24")
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    with pytest.raises(AudioError, match=r"video\.mkv: no audio stream in it \(found: video\)"):
        next(_split.split(path, max_seconds=30, max_bytes=10**8))


def test_a_missing_file_says_so(tmp_path) -> None:
    with pytest.raises(AudioError, match=r"gone\.wav: cannot read it"):
        next(_split.split(tmp_path / "gone.wav", max_seconds=30, max_bytes=10**8))


@pytest.mark.parametrize("bad", [9.99, 0, -5, float("nan"), float("inf"), "60", True, None])
def test_chunk_seconds_under_ten_or_not_a_number_are_refused(bad) -> None:
    with pytest.raises(ConfigurationError, match="max_chunk_seconds"):
        _split.check_chunk_seconds(bad)


def gapped_webm(before: float, gap: float, after: float) -> bytes:
    """Opus in WebM whose timestamps jump by ``gap`` seconds after ``before`` seconds of
    tone (a recorder that paused): the container lasts before + gap + after seconds,
    though only before + after seconds of samples are in it."""
    from fractions import Fraction

    import numpy as np

    rate, size = 48_000, 960
    t = np.arange(int(rate * (before + after))) / rate
    tone = (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="webm") as container:
        stream = container.add_stream("libopus", rate=rate, layout="mono")
        for start in range(0, len(tone) - size + 1, size):
            frame = av.AudioFrame.from_ndarray(
                tone[start : start + size].reshape(1, -1), format="s16", layout="mono"
            )
            frame.sample_rate, frame.time_base = rate, Fraction(1, rate)
            frame.pts = start + (int(gap * rate) if start >= before * rate else 0)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()


def test_pieces_follow_the_timestamps_across_a_gap() -> None:
    webm = gapped_webm(before=5.0, gap=10.0, after=5.0)
    assert _split.duration(webm) == pytest.approx(20.0, abs=0.05)
    pieces = list(_split.split(webm, max_seconds=10, max_bytes=10**8))
    assert pieces[-1].end == pytest.approx(20.0, abs=0.05)
    assert [p.start for p in pieces[1:]] == [p.end for p in pieces[:-1]]
    # The first cut lies in the gap (silence), not at 10 s of samples decoded.
    assert 5.0 < pieces[0].end < 15.0 and len(pieces) == 3
