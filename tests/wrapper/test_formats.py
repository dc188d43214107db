"""Containers: what ``detect_format`` calls every sample (ID3 tags, frame-sync formats
and their look-alikes included), and what is sent when ``format=`` agrees with the
bytes, contradicts them, or names a container the API does not document."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from audio_samples import ALL_VARIANTS, make_audio
from audio_samples import FORMATS as SAMPLE_FORMATS
from local_server import ScriptedServer

from openrouter_stt import (
    FORMATS,
    ConfigurationError,
    FormatMismatchError,
    UnsupportedFormatError,
    detect_format,
)
from openrouter_stt._audio import SNIFF_BYTES

from ._util import CLIENT_KINDS, OneShotStream, refused, sent_audio, transcribe, write

CLIP = make_audio("wav", seconds=1.0)
#: Bytes no sniffer recognises.
NOISE = b"this is not audio, just some text\n" * 100
#: Headerless 16-bit PCM: the samples of CLIP without its 44-byte RIFF header.
RAW_PCM = CLIP[44:]
#: What detect_format must call each sample variant (None: refused).
EXPECTED_FORMAT: dict[str, str | None] = {
    **{fmt: fmt for fmt in SAMPLE_FORMATS},
    "mp3-mpeg2-noid3": "mp3",
    "ogg-opus": "ogg",
    "ogg-vorbis": "ogg",
    "mp4-isom": "m4a",
    "mkv": None,
}

# --- detect_format ---------------------------------------------------------------------


def test_the_seven_formats_are_the_ones_the_samples_cover() -> None:
    assert set(FORMATS) == set(SAMPLE_FORMATS)
    assert len(FORMATS) == 7
    assert set(EXPECTED_FORMAT) == set(ALL_VARIANTS)


@pytest.mark.parametrize("variant", ALL_VARIANTS)
def test_detect_format_names_each_variant_from_its_first_bytes(variant: str) -> None:
    data = make_audio(variant)
    assert detect_format(data) == EXPECTED_FORMAT[variant]
    assert detect_format(data[:SNIFF_BYTES]) == EXPECTED_FORMAT[variant]


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview])
def test_detect_format_accepts_any_bytes_like(wrap: Callable[[bytes], Any]) -> None:
    assert detect_format(wrap(make_audio("flac"))) == "flac"


@pytest.mark.parametrize("data", [b"", NOISE, b"\xff"], ids=["empty", "text", "one-byte"])
def test_detect_format_is_none_for_unrecognised_bytes(data: bytes) -> None:
    assert detect_format(data) is None


@pytest.mark.parametrize("variant", [v for v in ALL_VARIANTS if EXPECTED_FORMAT[v]])
def test_sniffed_format_is_sent_when_format_is_omitted(
    server: ScriptedServer, variant: str
) -> None:
    data = make_audio(variant)
    transcribe("sync", server.url, data)
    assert sent_audio(server) == (data, EXPECTED_FORMAT[variant])


@pytest.mark.parametrize("given", ["WAV", ".wav"])
def test_format_is_matched_case_and_dot_insensitively(server: ScriptedServer, given: str) -> None:
    transcribe("sync", server.url, CLIP, format=given)
    assert sent_audio(server) == (CLIP, "wav")


@pytest.mark.parametrize("rate", [8000, 11025])
def test_low_rate_mp3_without_id3_is_detected_as_mp3(rate: int) -> None:
    data = _encode("mp3", "libmp3lame", rate, id3v2_version="0", write_xing="0")
    assert data[:2] == b"\xff\xe3"  # MPEG-2.5 Layer III frame sync
    assert detect_format(data) == "mp3"


def test_id3_tagged_adts_aac_is_sent_as_aac(server: ScriptedServer) -> None:
    data = _encode("adts", "aac", 16000, write_id3v2="1")
    assert data.startswith(b"ID3") and b"\xff\xf1" in data[:64]
    transcribe("sync", server.url, data, format="aac")
    assert sent_audio(server) == (data, "aac")


def _encode(muxer: str, codec: str, rate: int, **mux_options: str) -> bytes:
    """A quarter second of tone, encoded by PyAV's bundled FFmpeg."""
    import av
    from audio_samples import _pcm_s16

    frame = av.AudioFrame(format="s16", layout="mono", samples=rate // 4)
    frame.planes[0].update(_pcm_s16(0.25, rate))
    frame.sample_rate = rate
    frame.pts = 0
    buffer = io.BytesIO()
    options = {"fflags": "+bitexact", **mux_options}
    with av.open(buffer, "w", format=muxer, container_options=options) as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        for item in (frame, None):
            container.mux(stream.encode(item))
    return buffer.getvalue()


def id3_tag(size: int) -> bytes:
    """An ID3v2.4 tag of ``size`` bytes in all: a header, then a padded comment frame.
    The header's size is "syncsafe": 7 bits per byte."""
    body = size - 10
    frame = b"COMM" + (body - 10).to_bytes(4, "big") + b"\x00\x00" + b"\x03eng\x00hi"
    frame = frame.ljust(body, b"\x00")
    syncsafe = bytes((body >> shift) & 0x7F for shift in (21, 14, 7, 0))
    return b"ID3\x04\x00\x00" + syncsafe + frame


def test_id3_tagged_flac_is_detected_as_flac() -> None:
    # Some taggers put an ID3v2 tag before FLAC's fLaC marker.
    assert detect_format(id3_tag(300) + make_audio("flac")) == "flac"


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("source", ["bytes", "path", "seekable-file", "one-shot-stream"])
def test_adts_after_an_id3_tag_larger_than_the_sniffed_head_is_sent_as_aac(
    server: ScriptedServer, tmp_path: Path, source: str, kind: str
) -> None:
    # Cover art makes tags of hundreds of KiB: what follows is read, up to 1 MiB.
    data = id3_tag(3 * SNIFF_BYTES + 5) + _encode("adts", "aac", 16000)
    audio = {
        "bytes": lambda: data,
        "path": lambda: write(tmp_path, "tagged.aac", data),
        "seekable-file": lambda: io.BytesIO(data),
        "one-shot-stream": lambda: OneShotStream(data, step=1000),
    }[source]()
    transcribe(kind, server.url, audio)
    assert sent_audio(server) == (data, "aac")


@pytest.mark.parametrize("container", ["aac", "flac"])
def test_detect_says_what_transcribe_sends_after_a_large_id3_tag(
    server: ScriptedServer, tmp_path: Path, container: str
) -> None:
    # A 20 KB tag (cover art) before the audio: `detect` used to read SNIFF_BYTES only
    # and say mp3 where transcribe, reading past the tag, sends aac or flac.
    audio = _encode("adts", "aac", 16000) if container == "aac" else make_audio("flac")
    path = write(tmp_path, f"tagged.{container}", id3_tag(20_000) + audio)
    transcribe("sync", server.url, path)
    assert sent_audio(server)[1] == container
    command = [sys.executable, "-m", "openrouter_stt.cli", "detect", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout == f"{path}: {container}\n", done.stderr


def test_a_tag_hiding_the_audio_is_a_guess_that_a_given_format_overrides(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    # A tag larger than anything read for sniffing: "mp3" is only the likeliest guess.
    data = id3_tag(1_200_000) + _encode("adts", "aac", 16000)
    assert detect_format(data) == "mp3"
    with caplog.at_level(logging.WARNING, logger="openrouter_stt"):
        transcribe("sync", server.url, data, format="aac")
    assert sent_audio(server) == (data, "aac")
    assert any("guess" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "data",
    [b"\xff\xe3\x18\xc4" + NOISE, b"\xff\xf1\x50\x80\x02\x1f\xfc" + NOISE],
    ids=["mp3-sync-then-text", "adts-sync-then-text"],
)
def test_a_lone_frame_header_followed_by_no_second_frame_is_not_audio(data: bytes) -> None:
    assert detect_format(data) is None


def test_a_frame_header_cut_by_the_end_of_the_head_is_a_guess(server: ScriptedServer) -> None:
    # An MPEG-2.5 header announcing a frame longer than the bytes given: not refused.
    data = _encode("mp3", "libmp3lame", 8000, id3v2_version="0", write_xing="0")
    assert detect_format(data[:40]) == "mp3"
    transcribe("sync", server.url, data[:40], format="aac")
    assert sent_audio(server) == (data[:40], "aac")


# --- mislabelled and unrecognised audio ------------------------------------------------


@pytest.mark.parametrize("actual", FORMATS)
def test_format_contradicting_the_bytes_is_refused_naming_both(
    server: ScriptedServer, actual: str
) -> None:
    claimed = FORMATS[(FORMATS.index(actual) + 1) % len(FORMATS)]
    error = refused(server, "sync", make_audio(actual), FormatMismatchError, format=claimed)
    assert repr(claimed) in str(error) and actual in str(error)


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_mp3_bytes_in_a_wav_file_with_format_wav_are_refused(
    server: ScriptedServer, tmp_path: Path, kind: str
) -> None:
    path = write(tmp_path, "x.wav", make_audio("mp3"))
    error = refused(server, kind, path, FormatMismatchError, format="wav")
    assert "'wav'" in str(error) and "mp3" in str(error) and str(path) in str(error)


def test_mp3_bytes_in_a_wav_file_are_sent_as_mp3(server: ScriptedServer, tmp_path: Path) -> None:
    # The bytes decide, not the file name: format= omitted sends the sniffed format.
    data = make_audio("mp3")
    transcribe("sync", server.url, write(tmp_path, "x.wav", data))
    assert sent_audio(server) == (data, "mp3")


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_unrecognised_bytes_without_format_are_refused_listing_the_formats(
    server: ScriptedServer, kind: str
) -> None:
    error = refused(server, kind, NOISE, UnsupportedFormatError)
    assert all(fmt in str(error) for fmt in FORMATS)


@pytest.mark.parametrize("source", ["bytes", "path"])
def test_unrecognised_bytes_with_format_are_sent_as_given(
    server: ScriptedServer, tmp_path: Path, source: str
) -> None:
    audio = NOISE if source == "bytes" else write(tmp_path, "noise.raw", NOISE)
    transcribe("sync", server.url, audio, format="flac")
    assert sent_audio(server) == (NOISE, "flac")


def test_matroska_is_refused_as_not_webm(server: ScriptedServer) -> None:
    error = refused(server, "sync", make_audio("mkv"), UnsupportedFormatError)
    assert "Matroska" in str(error)


# --- formats outside the documented seven, on purpose ----------------------------------

#: name -> (bytes, format=, what is sent): other names of a sniffed container, and raw
#: PCM, which has no container for the sniffer to contradict.
ON_PURPOSE: dict[str, tuple[str, str, str]] = {
    "mp4-on-m4a": ("mp4-isom", "mp4", "mp4"),
    "opus-on-ogg": ("ogg-opus", "opus", "opus"),
    "oga-on-ogg": ("ogg-vorbis", ".OGA", "oga"),
    "pcm-on-raw-samples": ("pcm", "pcm", "pcm"),
}


@pytest.mark.parametrize("case", ON_PURPOSE)
def test_a_format_outside_the_documented_list_is_sent_as_given_with_a_warning(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    variant, given, sent = ON_PURPOSE[case]
    data = RAW_PCM if variant == "pcm" else make_audio(variant)
    with caplog.at_level(logging.WARNING, logger="openrouter_stt"):
        transcribe("sync", server.url, data, format=given)
    assert sent_audio(server) == (data, sent)
    assert sent not in FORMATS
    assert [r for r in caplog.records if repr(sent) in r.getMessage() and "wav" in r.getMessage()]


def test_a_documented_format_is_sent_without_a_warning(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="openrouter_stt"):
        transcribe("sync", server.url, CLIP, format="wav")
    assert not caplog.records


@pytest.mark.parametrize("given", ["mp4", "pcm", "opus"])
def test_an_undocumented_format_contradicting_the_bytes_is_refused(
    server: ScriptedServer, given: str
) -> None:
    error = refused(server, "sync", CLIP, FormatMismatchError, format=given)
    assert repr(given) in str(error) and "wav" in str(error)


@pytest.mark.parametrize("given", ["", "  ", "wav; rm -rf", "audio/wav", "x" * 40])
def test_a_format_that_is_no_container_name_is_refused(server: ScriptedServer, given: str) -> None:
    error = refused(server, "sync", CLIP, UnsupportedFormatError, format=given)
    assert all(fmt in str(error) for fmt in FORMATS)


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("given", [b"wav", 3, ["wav"]], ids=["bytes", "int", "list"])
def test_a_format_that_is_no_str_is_refused_before_sending(
    server: ScriptedServer, kind: str, given: Any
) -> None:
    with pytest.raises(ConfigurationError, match="format must be a str") as info:
        transcribe(kind, server.url, CLIP, format=given)
    assert info.value.attempts == 0
    assert len(server.requests) == 0
