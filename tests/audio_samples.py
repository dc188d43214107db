"""Real, decodable audio clips generated in memory for tests.

Nothing is checked in: every clip is a short 440 Hz sine tone encoded on the
fly and cached, so repeated calls are free (all variants together take about
0.1 s the first time).

    make_audio(fmt, seconds=0.25, sample_rate=16000) -> bytes

``fmt`` is one of the seven formats the transcription endpoint accepts
(``FORMATS``) or one of the extra variants (``EXTRA_VARIANTS``) that are
handy for format-sniffing tests; ``ALL_VARIANTS`` is both together.

    wav               16-bit mono PCM, written with the stdlib ``wave`` module
                      (the only format that works without PyAV)
    mp3               MP3 (libmp3lame) as ffmpeg writes it by default: an
                      ``ID3`` tag, then a Xing/"Info" frame, then audio. At the
                      default 16 kHz the frames are MPEG-2 (sync ``FF F3``)
    flac              native FLAC stream (starts with ``fLaC``)
    ogg               Opus in Ogg (``OggS``), like a WhatsApp/Telegram voice note
    webm              Opus in WebM (EBML, DocType ``webm``), like a browser
                      MediaRecorder clip
    m4a               AAC in MP4 from ffmpeg's ``ipod`` muxer: ``ftyp`` major
                      brand ``M4A `` (compatible: ``M4A isom iso2``)
    aac               raw AAC in ADTS frames (starts with ``FF F1``)

    mp3-mpeg2-noid3   MPEG-2 Layer III at 22.05 kHz with no ID3 tag and no
                      Xing frame: byte 0 is a bare frame sync ``FF F3``
                      (``sample_rate`` is ignored)
    ogg-opus          same as ``ogg``
    ogg-vorbis        Vorbis in Ogg (stereo: FFmpeg's native Vorbis encoder
                      only does stereo)
    mp4-isom          AAC in MP4 from ffmpeg's ``mp4`` muxer: ``ftyp`` major
                      brand ``isom`` (compatible: ``isom iso2 mp41``), as
                      ffmpeg and many phones write; generic sniffers call it
                      video/mp4
    mkv               Opus in Matroska: same bytes as ``webm`` except the
                      EBML DocType, which is ``matroska``

Output is deterministic for a given PyAV/FFmpeg build (encoded "bitexact"),
but differs between builds, so compare decoded properties, not hashes.
Opus always decodes at 48 kHz, and AAC/MP3 decode slightly longer than
``seconds`` (encoder priming/padding).

Everything except ``wav`` needs PyAV (``pip install av``), which bundles its
own FFmpeg. It is imported lazily, so guard such tests with
``pytest.importorskip("av")``.
"""

from __future__ import annotations

import functools
import io
import math
import struct
import wave
from typing import NamedTuple

FORMATS = ("wav", "mp3", "flac", "ogg", "webm", "m4a", "aac")


class _Recipe(NamedTuple):
    muxer: str  # ffmpeg output format name
    codec: str  # ffmpeg encoder name
    channels: int = 1
    rate: int | None = None  # fixed sample rate; None = use make_audio's sample_rate
    mux_opts: tuple[tuple[str, str], ...] = ()
    codec_opts: tuple[tuple[str, str], ...] = ()


_PYAV_VARIANTS = {
    "mp3": _Recipe("mp3", "libmp3lame"),
    "flac": _Recipe("flac", "flac"),
    "ogg": _Recipe("ogg", "libopus"),
    "webm": _Recipe("webm", "libopus"),
    "m4a": _Recipe("ipod", "aac"),  # the "ipod" muxer writes ftyp "M4A "
    "aac": _Recipe("adts", "aac"),
    # Extra variants for sniffing tests.
    "mp3-mpeg2-noid3": _Recipe(
        "mp3",
        "libmp3lame",
        rate=22050,  # < 32 kHz => MPEG-2 Layer III, frame header FF F3
        # ffmpeg's mp3 muxer writes an ID3v2.4 tag and a Xing/Info frame by
        # default; these two options drop both, so byte 0 is the frame sync.
        mux_opts=(("id3v2_version", "0"), ("write_xing", "0")),
    ),
    "ogg-opus": _Recipe("ogg", "libopus"),
    # The bundled FFmpeg has no libvorbis; its native encoder is marked
    # experimental and only accepts stereo.
    "ogg-vorbis": _Recipe("ogg", "vorbis", channels=2, codec_opts=(("strict", "experimental"),)),
    "mp4-isom": _Recipe("mp4", "aac"),  # the "mp4" muxer writes ftyp "isom"
    "mkv": _Recipe("matroska", "libopus"),
}
EXTRA_VARIANTS = tuple(name for name in _PYAV_VARIANTS if name not in FORMATS)
ALL_VARIANTS = FORMATS + EXTRA_VARIANTS


def _pcm_s16(seconds: float, sample_rate: int, channels: int = 1) -> bytes:
    """Interleaved little-endian 16-bit samples of a 440 Hz tone at ~30% volume."""
    n = max(1, int(seconds * sample_rate))
    samples = (int(9830 * math.sin(2 * math.pi * 440 * i / sample_rate)) for i in range(n))
    return b"".join(struct.pack("<" + "h" * channels, *([s] * channels)) for s in samples)


def _make_wav(seconds: float, sample_rate: int) -> bytes:
    return _wav_bytes(_pcm_s16(seconds, sample_rate), sample_rate)


def _encode_with_pyav(fmt: str, seconds: float, sample_rate: int) -> bytes:
    import av  # lazy: only needed for the compressed formats

    recipe = _PYAV_VARIANTS[fmt]
    rate = recipe.rate or sample_rate
    layout = "stereo" if recipe.channels == 2 else "mono"

    # One packed s16 frame holding the whole clip. PyAV converts it to the
    # encoder's sample format and re-chunks it to the encoder's frame size.
    frame = av.AudioFrame(format="s16", layout=layout, samples=max(1, int(seconds * rate)))
    frame.planes[0].update(_pcm_s16(seconds, rate, recipe.channels))
    frame.sample_rate = rate
    frame.pts = 0

    # Opus only encodes at 8/12/16/24/48 kHz; for other rates encode at the
    # codec's highest rate and let PyAV resample.
    supported = av.Codec(recipe.codec, "w").audio_rates
    stream_rate = rate if not supported or rate in supported else max(supported)

    buf = io.BytesIO()
    # "bitexact" makes the output reproducible: no random Ogg serials or
    # Matroska UIDs, no creation times, no "Lavf/Lavc<version>" strings.
    mux_opts = {"fflags": "+bitexact", **dict(recipe.mux_opts)}
    codec_opts = {"flags": "+bitexact", **dict(recipe.codec_opts)}
    with av.open(buf, "w", format=recipe.muxer, container_options=mux_opts) as container:
        stream = container.add_stream(
            recipe.codec, rate=stream_rate, layout=layout, options=codec_opts
        )
        for f in (frame, None):  # None flushes the encoder
            container.mux(stream.encode(f))
    return buf.getvalue()


@functools.cache  # == lru_cache(maxsize=None); encoding costs ~10 ms per clip
def make_audio(fmt: str, seconds: float = 0.25, sample_rate: int = 16000) -> bytes:
    """Return the bytes of a short sine-tone clip in ``fmt`` (see module doc)."""
    if fmt == "wav":
        return _make_wav(seconds, sample_rate)
    if fmt not in _PYAV_VARIANTS:
        raise ValueError(f"unknown audio format {fmt!r}; expected one of {ALL_VARIANTS}")
    return _encode_with_pyav(fmt, seconds, sample_rate)


def speech_like_wav(
    pauses: list[tuple[float, float]], seconds: float, sample_rate: int = 16000, seed: int = 0
) -> bytes:
    """A mono 16-bit WAV of ``seconds`` of speech-like sound (voiced harmonics under a
    syllable-rate envelope, plus a little noise) with silence (a -66 dBFS hiss) at
    each ``(start, end)`` in ``pauses``. Needs numpy."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = int(seconds * sample_rate)
    t = np.arange(n) / sample_rate
    voice = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 6))
    signal = 0.2 * voice * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t)) + 0.02 * rng.standard_normal(n)
    for start, end in pauses:
        a, b = int(start * sample_rate), int(end * sample_rate)
        signal[a:b] = 0.0005 * rng.standard_normal(b - a)
    return _wav_bytes((np.clip(signal, -1, 1) * 32767).astype("<i2").tobytes(), sample_rate)


def silence_wav(seconds: float, sample_rate: int = 16000) -> bytes:
    """A mono 16-bit WAV of digital silence."""
    return _wav_bytes(bytes(2 * int(seconds * sample_rate)), sample_rate)


def _wav_bytes(pcm: bytes, sample_rate: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm)
    return buf.getvalue()


def video_only_mp4() -> bytes:
    """An MP4 holding 20 s of video and no audio stream at all."""
    import av

    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        for i in range(200):
            frame = av.VideoFrame(32, 32, "yuv420p")
            frame.pts = i
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()
