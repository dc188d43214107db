"""AsyncClient: transcriptions run concurrently, and reading a large input never
blocks the event loop."""

from __future__ import annotations

import asyncio
import io
import threading
import time
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
#: How long one read of the input stalls, as on a slow disk or network share.
STALL = 1.0


async def test_concurrent_transcriptions_overlap(server: ScriptedServer) -> None:
    delay = 1.0  # per request; one after another, the seven take 7 s
    server.script = [Reply(delay=delay)]
    inputs = [make_audio(fmt) for fmt in FORMATS]
    started = time.perf_counter()
    async with AsyncClient(api_key=KEY, base_url=server.url, max_retries=0) as client:
        results = await asyncio.gather(*(client.transcribe(audio) for audio in inputs))
    elapsed = time.perf_counter() - started
    assert [r.text for r in results] == ["hello"] * len(inputs)
    assert elapsed < 3 * delay
    received = {sent_audio(server, i) for i in range(len(server.requests))}
    assert received == {(make_audio(fmt), fmt) for fmt in FORMATS}


class ReadSpy:
    """Wraps a ``read``: records the thread of every read after the first ``skip``
    (the few-KiB format sniff, which runs on the loop by design) and stalls one of them."""

    def __init__(self, skip: int) -> None:
        self.skip = skip
        self.calls = 0
        self.threads: list[int] = []

    def wrap(self, read: Callable[..., Any]) -> Callable[..., Any]:
        def spied(*args: Any) -> Any:
            self.calls += 1
            if self.calls > self.skip:
                self.threads.append(threading.get_ident())
                if len(self.threads) == 2:
                    time.sleep(STALL)
            return read(*args)

        return spied


class _SpiedFile:
    def __init__(self, file: Any, spy: ReadSpy) -> None:
        self._file = file
        self.read = spy.wrap(file.read)

    def __enter__(self) -> _SpiedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def _spied_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spy: ReadSpy) -> Path:
    path = tmp_path / "large.wav"
    path.write_bytes(LARGE)
    real_open = Path.open
    opened = 0

    def spying_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        nonlocal opened
        file = real_open(self, *args, **kwargs)
        if self != path:
            return file
        opened += 1
        return file if opened == 1 else _SpiedFile(file, spy)  # 1st open: the sniff

    monkeypatch.setattr(Path, "open", spying_open)
    return path


def _spied_file_object(stream: Any, spy: ReadSpy) -> Any:
    stream.read = spy.wrap(stream.read)
    return stream


@pytest.mark.parametrize("source", ["path", "seekable-file", "one-shot-stream"])
async def test_large_upload_with_slow_reads_leaves_the_event_loop_free(
    server: ScriptedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    if source == "path":
        spy = ReadSpy(skip=0)
        audio: Any = _spied_path(tmp_path, monkeypatch, spy)
    else:
        spy = ReadSpy(skip=1)
        stream = io.BytesIO(LARGE) if source == "seekable-file" else OneShotStream(LARGE, 10**9)
        audio = _spied_file_object(stream, spy)

    gaps: list[float] = []
    done = anyio.Event()

    async def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await anyio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    loop_thread = threading.get_ident()
    async with (
        AsyncClient(api_key=KEY, base_url=server.url, max_retries=0) as client,
        anyio.create_task_group() as tasks,
    ):
        tasks.start_soon(tick)
        transcription = await client.transcribe(audio)
        done.set()

    assert transcription.text == "hello"
    assert sent_audio(server) == (LARGE, "wav")
    assert len(spy.threads) >= 10, "the input was not read through the spied read()"
    assert gaps and max(gaps) < STALL / 2, f"the event loop stalled for {max(gaps):.2f} s"
    assert len(gaps) >= 20  # the ticker kept ticking through the stalled read
    assert loop_thread not in spy.threads, "the input was read on the event loop thread"
