"""Audio in any form, as the base64 text the JSON body wants or the raw bytes of a
multipart upload, streamed in chunks.

An ``AudioSource`` knows its container (sniffed from the bytes), its size and how
to produce its bytes again for every attempt, without ever holding the whole
encoded file in memory.
"""

from __future__ import annotations

import binascii
import io
import itertools
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs
from pybase64 import b64encode

from ._errors import (
    AudioError,
    AudioSourceError,
    AudioTooLargeError,
    ConfigurationError,
    EmptyAudioError,
    FormatMismatchError,
    UnsupportedFormatError,
)
from ._sniff import (
    AUDIO_EXTENSIONS,
    FORMATS,
    SAME_CONTAINER,
    SNIFF_BYTES,
    detect_format,
    sniff,
    sniff_size,
)

__all__ = [
    "AUDIO_EXTENSIONS",
    "FORMATS",
    "SNIFF_BYTES",
    "AudioSource",
    "detect_format",
    "open_audio",
]

logger = logging.getLogger("openrouter_stt")

# Raw bytes per chunk: a multiple of 3, so each chunk encodes to base64 without padding
# and the chunks concatenate into one valid base64 string (1 MiB of text per chunk).
# pybase64 (SIMD) encodes them about 10x faster than binascii, without the GIL.
CHUNK = 3 * 256 * 1024

_DATA_URI = re.compile(r"^data:[^,;]*(;[^,;]*)*;base64,", re.IGNORECASE)
_BASE64_TEXT = re.compile(r"^[A-Za-z0-9+/\s]*={0,2}\s*$")
# A container name as input_audio.format spells it: "wav", "mp4", "pcm_s16le", ...
_FORMAT_NAME = re.compile(r"[a-z0-9][a-z0-9_+-]{0,31}")


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
    #: Releases what the source opened itself (a named pipe given as a path).
    _close: Callable[[], None] | None = attrs.field(default=None, alias="close")
    #: Yields the raw bytes in chunks (a multipart upload); called once per attempt.
    _read: Callable[[], Iterator[bytes]] | None = attrs.field(default=None, alias="read")

    def base64_chunks(self) -> Iterator[bytes]:
        return self._encode()

    def raw_chunks(self) -> Iterator[bytes]:
        assert self._read is not None
        return self._read()

    def close(self) -> None:
        if self._close is not None:
            self._close()


def open_audio(audio: Any, *, format: str | None, max_bytes: int) -> AudioSource:
    """Turn what the user passed into an AudioSource, or raise an AudioError.

    Accepts a path (str or PathLike), raw bytes (bytes, bytearray, memoryview),
    a binary file object, a base64 string, or a ``data:audio/...;base64,`` URI.
    Everything is checked here, before any request: emptiness, size, container.
    A path that is no regular file (a named pipe, ``/dev/stdin``) is read once, as
    a stream.
    """
    format = _format_name(format)
    if isinstance(audio, (bytes, bytearray, memoryview)):
        view = memoryview(audio)
        if not view.contiguous:
            raise AudioSourceError(
                "the memoryview is not contiguous (a strided slice): its bytes are not one "
                "audio file; pass bytes(view) if they are"
            )
        return _from_bytes(view.cast("B"), format, max_bytes)
    if isinstance(audio, os.PathLike):
        return _from_path(audio if isinstance(audio, Path) else Path(audio), format, max_bytes)
    if isinstance(audio, str):
        return _from_str(audio, format, max_bytes)
    if hasattr(audio, "read"):
        return _from_file_object(audio, format, max_bytes)
    raise AudioSourceError(
        f"cannot read audio from a {type(audio).__name__}: pass a path, bytes, "
        "a binary file object, or base64 text"
    )


def _format_name(format: Any) -> str | None:
    """``format=`` as sent: lower case, no dot. Any container name is taken, since
    supported formats vary by provider; one the API does not document gets a warning."""
    if format is None:
        return None
    if not isinstance(format, str):
        raise ConfigurationError(
            f"format must be a str such as 'wav' or 'mp3', not a {type(format).__name__}"
        )
    name = format.strip().lower().removeprefix(".")
    if not _FORMAT_NAME.fullmatch(name):
        raise UnsupportedFormatError(
            f"format={format!r} is not a container name; use one of {', '.join(FORMATS)} "
            "(or another name your provider takes, such as 'mp4' or 'pcm')"
        )
    if name not in FORMATS:
        logger.warning(
            "format=%r is not one the API documents (%s); sending it as given, since "
            "supported formats vary by provider",
            name,
            ", ".join(FORMATS),
        )
    return name


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
    sniffed = sniff(head)
    detected = sniffed.format
    if format is None:
        if detected is None:
            why = (
                "it is Matroska, and only its WebM profile is accepted"
                if sniffed.description == "Matroska"
                else f"its container is {sniffed.description}"
            )
            raise UnsupportedFormatError(
                f"{name}: cannot send this audio, {why}. Accepted: {', '.join(FORMATS)}; "
                "convert it (e.g. ffmpeg -i in out.mp3) or pass format= if you are sure"
            )
        return detected
    if detected is None or SAME_CONTAINER.get(format, format) == detected:
        return format  # the caller knows better than our magic numbers
    if not sniffed.certain:
        logger.warning(
            "%s: the bytes look like %s, but that is a guess; sending format=%r as given",
            name,
            detected,
            format,
        )
        return format
    raise FormatMismatchError(
        f"{name}: format={format!r} was given but the bytes are {detected}; "
        f"pass format={detected!r} or omit format to use what the bytes say"
    )


def _encode_blocks(blocks: Iterable[bytes], first: bytes = b"") -> Iterator[bytes]:
    """Base64 chunks of the concatenated ``blocks``, carrying a remainder so that
    short reads never put padding in the middle of the text."""
    pending = first
    for block in blocks:
        pending = pending + block if pending else block
        cut = len(pending) - len(pending) % 3
        if cut:
            yield b64encode(pending[:cut])
            pending = pending[cut:]
    if pending:
        yield b64encode(pending)


def _read_exactly(read: Callable[[int], bytes], size: int, name: str) -> Iterator[bytes]:
    """``size`` bytes in blocks, the size announced in Content-Length; a source that
    shrinks or grows meanwhile aborts the upload (an exact length would be a lie)."""
    left = size
    while left:
        block = _reading(name, read, min(CHUNK, left))
        if not block:
            raise _changed_size(name, size, "shrank")
        left -= len(block)
        yield block
    if _reading(name, read, 1):
        raise _changed_size(name, size, "grew")


def _changed_size(name: str, size: int, how: str) -> AudioSourceError:
    return AudioSourceError(
        f"{name} {how} while being sent (it had {size:,} bytes when opened), so the upload "
        "was aborted; send it once it is complete, or send a copy"
    )


def _reading(name: str, read: Callable[[int], bytes], n: int) -> bytes:
    try:
        return read(n)
    except OSError as error:
        raise AudioSourceError(f"{name}: cannot read it ({error.strerror or error})") from None


def _encoded_size(size: int) -> int:
    return 4 * ((size + 2) // 3)


def _from_bytes(
    data: memoryview, format: str | None, max_bytes: int, name: str = ""
) -> AudioSource:
    name = name or f"<{len(data):,} bytes of audio>"
    head = bytes(data[:SNIFF_BYTES])
    if len(data) > SNIFF_BYTES:
        head = bytes(data[: sniff_size(head)])
    detected = _check(name, head, len(data), format, max_bytes)

    def encode() -> Iterator[bytes]:
        for start in range(0, len(data), CHUNK):
            yield b64encode(data[start : start + CHUNK])

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
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise AudioSourceError(f"{path} is a directory, not an audio file")
        file = path.open("rb")
    except FileNotFoundError:
        raise AudioSourceError(f"{path}: no such file") from None
    except PermissionError:
        raise AudioSourceError(f"{path}: permission denied, cannot read it") from None
    except OSError as error:
        raise AudioSourceError(f"{path}: cannot read it ({error.strerror or error})") from None
    if not stat.S_ISREG(mode):  # a named pipe, /dev/stdin, <(...): one pass, as a stream
        try:
            return _from_stream(file, str(path), format, max_bytes, close=file.close)
        except BaseException:
            file.close()
            raise
    with file:
        size = os.fstat(file.fileno()).st_size
        # A file of at most one chunk is read whole now: one open, not two.
        head = _reading(str(path), file.read, size + 1 if size <= CHUNK else SNIFF_BYTES)
        if size <= CHUNK:
            if len(head) != size:
                raise _changed_size(str(path), size, "grew" if len(head) > size else "shrank")
            return _from_bytes(memoryview(head), format, max_bytes, name=str(path))
        head += _read_more(file.read, head, str(path))
    detected = _check(str(path), head, size, format, max_bytes)

    def read() -> Iterator[bytes]:
        try:
            file = path.open("rb")
        except OSError as error:
            raise AudioSourceError(f"{path}: cannot read it ({error.strerror})") from None
        with file:
            yield from _read_exactly(file.read, size, str(path))

    def encode() -> Iterator[bytes]:
        return _encode_blocks(read())

    return AudioSource(
        str(path), detected, size, encode, encoded_size=_encoded_size(size), read=read
    )


def read_head(read: Callable[[int], bytes], name: str = "the audio") -> bytes:
    """The first bytes of a file, as many as ``transcribe`` reads to sniff its container:
    ``SNIFF_BYTES``, and past an ID3 tag by its size. Anything that names a file's
    format (the CLI's ``detect``) reads this, so that it says what transcribe sends."""
    head = _binary(_read_at_least(read, SNIFF_BYTES, name), name)
    return head + _read_more(read, head, name)


def _read_more(read: Callable[[int], bytes], head: bytes, name: str) -> bytes:
    """What sniffing needs beyond ``head`` (the audio after a large ID3 tag)."""
    wanted = sniff_size(head) - len(head)
    return _read_at_least(read, wanted, name) if wanted > 0 else b""


def _from_file_object(file: IO[bytes], format: str | None, max_bytes: int) -> AudioSource:
    name = str(getattr(file, "name", None) or f"<{type(file).__name__}>")
    if isinstance(file, io.TextIOBase):
        raise AudioSourceError(f"{name} is open in text mode; open it with 'rb'")
    if getattr(file, "closed", False) is True:
        raise AudioSourceError(
            f"{name} is closed: pass it while its `with open(...)` block is still open, "
            "or pass the path"
        )
    start = _tell(file)
    if start is None:
        return _from_stream(file, name, format, max_bytes)
    # Seekable: measure it, and rewind for every attempt.
    try:
        size = file.seek(0, io.SEEK_END) - start
        file.seek(start)
        head = read_head(file.read, name)
        file.seek(start)
    except OSError as error:
        raise AudioSourceError(f"{name}: cannot read it ({error.strerror or error})") from None
    detected = _check(name, head, size, format, max_bytes)

    def read() -> Iterator[bytes]:
        file.seek(start)
        return _read_exactly(file.read, size, name)

    def encode() -> Iterator[bytes]:
        return _encode_blocks(read())

    return AudioSource(name, detected, size, encode, encoded_size=_encoded_size(size), read=read)


def _from_stream(
    file: IO[bytes],
    name: str,
    format: str | None,
    max_bytes: int,
    close: Callable[[], None] | None = None,
) -> AudioSource:
    """A one-shot stream: keep what was read for sniffing, send it first, count as we go."""
    head = read_head(file.read, name)
    detected = _check(name, head, None, format, max_bytes)
    seen = len(head)

    def blocks() -> Iterator[bytes]:
        nonlocal seen
        while block := _reading(name, file.read, CHUNK):
            seen += len(block)
            if seen > max_bytes:
                raise AudioTooLargeError(
                    f"{name} grew past the client's max_audio_bytes={max_bytes:,} while "
                    "being sent; the upload was aborted. Use a compressed format or a "
                    "shorter clip"
                )
            yield block

    used = False

    def use_once() -> None:
        nonlocal used
        if used:
            raise AudioSourceError(f"{name} is a one-shot stream and was already consumed")
        used = True

    def encode_once() -> Iterator[bytes]:
        use_once()
        return _encode_blocks(blocks(), head)

    def read_once() -> Iterator[bytes]:
        use_once()
        return itertools.chain((head,), blocks())

    return AudioSource(
        name, detected, None, encode_once, replayable=False, close=close, read=read_once
    )


def _tell(file: IO[bytes]) -> int | None:
    try:
        return file.tell() if file.seekable() else None
    except (AttributeError, OSError):
        return None


def _binary(head: Any, name: str) -> bytes:
    if isinstance(head, str):
        raise AudioSourceError(f"{name} is open in text mode; open it with 'rb'")
    return bytes(head)


def _read_at_least(read: Callable[[int], bytes], n: int, name: str) -> bytes:
    """``n`` bytes, or fewer at the end: streams and pipes return short reads."""
    parts, got = [], 0
    while got < n and (block := _reading(name, read, n - got)):
        if isinstance(block, str):
            return block  # refused by _binary
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
        if (wanted := sniff_size(head)) > len(head):
            head = binascii.a2b_base64(encoded[: (wanted + 2) // 3 * 4])
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
