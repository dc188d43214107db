"""The one scheduler both clients share: the same exceptions from sync and async (never
a group), Ctrl-C that cancels the pieces in flight and keeps the finished ones, the
caller's context in every piece, and finished pieces kept when reading fails partway.
Against a real local server."""

from __future__ import annotations

import io
import json
import signal
import threading
import time

import pytest

pytest.importorskip("av")
pytest.importorskip("numpy")

from audio_samples import speech_like_wav, video_only_mp4
from local_server import Reply

from openrouter_stt import (
    AsyncClient,
    AudioError,
    AudioSourceError,
    ChunkError,
    Client,
    SplitInterrupted,
    SplitProgress,
    no_retry_waits,
)

# 70 s with a pause before each 30 s boundary: pieces 0-28.3, 28.3-56.8, 56.8-70.
SPEECH = speech_like_wav([(28.0, 28.6), (56.5, 57.1)], 70.0)


def transcribe(server, asynchronous: bool, audio, **kwargs):
    """``transcribe`` through the sync or the async client, with the same arguments."""
    options = dict(api_key="k", base_url=server.url, max_retries=0)
    if not asynchronous:
        with Client(**options) as client:
            return client.transcribe(audio, **kwargs)

    async def main():
        async with AsyncClient(**options) as client:
            return await client.transcribe(audio, **kwargs)

    import anyio

    return anyio.run(main)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_an_audio_error_while_cutting_is_itself_not_a_group(server, asynchronous) -> None:
    with pytest.raises(AudioError, match="no audio stream"):
        transcribe(server, asynchronous, video_only_mp4(), split=10)
    assert server.requests == []


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_progress_callback_that_raises_gives_its_own_exception(server, asynchronous) -> None:
    def progress(state) -> None:
        raise ValueError("the callback broke")

    with pytest.raises(ValueError, match="the callback broke") as info:
        transcribe(server, asynchronous, SPEECH, split=30, progress=progress)
    assert type(info.value) is ValueError


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_failing_piece_is_one_chunk_error(server, asynchronous) -> None:
    server.script = [Reply(400, b'{"error":{"code":400,"message":"no"}}')]
    with pytest.raises(ChunkError) as info:
        transcribe(server, asynchronous, SPEECH, split=30, max_concurrency=1)
    assert info.value.index == 0 and info.value.completed == ()


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_retry_waits_of_every_piece_follow_the_callers_context(server, asynchronous) -> None:
    # Each piece is first refused with Retry-After: 30, then answered.
    server.script = [Reply(429, b"{}", {"Retry-After": "30"}), Reply()]
    started = time.monotonic()
    with no_retry_waits() as waits:
        options = dict(split=30, max_concurrency=1, max_retries=1)
        t = transcribe(server, asynchronous, SPEECH, **options)
    assert time.monotonic() - started < 20  # no piece slept for real
    assert waits == [30.0] and len(t.chunks) == 3


class FailingReads(io.RawIOBase):
    """A seekable file whose reads fail once they pass ``limit`` bytes, as a network
    mount that drops partway does."""

    def __init__(self, data: bytes, limit: int) -> None:
        self.file, self.limit = io.BytesIO(data), limit

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.file.seek(offset, whence)

    def tell(self) -> int:
        return self.file.tell()

    def readinto(self, buffer) -> int:
        if self.file.tell() >= self.limit:
            raise OSError(5, "Input/output error")
        data = self.file.read(min(len(buffer), self.limit - self.file.tell()))
        buffer[: len(data)] = data
        return len(data)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_read_error_partway_keeps_the_finished_pieces(server, asynchronous) -> None:
    audio = speech_like_wav([], 60.0)  # 1.9 MB; reads fail after 40 s of it
    failing = FailingReads(audio, limit=44 + 40 * 32_000)
    with pytest.raises(ChunkError) as info:
        transcribe(server, asynchronous, failing, split=10, max_concurrency=1)
    error = info.value
    assert isinstance(error.error, AudioSourceError) and "Input/output error" in str(error)
    # Every piece that was sent (and billed) is kept.
    assert len(error.completed) == len(server.requests) >= 3
    assert all(c.transcription.text == "hello" for c in error.completed)
    assert error.start == pytest.approx(error.completed[-1].end)
    assert error.end == pytest.approx(60.0)


@pytest.fixture
def ctrl_c_raises():
    """SIGINT raises KeyboardInterrupt, as at a terminal, whatever handler the test
    process holds: one started in the background inherits SIGINT ignored, and an asyncio
    runner installs its own while it runs (it cancels its task instead of raising)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("ctrl_c_raises")
def test_ctrl_c_cancels_pieces_in_flight_and_keeps_the_finished_ones(server) -> None:
    # The first piece is answered at once, every later one after 10 s.
    server.script = [Reply(), Reply(delay=10.0)]
    interrupted_at: list[float] = []

    def interrupt(state) -> None:  # after the first piece: Ctrl-C, as a terminal sends it
        def press() -> None:
            interrupted_at.append(time.monotonic())
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

        if state.done == 1:
            threading.Timer(0.3, press).start()

    with pytest.raises(SplitInterrupted) as info:
        transcribe(server, False, SPEECH, split=30, max_concurrency=1, progress=interrupt)
    assert time.monotonic() - interrupted_at[0] < 2.0  # the 10 s answer was not waited for
    assert isinstance(info.value, KeyboardInterrupt)
    assert [c.index for c in info.value.completed] == [0]
    assert info.value.completed[0].transcription.text == "hello"
    assert "1 finished piece(s)" in str(info.value)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_mistyped_str_path_is_named_as_a_path(server, asynchronous, tmp_path) -> None:
    missing = str(tmp_path / "meeting.mp3")
    with pytest.raises(AudioSourceError, match="no such file"):
        transcribe(server, asynchronous, missing, split=30)
    assert server.requests == []


def test_cancelling_an_async_split_cancels_its_pieces(server) -> None:
    import anyio

    server.script = [Reply(delay=10.0)]

    async def main() -> float:
        async with AsyncClient(api_key="k", base_url=server.url) as client:
            started = time.monotonic()
            with anyio.move_on_after(0.5):
                await client.transcribe(SPEECH, split=30)
            return time.monotonic() - started

    assert anyio.run(main) < 3.0  # the 10 s answers were not waited for


def test_an_async_caller_that_cancels_keeps_the_finished_pieces_from_progress(server) -> None:
    import anyio

    first, second = (json.dumps({"text": t, "usage": {"cost": 0.1}}).encode() for t in "ab")
    server.script = [Reply(body=first), Reply(body=second), Reply(delay=10.0)]
    seen: list[SplitProgress] = []

    async def main() -> bool:
        async with AsyncClient(api_key="k", base_url=server.url, max_retries=0) as client:
            with anyio.CancelScope() as scope:

                def progress(state: SplitProgress) -> None:
                    seen.append(state)
                    if state.done == 2:  # the third piece is in flight: cancel now
                        scope.cancel()

                await client.transcribe(SPEECH, split=30, max_concurrency=1, progress=progress)
                pytest.fail("the cancelled transcription returned")
        return scope.cancelled_caught  # the cancellation reached the caller, unchanged

    started = time.monotonic()
    assert anyio.run(main)
    assert time.monotonic() - started < 5.0  # the 10 s answer was not waited for
    assert [[c.transcription.text for c in s.completed] for s in seen] == [["a"], ["a", "b"]]
    assert [c.index for c in seen[-1].completed] == [0, 1]
    assert seen[-1].completed[1].start == pytest.approx(seen[-1].completed[0].end)
