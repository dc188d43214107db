"""Audio inputs: every accepted kind reaches the server byte for byte, in its sniffed
format; every bad one is refused with an AudioError before any request is sent."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from audio_samples import make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import (
    AudioError,
    AudioSourceError,
    AudioTooLargeError,
    EmptyAudioError,
    ServiceUnavailableError,
)
from openrouter_stt._audio import CHUNK, SNIFF_BYTES, open_audio

from ._util import CLIENT_KINDS, OneShotStream, refused, sent_audio, transcribe, write

#: One second of 16 kHz wav: larger than the sniffed head, and 32,044 bytes is not a
#: multiple of 3, so the last base64 group carries padding.
CLIP = make_audio("wav", seconds=1.0)
#: Bytes no sniffer recognises.
NOISE = b"this is not audio, just some text\n" * 100
RETRY_NOW = {"Content-Type": "application/json", "Retry-After": "0"}


# --- every accepted kind of input ------------------------------------------------------

Builder = Callable[[Path, bytes, contextlib.ExitStack], Any]


def _file_mid_stream(tmp_path: Path, data: bytes, stack: contextlib.ExitStack) -> Any:
    junk = b"JUNK" * 1000  # bytes before the position must not be sent
    file = stack.enter_context(write(tmp_path, "padded.bin", junk + data).open("rb"))
    file.seek(len(junk))
    return file


INPUTS: dict[str, Builder] = {
    "path-str": lambda tmp, data, _: str(write(tmp, "clip.wav", data)),
    "pathlib-path": lambda tmp, data, _: write(tmp, "clip.wav", data),
    "bytes": lambda tmp, data, _: bytes(data),
    "bytearray": lambda tmp, data, _: bytearray(data),
    "memoryview": lambda tmp, data, _: memoryview(data),
    "seekable-file-mid-stream": _file_mid_stream,
    "bytesio-mid-stream": lambda tmp, data, _: _seek(io.BytesIO(b"x" * 77 + data), 77),
    "one-shot-stream": lambda tmp, data, _: OneShotStream(data, step=1000),
    "base64": lambda tmp, data, _: base64.b64encode(data).decode(),
    "base64-with-newlines": lambda tmp, data, _: base64.encodebytes(data).decode(),
    "data-uri": lambda tmp, data, _: "data:audio/wav;base64," + base64.b64encode(data).decode(),
}


def _seek(file: io.BytesIO, position: int) -> io.BytesIO:
    file.seek(position)
    return file


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("source", INPUTS)
def test_input_reaches_the_server_byte_for_byte_in_its_sniffed_format(
    server: ScriptedServer, tmp_path: Path, source: str, kind: str
) -> None:
    with contextlib.ExitStack() as stack:
        transcribe(kind, server.url, INPUTS[source](tmp_path, CLIP, stack))
    assert len(server.requests) == 1
    assert sent_audio(server) == (CLIP, "wav")
    request = server.requests[0]
    if source == "one-shot-stream":  # length unknown up front: sent chunked
        assert request.headers.get("transfer-encoding") == "chunked"
        assert "content-length" not in request.headers
    else:
        assert request.headers.get("content-length") == str(len(request.body))
        assert "transfer-encoding" not in request.headers


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("source", ["path", "seekable-file"])
def test_multi_chunk_file_round_trips_with_an_exact_content_length(
    server: ScriptedServer, tmp_path: Path, source: str, kind: str
) -> None:
    filler = bytes(range(256)) * (3 * CHUNK // 256 + 8)
    data = CLIP + filler[: 3 * CHUNK + 1001 - len(CLIP)]
    assert len(data) > 3 * CHUNK and len(data) % 3 != 0
    path = write(tmp_path, "long.wav", data)
    with path.open("rb") as file:
        transcribe(kind, server.url, path if source == "path" else file)
    request = server.requests[0]
    assert request.headers.get("content-length") == str(len(request.body))
    assert "transfer-encoding" not in request.headers
    assert sent_audio(server) == (data, "wav")


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_multi_chunk_one_shot_stream_is_sent_chunked_and_exact(
    server: ScriptedServer, kind: str
) -> None:
    data = CLIP + bytes(range(256)) * (3 * CHUNK // 256 + 9)
    transcribe(kind, server.url, OneShotStream(data, step=100_003))
    request = server.requests[0]
    assert request.headers.get("transfer-encoding") == "chunked"
    assert sent_audio(server) == (data, "wav")


@pytest.mark.parametrize("source", ["bytes", "path", "seekable-file", "one-shot-stream"])
def test_base64_chunks_are_whole_groups_so_they_join_into_the_file_base64(
    tmp_path: Path, source: str
) -> None:
    # Padding only at the very end, however the source's reads are cut.
    data = CLIP + bytes(range(256)) * (2 * CHUNK // 256 + 7)
    assert len(data) % 3
    audio = {
        "bytes": lambda: data,
        "path": lambda: write(tmp_path, "clip.wav", data),
        "seekable-file": lambda: io.BytesIO(data),
        "one-shot-stream": lambda: OneShotStream(data, step=100_003),
    }[source]()
    chunks = list(open_audio(audio, format=None, max_bytes=len(data)).base64_chunks())
    assert len(chunks) >= 3
    for chunk in chunks[:-1]:
        assert len(chunk) % 4 == 0 and b"=" not in chunk
    assert b"".join(chunks) == base64.b64encode(data)


def test_retry_resends_a_file_object_from_its_start_position(
    server_503_then_ok: ScriptedServer,
) -> None:
    server = server_503_then_ok
    file = io.BytesIO(b"prefix" + CLIP)
    file.seek(6)
    transcribe("sync", server.url, file, client_options={"max_retries": 1})
    assert len(server.requests) == 2
    assert sent_audio(server, 0) == sent_audio(server, 1) == (CLIP, "wav")


def test_one_shot_stream_is_sent_once_and_never_retried(
    server_503_then_ok: ScriptedServer,
) -> None:
    server = server_503_then_ok
    with pytest.raises(ServiceUnavailableError) as info:
        transcribe("sync", server.url, OneShotStream(CLIP), client_options={"max_retries": 2})
    assert info.value.attempts == 1
    assert len(server.requests) == 1


@pytest.fixture
def server_503_then_ok(server: ScriptedServer) -> ScriptedServer:
    server.script = [Reply(503, b"{}", RETRY_NOW), Reply()]
    return server


# --- empty, too large, unreadable ------------------------------------------------------

EMPTY: dict[str, Builder] = {
    "bytes": lambda tmp, _, __: b"",
    "bytearray": lambda tmp, _, __: bytearray(),
    "empty-file": lambda tmp, _, __: write(tmp, "empty.wav", b""),
    "empty-file-str": lambda tmp, _, __: str(write(tmp, "empty.wav", b"")),
    "bytesio": lambda tmp, _, __: io.BytesIO(),
    "file-at-eof": lambda tmp, data, _: _seek(io.BytesIO(data), len(data)),
    "one-shot-stream": lambda tmp, _, __: OneShotStream(b""),
    "data-uri": lambda tmp, _, __: "data:audio/wav;base64,",
}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("source", EMPTY)
def test_empty_audio_is_refused(
    server: ScriptedServer, tmp_path: Path, source: str, kind: str
) -> None:
    with contextlib.ExitStack() as stack:
        refused(server, kind, EMPTY[source](tmp_path, CLIP, stack), EmptyAudioError)


def test_empty_string_is_refused_as_empty_audio(server: ScriptedServer) -> None:
    refused(server, "sync", "", EmptyAudioError)


TOO_LARGE: dict[str, Builder] = {
    "bytes": lambda tmp, data, _: data,
    "path": lambda tmp, data, _: write(tmp, "clip.wav", data),
    "seekable-file": lambda tmp, data, _: io.BytesIO(data),
    "base64": lambda tmp, data, _: base64.b64encode(data).decode(),
    "data-uri": lambda tmp, data, _: "data:audio/wav;base64," + base64.b64encode(data).decode(),
}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("source", TOO_LARGE)
def test_audio_over_max_audio_bytes_is_refused_suggesting_a_remedy(
    server: ScriptedServer, tmp_path: Path, source: str, kind: str
) -> None:
    with contextlib.ExitStack() as stack:
        audio = TOO_LARGE[source](tmp_path, CLIP, stack)
        error = refused(
            server,
            kind,
            audio,
            AudioTooLargeError,
            client_options={"max_audio_bytes": len(CLIP) - 1},
            split="never",  # with split="auto" and PyAV installed, it would go in pieces
        )
    assert "compressed" in str(error) and "shorter" in str(error)


@pytest.mark.parametrize("source", TOO_LARGE)
def test_audio_of_exactly_max_audio_bytes_is_sent(
    server: ScriptedServer, tmp_path: Path, source: str
) -> None:
    with contextlib.ExitStack() as stack:
        audio = TOO_LARGE[source](tmp_path, CLIP, stack)
        transcribe("sync", server.url, audio, client_options={"max_audio_bytes": len(CLIP)})
    assert sent_audio(server) == (CLIP, "wav")


def test_one_shot_stream_over_the_limit_is_aborted_before_a_complete_body_is_sent() -> None:
    # Its length is unknown until read, so the check runs while streaming: the upload
    # is cut off mid-body and no server ever sees a complete request. (Own server: the
    # aborted request may be recorded after the test ends.)
    data = CLIP + bytes(3 * CHUNK)
    with ScriptedServer() as server:
        with pytest.raises(AudioTooLargeError) as info:
            transcribe(
                "sync",
                server.url,
                OneShotStream(data, step=65536),
                client_options={"max_audio_bytes": CHUNK},
            )
        assert isinstance(info.value, AudioError)
        assert info.value.attempts == 1  # one attempt, never retried
        for request in server.requests:
            with pytest.raises(ValueError):
                json.loads(request.body)


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("as_str", [True, False], ids=["str", "Path"])
def test_missing_path_is_refused_naming_it(
    server: ScriptedServer, tmp_path: Path, as_str: bool, kind: str
) -> None:
    path = tmp_path / "no-such-recording.wav"
    error = refused(server, kind, str(path) if as_str else path, AudioSourceError)
    assert str(path) in str(error)


@pytest.mark.parametrize("as_str", [True, False], ids=["str", "Path"])
def test_directory_is_refused_naming_it(
    server: ScriptedServer, tmp_path: Path, as_str: bool
) -> None:
    error = refused(server, "sync", str(tmp_path) if as_str else tmp_path, AudioSourceError)
    assert str(tmp_path) in str(error)


UNREADABLE: dict[str, Callable[[Path], Path]] = {
    # Failures that no privilege gets around (tests often run as root in CI).
    "symlink-loop": lambda tmp: _symlink_loop(tmp / "loop.wav"),
    "not-a-directory": lambda tmp: write(tmp, "clip.wav", CLIP) / "inner.wav",
    "read-fails-with-eio": lambda tmp: Path("/proc/self/mem"),
}


def _symlink_loop(path: Path) -> Path:
    path.symlink_to(path)
    return path


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("source", UNREADABLE)
def test_unreadable_path_is_refused_naming_it_and_why(
    server: ScriptedServer, tmp_path: Path, source: str, kind: str
) -> None:
    path = UNREADABLE[source](tmp_path)
    if source == "read-fails-with-eio" and not path.exists():
        pytest.skip("needs Linux's /proc/self/mem (opens, then fails to read at 0)")
    error = refused(server, kind, path, AudioSourceError)
    assert str(path) in str(error)
    assert "(" in str(error)  # the system's reason, e.g. "(Too many levels of symbolic links)"


class FailingReads(io.RawIOBase):
    """A binary stream whose reads fail, as on a dropped network share."""

    def __init__(self, seekable: bool, fail_after: int = 0) -> None:
        self._seekable = seekable
        self._left = fail_after

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._seekable

    def tell(self) -> int:
        return 0

    def seek(self, offset: int, whence: int = 0) -> int:
        return 10**6 if whence == io.SEEK_END else 0

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            raise OSError(5, "Input/output error")
        n = min(len(buffer), self._left)
        buffer[:n] = CLIP[:n]
        self._left -= n
        return n


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("seekable", [True, False], ids=["seekable", "one-shot"])
def test_file_object_whose_reads_fail_is_refused_with_an_audio_error(
    server: ScriptedServer, seekable: bool, kind: str
) -> None:
    error = refused(server, kind, FailingReads(seekable), AudioSourceError)
    assert "Input/output error" in str(error)


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_file_object_whose_reads_fail_mid_upload_raises_an_audio_error(kind: str) -> None:
    # Own server: the aborted upload may be recorded after the test ends.
    with ScriptedServer() as server, pytest.raises(AudioSourceError, match="Input/out") as info:
        transcribe(kind, server.url, FailingReads(False, fail_after=SNIFF_BYTES + 10))
    assert info.value.attempts == 1


def test_file_opened_in_text_mode_is_refused(server: ScriptedServer, tmp_path: Path) -> None:
    with write(tmp_path, "clip.wav", CLIP).open("r", encoding="latin-1") as file:
        refused(server, "sync", file, AudioSourceError)


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("opener", ["open", "BytesIO", "BufferedReader"])
def test_a_closed_file_object_is_refused_naming_it(
    server: ScriptedServer, tmp_path: Path, kind: str, opener: str
) -> None:
    # It used to raise ValueError("I/O operation on closed file") from deep inside.
    path = write(tmp_path, "clip.wav", CLIP)
    file: Any = {
        "open": lambda: path.open("rb"),
        "BytesIO": lambda: io.BytesIO(CLIP),
        "BufferedReader": lambda: io.BufferedReader(io.BytesIO(CLIP)),
    }[opener]()
    file.close()
    error = refused(server, kind, file, AudioSourceError)
    assert "is closed" in str(error)
    if opener == "open":
        assert str(path) in str(error)


def test_string_io_is_refused(server: ScriptedServer) -> None:
    refused(server, "sync", io.StringIO("RIFF....WAVE"), AudioSourceError)


def test_text_mode_spooled_temporary_file_is_refused(server: ScriptedServer) -> None:
    with tempfile.SpooledTemporaryFile(mode="w+") as file:
        file.write("RIFF....WAVE" * 100)
        file.seek(0)
        refused(server, "sync", file, AudioSourceError)


@pytest.mark.parametrize("audio", [12345, ["clip.wav"], None], ids=["int", "list", "None"])
def test_object_that_is_no_audio_source_is_refused(server: ScriptedServer, audio: Any) -> None:
    refused(server, "sync", audio, AudioSourceError)


@pytest.mark.parametrize(
    "audio", ["data:audio/wav;base64,!!!not base64!!!", "data:audio/wav;base64,UklGR"]
)
def test_data_uri_with_broken_base64_is_refused(server: ScriptedServer, audio: str) -> None:
    refused(server, "sync", audio, AudioSourceError)


def test_long_text_that_is_not_base64_is_refused_with_a_short_message(
    server: ScriptedServer,
) -> None:
    text = base64.urlsafe_b64encode(make_audio("mp3") * 40).decode()
    assert "-" in text or "_" in text
    error = refused(server, "sync", text, AudioSourceError)
    assert len(str(error)) < 1000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.timeout(20)
def test_named_pipe_path_is_sent_as_a_stream(server: ScriptedServer, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)

    def feed() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as pipe:
            pipe.write(CLIP)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        transcribe("sync", server.url, fifo)
    finally:
        # Unblock the writer if the pipe was never opened for reading.
        with contextlib.suppress(OSError):
            fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            os.close(fd)
        writer.join(5)
    assert sent_audio(server) == (CLIP, "wav")


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
@pytest.mark.timeout(20)
def test_dev_fd_path_of_a_pipe_is_sent_as_a_stream(server: ScriptedServer) -> None:
    # What bash's <(...) and /dev/stdin are: a path to a pipe, unseekable, size 0.
    read_fd, write_fd = os.pipe()
    writer = threading.Thread(target=lambda: (os.write(write_fd, CLIP), os.close(write_fd)))
    writer.start()
    try:
        transcribe("sync", server.url, f"/dev/fd/{read_fd}")
    finally:
        writer.join(5)
        os.close(read_fd)
    assert sent_audio(server) == (CLIP, "wav")
    assert server.requests[0].headers.get("transfer-encoding") == "chunked"


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_stdin_like_buffered_pipe_reader_is_sent_once(server: ScriptedServer, kind: str) -> None:
    # sys.stdin.buffer when something is piped in: a BufferedReader over a pipe.
    read_fd, write_fd = os.pipe()
    writer = threading.Thread(target=lambda: (os.write(write_fd, CLIP), os.close(write_fd)))
    writer.start()
    with os.fdopen(read_fd, "rb") as stdin:
        transcribe(kind, server.url, stdin)
    writer.join(5)
    assert sent_audio(server) == (CLIP, "wav")


def test_non_contiguous_memoryview_is_refused_before_sending(server: ScriptedServer) -> None:
    strided = memoryview(CLIP + b"\x00")[::2]
    assert not strided.contiguous
    error = refused(server, "sync", strided, AudioSourceError)
    assert "contiguous" in str(error) and "bytes(" in str(error)


def test_contiguous_multi_byte_memoryview_is_sent_as_its_bytes(server: ScriptedServer) -> None:
    view = memoryview(CLIP[: len(CLIP) // 2 * 2]).cast("h")  # 16-bit samples
    transcribe("sync", server.url, view)
    assert sent_audio(server) == (CLIP[: len(CLIP) // 2 * 2], "wav")


#: Over one read chunk, so the body is streamed from the file rather than read whole.
BIG = CLIP + bytes(range(256)) * (CHUNK // 256 + 10)


def _grow(path: Path) -> None:
    with path.open("ab") as file:
        file.write(b"more audio")


def _shrink(path: Path) -> None:
    with path.open("r+b") as file:
        file.truncate(len(BIG) - 1000)


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("source", ["path", "open-file"])
@pytest.mark.parametrize("change", [_grow, _shrink], ids=["grows", "shrinks"])
def test_file_that_changes_size_between_attempts_aborts_with_an_audio_error(
    tmp_path: Path, source: str, kind: str, change: Any
) -> None:
    # The Content-Length came from the size at open: it cannot be sent as it was.
    # (Own server: the aborted upload may be recorded after the test ends.)
    path = write(tmp_path, "recording.wav", BIG)
    changed = Reply(503, b"{}", RETRY_NOW, before_reply=lambda: change(path))
    with (
        ScriptedServer(changed, Reply()) as server,
        path.open("rb") as file,
        pytest.raises(AudioSourceError, match="while being sent") as info,
    ):
        audio = path if source == "path" else file
        transcribe(kind, server.url, audio, client_options={"max_retries": 2})
    assert str(path) in str(info.value)
    assert info.value.attempts == 2  # the changed file is not retried
    assert sent_audio(server, 0) == (BIG, "wav")
    for request in server.requests[1:]:  # the aborted upload never made a whole request
        with pytest.raises(ValueError):
            json.loads(request.body)
