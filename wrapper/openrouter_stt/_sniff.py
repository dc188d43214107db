"""Which container some audio bytes are, as ``input_audio.format`` names it.

Strong magic numbers (RIFF/WAVE, fLaC, OggS, EBML, ftyp) come from ``filetype``.
Frame-sync formats (MP3, ADTS AAC) have no magic number, so a frame header is
parsed and the next frame's header checked where it must be; ID3v2 tags, which
taggers and muxers put before MP3, AAC and even FLAC, are skipped first.
"""

from __future__ import annotations

from typing import Any

import attrs
import filetype

#: The containers the endpoint documents ("e.g. wav, mp3, flac, m4a, ogg, webm, aac;
#: supported formats vary by provider"), the ones ``detect_format`` can name.
FORMATS = ("wav", "mp3", "flac", "m4a", "ogg", "webm", "aac")

#: Containers whose audio is already compressed: "send a compressed format" is no
#: advice for them (flac is lossless, and often larger than a lossy file).
COMPRESSED = frozenset({"mp3", "m4a", "ogg", "webm", "aac"})

#: File name suffixes worth reading as audio (a folder scan): the seven formats and
#: the other names the same containers go by. The bytes decide the format sent.
AUDIO_EXTENSIONS = frozenset(
    {".wav", ".wave", ".mp3", ".mpga", ".flac", ".m4a", ".mp4", ".aac"}
    | {".ogg", ".oga", ".opus", ".webm"}
)

#: Other names of the seven containers: ``format="mp4"`` on m4a bytes is no mismatch.
SAME_CONTAINER = {"mp4": "m4a", "opus": "ogg", "oga": "ogg", "mpga": "mp3", "mpeg": "mp3"}

#: Enough for every magic number and a few frames (filetype reads 8 KiB).
SNIFF_BYTES = 8192
#: At most this much is read to see past ID3 tags (cover art can make them large).
MAX_SNIFF_BYTES = 1024 * 1024 + SNIFF_BYTES

# What filetype calls a container -> what the endpoint calls it. Audio-only MP4 (`isom`,
# `mp42`: what phones and ffmpeg write) is the same container as m4a.
_FILETYPE_NAMES = {
    "wav": "wav",
    "mp3": "mp3",
    "flac": "flac",
    "m4a": "m4a",
    "mp4": "m4a",
    "ogg": "ogg",
    "opus": "ogg",
    "webm": "webm",
    "aac": "aac",
}


@attrs.frozen
class Sniffed:
    """What the first bytes of some audio say about its container."""

    #: The container as the endpoint names it, or None.
    format: str | None
    #: False when the format rests on a guess (an ID3 tag hiding what follows, a lone
    #: two-byte frame sync): a caller's ``format=`` then wins, with a warning.
    certain: bool
    #: What the bytes are, for messages ("Matroska", "image/png (png)", ...).
    description: str


def detect_format(first_bytes: bytes | bytearray | memoryview) -> str | None:
    """The container of these audio bytes as the endpoint names it, or None.

    Give it the first ``SNIFF_BYTES`` of the file (more if it starts with a large
    ID3 tag). Matroska that is not WebM is None, like anything else the endpoint
    does not accept.
    """
    return sniff(first_bytes).format


def sniff(head: bytes | bytearray | memoryview) -> Sniffed:
    """The container of ``head`` (the first ``sniff_size`` bytes), and how sure it is."""
    data = bytes(head[:MAX_SNIFF_BYTES])
    start = tags_end(data)
    rest = data[start:]
    if rest[:1] == b"\xff" and (found := _frame_sync(rest)):
        return Sniffed(found[0], found[1], found[0])
    kind = _guess(rest[:SNIFF_BYTES]) if rest else None
    name = _FILETYPE_NAMES.get(kind.extension) if kind else None
    if name in ("mp3", "aac") and rest[:1] == b"\xff":
        name = None  # filetype looks at two bytes; the frame headers said no
    if name is not None:
        return Sniffed(name, name not in ("mp3", "aac"), name)
    if start:  # an ID3 tag is most often mp3, but it hides what follows here
        return Sniffed("mp3", False, "an ID3 tag followed by unrecognised bytes")
    if kind is not None and kind.extension == "mkv":
        return Sniffed(None, True, "Matroska")
    return Sniffed(None, False, f"{kind.mime} ({kind.extension})" if kind else "unrecognised bytes")


def _guess(head: bytes) -> Any:
    """``filetype.guess``, with its audio and video matchers tried first: it tries
    17 image matchers before them (most of the time of sniffing a WAV file), whose
    magic numbers are none of theirs, so the answer is the same."""
    return filetype.match(head, _AUDIO_VIDEO) or filetype.guess(head)


_AUDIO_VIDEO = [
    matcher
    for matcher in filetype.TYPES
    if matcher in filetype.audio_matchers or matcher in filetype.video_matchers
]


def sniff_size(head: bytes) -> int:
    """How many leading bytes ``sniff`` wants, given the first ``SNIFF_BYTES``."""
    return min(tags_end(head) + SNIFF_BYTES, MAX_SNIFF_BYTES)


def tags_end(data: bytes) -> int:
    """Where the audio starts after any ID3v2 tags (0 without one). The size in an
    ID3v2 header is "syncsafe": four 7-bit bytes, not counting the 10-byte header
    or the optional 10-byte footer."""
    end = 0
    while data[end : end + 3] == b"ID3" and len(data) >= end + 10:
        size = data[end + 6 : end + 10]
        if any(byte & 0x80 for byte in size):
            break  # not a valid tag header
        footer = 10 if data[end + 5] & 0x10 else 0
        end += 10 + footer + ((size[0] << 21) | (size[1] << 14) | (size[2] << 7) | size[3])
    return end


# --- frame-sync formats ------------------------------------------------------------------

# Layer III bitrates in kbit/s by bitrate index: MPEG-1, then MPEG-2 and 2.5.
_MP3_BITRATES = (
    (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
)
# Sample rates by version bits (0: MPEG-2.5, 2: MPEG-2, 3: MPEG-1) and rate index.
_MP3_RATES = {0: (11025, 12000, 8000), 2: (22050, 24000, 16000), 3: (44100, 48000, 32000)}


def _mp3_frame(data: bytes, at: int) -> tuple[object, int] | None:
    """(what the next frame must share, this frame's length) of an MPEG Layer III
    frame header at ``at``, or None."""
    header = data[at : at + 4]
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version, layer = (header[1] >> 3) & 3, (header[1] >> 1) & 3
    bitrate_index, rate_index = header[2] >> 4, (header[2] >> 2) & 3
    if version not in _MP3_RATES or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    bitrate = _MP3_BITRATES[version != 3][bitrate_index] * 1000
    rate = _MP3_RATES[version][rate_index]
    length = (144 if version == 3 else 72) * bitrate // rate + ((header[2] >> 1) & 1)
    return (version, rate_index), length


def _adts_frame(data: bytes, at: int) -> tuple[object, int] | None:
    """Same for an ADTS (raw AAC) frame header: sync 0xFFF, layer 00."""
    header = data[at : at + 7]
    if len(header) < 7 or header[0] != 0xFF or header[1] & 0xF6 != 0xF0:
        return None
    rate_index = (header[2] >> 2) & 0xF
    length = ((header[3] & 3) << 11) | (header[4] << 3) | (header[5] >> 5)
    if rate_index > 12 or length < 7:
        return None
    return rate_index, length


def _frame_sync(data: bytes) -> tuple[str, bool] | None:
    """("aac" or "mp3", certain) when ``data`` starts with a frame header; certain
    when the next frame's header is where the first one's length says."""
    for name, frame in (("aac", _adts_frame), ("mp3", _mp3_frame)):
        first = frame(data, 0)
        if first is None:
            continue
        shared, length = first
        second = frame(data, length)
        if second is not None and second[0] == shared:
            return name, True
        if len(data) < length + 4:  # the head ends inside the first frame
            return name, False
    return None
