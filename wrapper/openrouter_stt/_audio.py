"""Audio in any form, as the base64 text the JSON body wants or the raw bytes of a
multipart upload, streamed in chunks.

An ``AudioSource`` knows its container (sniffed from the bytes), its size and how
to produce its bytes again for every attempt, without ever holding the whole
encoded file in memory.
"""

from __future__ import annotations

import binascii
import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs
import filetype

from ._errors import (
    AudioError,
    AudioSourceError,
    AudioTooLargeError,
    EmptyAudioError,
    FormatMismatchError,
    UnsupportedFormatError,
)

#: The containers the endpoint accepts, as spelled in ``input_audio.format``.
FORMATS = ("wav", "mp3", "flac", "m4a", "ogg", "webm", "aac")

# Raw bytes per chunk: a multiple of 3, so each chunk encodes to base64 without padding
# and the chunks concatenate into one valid base64 string (1 MiB of text per chunk).
CHUNK = 3 * 256 * 1024
# Enough for every magic number, ID3 tags with cover art aside (filetype reads 8 KiB).
SNIFF_BYTES = 8192

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
_DATA_URI = re.compile(r"^data:[^,;]*(;[^,;]*)*;base64,", re.IGNORECASE)
_BASE64_TEXT = re.compile(r"^[A-Za-z0-9+/\s]*={0,2}\s*$")


def detect_format(first_bytes: bytes | bytearray | memoryview) -> str | None:
    """The container of these audio bytes as the endpoint names it, or None.

    Give it the first few KiB of the file. Matroska that is not WebM is None,
    like anything else the endpoint does not accept.
    """
    kind = filetype.guess(bytes(first_bytes[:SNIFF_BYTES]))
    return _FILETYPE_NAMES.get(kind.extension) if kind else None


def _describe(first_bytes: bytes) -> str:
    kind = filetype.guess(first_bytes[:SNIFF_BYTES])
    return f"{kind.mime} ({kind.extension})" if kind else "unrecognised bytes"


@attrs.define
class AudioSource:
    """One input, ready to be encoded as often as there are attempts."""

    name: str
    format: str
    #: Raw bytes, when known up front (None: a one-shot stream of unknown length).
    size: int | None
    #: Yields the base64 text in chunks; called once per attempt.
    _encode: Callable[[], Iterator[bytes]] = attrs.field(alias="encode")
    #: False for one-shot streams: their bytes cannot be read a second time.
    replayable: bool = True
    #: True when nothing has to be read from disk or a stream (no thread needed).
    in_memory: bool = False
    #: Bytes of base64 text, when known up front.
    encoded_size: int | None = None
    #: Yields the raw bytes in chunks (a multipart upload); called once per attempt.
    _read: Callable[[], Iterator[bytes]] | None = attrs.field(default=None, alias="read")

    def base64_chunks(self) -> Iterator[bytes]:
        return self._encode()

    def raw_chunks(self) -> Iterator[bytes]:
        assert self._read is not None
        return self._read()


def open_audio(audio: Any, *, format: str | None, max_bytes: int) -> AudioSource:
    """Turn what the user passed into an AudioSource, or raise an AudioError.

    Accepts a path (str or PathLike), raw bytes (bytes, bytearray, memoryview),
    a binary file object, a base64 string, or a ``data:audio/...;base64,`` URI.
    Everything is checked here, before any request: emptiness, size, container.
    """
    if format is not None:
        format = format.lower().lstrip(".")
        if format not in FORMATS:
            raise UnsupportedFormatError(
                f"format={format!r} is not one the endpoint accepts; "
                f"use one of {', '.join(FORMATS)}"
            )
    if isinstance(audio, (bytes, bytearray, memoryview)):
        return _from_bytes(memoryview(audio).cast("B"), format, max_bytes)
    if isinstance(audio, os.PathLike):
        return _from_path(Path(audio), format, max_bytes)
    if isinstance(audio, str):
        return _from_str(audio, format, max_bytes)
    if hasattr(audio, "read"):
        return _from_file_object(audio, format, max_bytes)
    raise AudioSourceError(
        f"cannot read audio from a {type(audio).__name__}: pass a path, bytes, "
        "a binary file object, or base64 text"
    )


def _check(name: str, head: bytes, size: int | None, format: str | None, max_bytes: int) -> str:
    """Validate size and container; return the format to send."""
    if size == 0 or not head:
        raise EmptyAudioError(f"{name} is empty: there is no audio to transcribe")
    if size is not None and size > max_bytes:
        raise AudioTooLargeError(
            f"{name} is {size:,} bytes, over the client's max_audio_bytes={max_bytes:,}: "
            "use a compressed format (mp3, m4a, ogg) or a shorter clip, "
            "or raise max_audio_bytes"
        )
    detected = detect_format(head)
    if detected is None:
        if format is not None:
            return format  # the caller knows better than our magic numbers
        kind = filetype.guess(head[:SNIFF_BYTES])
        why = (
            "it is Matroska, and only its WebM profile is accepted"
            if kind and kind.extension == "mkv"
            else f"its container is {_describe(head)}"
        )
        raise UnsupportedFormatError(
            f"{name}: cannot send this audio, {why}. Accepted: {', '.join(FORMATS)}; "
            "convert it (e.g. ffmpeg -i in out.mp3) or pass format= if you are sure"
        )
    if format is not None and format != detected:
        raise FormatMismatchError(
            f"{name}: format={format!r} was given but the bytes are {detected}; "
            f"pass format={detected!r} or omit format to use what the bytes say"
        )
    return detected


def _encode_stream(read: Callable[[int], bytes], first: bytes = b"") -> Iterator[bytes]:
    """Base64 chunks of everything ``read`` returns, carrying a remainder so that
    short reads never put padding in the middle of the text."""
    pending = first
    while block := read(CHUNK):
        pending = pending + block if pending else block
        cut = len(pending) - len(pending) % 3
        if cut:
            yield binascii.b2a_base64(pending[:cut], newline=False)
            pending = pending[cut:]
    if pending:
        yield binascii.b2a_base64(pending, newline=False)


def _encoded_size(size: int) -> int:
    return 4 * ((size + 2) // 3)


def _from_bytes(
    data: memoryview, format: str | None, max_bytes: int, name: str = ""
) -> AudioSource:
    name = name or f"<{len(data):,} bytes of audio>"
    detected = _check(name, bytes(data[:SNIFF_BYTES]), len(data), format, max_bytes)

    def encode() -> Iterator[bytes]:
        for start in range(0, len(data), CHUNK):
            yield binascii.b2a_base64(data[start : start + CHUNK], newline=False)

    def read() -> Iterator[bytes]:
        for start in range(0, len(data), CHUNK):
            yield bytes(data[start : start + CHUNK])

    return AudioSource(
        name,
        detected,
        len(data),
        encode,
        in_memory=True,
        encoded_size=_encoded_size(len(data)),
        read=read,
    )


def _from_path(path: Path, format: str | None, max_bytes: int) -> AudioSource:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise AudioSourceError(f"{path} is a directory, not an audio file")
        with path.open("rb") as file:
            # A file of at most one chunk is read whole now: one open, not two.
            head = file.read(CHUNK + 1 if size <= CHUNK else SNIFF_BYTES)
    except FileNotFoundError:
        raise AudioSourceError(f"{path}: no such file") from None
    except PermissionError:
        raise AudioSourceError(f"{path}: permission denied, cannot read it") from None
    except OSError as error:
        raise AudioSourceError(f"{path}: cannot read it ({error.strerror or error})") from None
    if len(head) == size:
        return _from_bytes(memoryview(head), format, max_bytes, name=str(path))
    detected = _check(str(path), head, size, format, max_bytes)

    def encode() -> Iterator[bytes]:
        with path.open("rb") as file:
            yield from _encode_stream(file.read)

    def read() -> Iterator[bytes]:
        with path.open("rb") as file:
            while block := file.read(CHUNK):
                yield block

    return AudioSource(
        str(path), detected, size, encode, encoded_size=_encoded_size(size), read=read
    )


def _from_file_object(file: IO[bytes], format: str | None, max_bytes: int) -> AudioSource:
    name = str(getattr(file, "name", None) or f"<{type(file).__name__}>")
    if isinstance(file, io.TextIOBase):
        raise AudioSourceError(f"{name} is open in text mode; open it with 'rb'")
    start = _tell(file)
    if start is not None:  # seekable: measure it, and rewind for every attempt
        size = file.seek(0, io.SEEK_END) - start
        file.seek(start)
        head = _binary(file.read(SNIFF_BYTES), name)
        file.seek(start)
        detected = _check(name, head, size, format, max_bytes)

        def encode() -> Iterator[bytes]:
            file.seek(start)
            return _encode_stream(file.read)

        def read() -> Iterator[bytes]:
            file.seek(start)
            while block := file.read(CHUNK):
                yield block

        return AudioSource(
            name, detected, size, encode, encoded_size=_encoded_size(size), read=read
        )

    # One-shot stream: keep what was read for sniffing, send it first, count as we go.
    head = _binary(_read_at_least(file, SNIFF_BYTES), name)
    detected = _check(name, head, None, format, max_bytes)
    seen = 0

    def read_counted(n: int) -> bytes:
        nonlocal seen
        block = file.read(n)
        seen += len(block)
        if seen + len(head) > max_bytes:
            raise AudioTooLargeError(
                f"{name} grew past the client's max_audio_bytes={max_bytes:,} while being "
                "sent; the upload was aborted. Use a compressed format or a shorter clip"
            )
        return block

    used = False

    def use_once() -> None:
        nonlocal used
        if used:
            raise AudioSourceError(f"{name} is a one-shot stream and was already consumed")
        used = True

    def encode_once() -> Iterator[bytes]:
        use_once()
        return _encode_stream(read_counted, head)

    def read_once() -> Iterator[bytes]:
        use_once()
        yield head
        while block := read_counted(CHUNK):
            yield block

    return AudioSource(name, detected, None, encode_once, replayable=False, read=read_once)


def _tell(file: IO[bytes]) -> int | None:
    try:
        return file.tell() if file.seekable() else None
    except (AttributeError, OSError):
        return None


def _binary(head: Any, name: str) -> bytes:
    if isinstance(head, str):
        raise AudioSourceError(f"{name} is open in text mode; open it with 'rb'")
    return bytes(head)


def _read_at_least(file: IO[bytes], n: int) -> bytes:
    parts, got = [], 0
    while got < n and (block := file.read(n - got)):
        if isinstance(block, str):
            return block  # type: ignore[return-value]  # refused by _binary
        parts.append(block)
        got += len(block)
    return b"".join(parts)


def _from_str(text: str, format: str | None, max_bytes: int) -> AudioSource:
    """A str is a data URI, an existing path, or base64 text, in that order."""
    if not text.strip():
        raise EmptyAudioError("the audio is an empty string: pass a path, bytes or base64 text")
    if match := _DATA_URI.match(text):
        return _from_base64(text[match.end() :], "<data URI>", format, max_bytes)
    looks_like_base64 = len(text) >= 16 and _BASE64_TEXT.match(text[:4096]) is not None
    short = len(text) < 4096
    if not looks_like_base64 and not short:
        raise AudioSourceError(
            f"a {len(text):,}-character str that is neither a path nor standard base64 "
            "(A-Z a-z 0-9 + / =); pass raw bytes, or base64 text"
        )
    if not looks_like_base64 or (short and os.path.exists(text)):
        return _from_path(Path(text), format, max_bytes)
    try:
        return _from_base64(text, "<base64 audio>", format, max_bytes)
    except AudioError:
        if short:  # as likely a mistyped path as broken base64
            raise AudioSourceError(f"{text}: no such file, nor base64 audio") from None
        raise


def _from_base64(text: str, name: str, format: str | None, max_bytes: int) -> AudioSource:
    encoded = "".join(text.split()).encode("ascii", errors="replace")
    if not encoded:
        raise EmptyAudioError(f"{name} is empty: there is no audio to transcribe")
    try:
        head = binascii.a2b_base64(encoded[: SNIFF_BYTES // 3 * 4])
    except binascii.Error as error:
        raise AudioSourceError(f"{name} is not valid base64 ({error})") from None
    if len(encoded) % 4 or encoded.translate(None, _B64_ALPHABET):
        raise AudioSourceError(f"{name} is not valid base64: its length or characters are off")
    size = len(encoded) // 4 * 3 - encoded[-2:].count(b"=")
    detected = _check(name, head, size, format, max_bytes)

    def encode() -> Iterator[bytes]:
        for start in range(0, len(encoded), 4 * CHUNK // 3):
            yield encoded[start : start + 4 * CHUNK // 3]

    def read() -> Iterator[bytes]:
        # Whole 4-character groups per chunk: each decodes on its own.
        for chunk in encode():
            yield binascii.a2b_base64(chunk)

    return AudioSource(
        name, detected, size, encode, in_memory=True, encoded_size=len(encoded), read=read
    )


_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
