"""AsyncClient: transcriptions run concurrently, and no read of the input (sniffing
included) blocks the event loop. Both are proven by waiting on the other side (a server
barrier, a task of the loop), not by timing anything."""

from __future__ import annotations

import asyncio
import io
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from audio_samples import FORMATS, make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import AsyncClient

from ._util import KEY, OneShotStream, sent_audio

pytestmark = pytest.mark.anyio

CLIP = make_audio("wav", seconds=1.0)
#: About 8 MB of "audio": a wav header, then filler.
LARGE = CLIP + bytes(range(256)) * (8 * 1024 * 1024 // 256)


async def test_concurrent_transcriptions_overlap(server: ScriptedServer) -> None:
    # The server answers none until all seven are in flight at once: one after the
    # other, the first would wait out the barrier and fail.
    inputs = [make_audio(fmt) for fmt in FORMATS]
    all_in_flight = threading.Barrier(len(inputs), timeout=20)
    server.script = [Reply(before_reply=all_in_flight.wait)]
    async with AsyncClient(api_key=KEY, base_url=server.url, max_retries=0) as client:
        results = await asyncio.gather(*(client.transcribe(audio) for audio in inputs))
    assert [r.text for r in results] == ["hello"] * len(inputs)
    received = {sent_audio(server, i) for i in range(len(server.requests))}
    assert received == {(make_audio(fmt), fmt) for fmt in FORMATS}


class LoopProbe:
    """Makes every read of a source wait until a task on the event loop answers it.

    A read made on the event loop's thread can never be answered (the loop is blocked
    in it) and gives up after ``TIMEOUT``, recorded as a failure: the proof does not
    depend on how fast this machine is.
    """

    TIMEOUT = 5.0

    def __init__(self) -> None:
        self._asked = threading.Event()
        self._answered = threading.Event()
        self.answered_in_time: list[bool] = []
        self.threads: list[int] = []

    def wrap(self, read: Callable[..., Any]) -> Callable[..., Any]:
        def probed(*args: Any) -> Any:
            self.threads.append(threading.get_ident())
            self._answered.clear()
            self._asked.set()
            self.answered_in_time.append(self._answered.wait(self.TIMEOUT))
            return read(*args)

        return probed

    async def answer(self, done: anyio.Event) -> None:
        """The concurrent task: runs only while the loop is free."""
        while not done.is_set():
            if self._asked.is_set():
                self._asked.clear()
                self._answered.set()
            await anyio.sleep(0.001)


class _ProbedFile:
    def __init__(self, file: Any, probe: LoopProbe) -> None:
        self._file = file
        self.read = probe.wrap(file.read)

    def __enter__(self) -> _ProbedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def _probed_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, probe: LoopProbe, data: bytes
) -> Path:
    path = tmp_path / "audio.wav"
    path.write_bytes(data)
    real_open = Path.open

    def probing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        file = real_open(self, *args, **kwargs)
        return _ProbedFile(file, probe) if self == path else file

    monkeypatch.setattr(Path, "open", probing_open)
    return path


def _probed_stream(stream: Any, probe: LoopProbe) -> Any:
    stream.read = probe.wrap(stream.read)
    return stream


SOURCES = {
    "path": lambda data: None,
    "seekable-file": lambda data: io.BytesIO(data),
    "one-shot-stream": lambda data: OneShotStream(data, 10**9),
}


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize("source", SOURCES)
async def test_every_read_of_the_input_happens_off_the_event_loop(
    server: ScriptedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, size: str
) -> None:
    # Sniffing included: it reads a whole small file, and a quiet pipe may keep its
    # first bytes for as long as it likes.
    data = CLIP if size == "small" else LARGE
    probe = LoopProbe()
    if source == "path":
        audio: Any = _probed_path(tmp_path, monkeypatch, probe, data)
    else:
        audio = _probed_stream(SOURCES[source](data), probe)

    done = anyio.Event()
    loop_thread = threading.get_ident()
    async with (
        AsyncClient(api_key=KEY, base_url=server.url, max_retries=0) as client,
        anyio.create_task_group() as tasks,
    ):
        tasks.start_soon(probe.answer, done)
        transcription = await client.transcribe(audio)
        done.set()

    assert transcription.text == "hello"
    assert sent_audio(server) == (data, "wav")
    assert probe.threads, "the input was not read through the probed read()"
    assert loop_thread not in probe.threads, "the input was read on the event loop thread"
    assert all(probe.answered_in_time), "a read blocked the event loop"


class _Lookups:
    """A meta path finder that only records which modules the import system searched for."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        self.names.append(name)


async def test_repeated_calls_search_for_no_module(server: ScriptedServer) -> None:
    # httpcore imports sniffio on every lock it sets up; without sniffio installed each
    # call searched sys.path for it again (encode/httpcore#1103).
    lookups = _Lookups()
    async with AsyncClient(api_key=KEY, base_url=server.url, max_retries=0) as client:
        await client.transcribe(CLIP)  # first call: whatever loads lazily loads now
        sys.meta_path.insert(0, lookups)
        try:
            for _ in range(3):
                await client.transcribe(CLIP)
        finally:
            sys.meta_path.remove(lookups)
    assert lookups.names == []


async def test_large_audio_in_memory_is_planned_off_the_event_loop(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large bytearray is copied for PyAV to read its header (0.19 s for 76 MB):
    that happens in a worker thread, never on the loop."""
    pytest.importorskip("av")
    pytest.importorskip("numpy")
    from audio_samples import speech_like_wav

    from openrouter_stt import _split

    threads: list[int] = []
    duration = _split.duration

    def recording(audio: Any) -> float | None:
        threads.append(threading.get_ident())
        return duration(audio)

    monkeypatch.setattr(_split, "duration", recording)
    audio = bytearray(speech_like_wav([], 40.0))  # 1.3 MB, under max_chunk_seconds
    async with AsyncClient(api_key=KEY, base_url=server.url, max_chunk_seconds=60) as client:
        t = await client.transcribe(audio)
    assert t.chunks == () and len(server.requests) == 1
    assert threads and threading.get_ident() not in threads
