"""One contender, one scenario, in this process; prints one JSON object on stdout.

    python bench/contenders.py upload  CONTENDER URL CLIP FILE [REPEAT]
    python bench/contenders.py percall CONTENDER URL CLIP N
    python bench/contenders.py batch   CONTENDER URL CLIP DIR CONCURRENCY [REPEAT]
    python bench/contenders.py floor   FILE URL [REPEAT]

``bench/run.py`` starts one such process per measurement, so that every process's
imports, idle memory and peak memory (``ru_maxrss``, a high-water mark) are its own.

Contenders:
  wrapper   this project: ``openrouter_stt.Client`` / ``AsyncClient`` given the path, sending
            the JSON body as the others do (bench/upload_modes.py compares multipart)
  sdk       the official ``openrouter`` SDK: ``stt.create_transcription[_async]``
  httpx     the seed's pattern: read the file, base64 it, ``post(json=...)``
  stream    prototype, not shipped: the wrapper's technique with nothing else, a
            generator of 768 KiB-raw base64 chunks in the sending thread
  thread    prototype, not shipped: the same chunks made by a producer thread, so
            reading and encoding overlap with sending
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

MODEL = "openai/whisper-large-v3"
KEY = "bench-key"
TIMEOUT = 600.0
CHUNK = 3 * 256 * 1024  # as the wrapper's _audio.CHUNK: 768 KiB raw, 1 MiB of base64


def _hwm_kb() -> int:
    """This process's peak RSS in KiB. ``ru_maxrss`` would do, but on Linux an exec'd
    child's ``ru_maxrss`` starts at its parent's RSS at fork (the kernel keeps the
    pre-exec high-water mark), which would hide everything below the parent's size.
    ``VmHWM`` is the same high-water mark for this address space alone."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


# -- synchronous contenders: each returns (call(path) -> text, close) ---------------


def _wrapper(url: str) -> tuple[Callable[[Path], str], Callable[[], None]]:
    from openrouter_stt import Client

    client = Client(api_key=KEY, base_url=url, max_retries=0, upload="json")
    # One request, as the other contenders send: section 6 measures splitting.
    return (lambda path: client.transcribe(path, split="never").text), client.close


def _sdk(url: str) -> tuple[Callable[[Path], str], Callable[[], None]]:
    import base64

    from openrouter import OpenRouter

    sdk = OpenRouter(api_key=KEY, server_url=url, retry_config=None, timeout_ms=600_000)
    client = sdk.__enter__()

    def call(path: Path) -> str:
        data = base64.b64encode(path.read_bytes()).decode()
        result = client.stt.create_transcription(
            model=MODEL, input_audio={"data": data, "format_": "wav"}, retries=None
        )
        return result.text

    return call, lambda: sdk.__exit__(None, None, None)


def _httpx(url: str) -> tuple[Callable[[Path], str], Callable[[], None]]:
    import base64

    import httpx

    client = httpx.Client(timeout=TIMEOUT)
    endpoint = f"{url}/audio/transcriptions"
    headers = {"Authorization": f"Bearer {KEY}"}

    def call(path: Path) -> str:
        with open(path, "rb") as file:
            data = base64.b64encode(file.read()).decode()
        body = {"model": MODEL, "input_audio": {"data": data, "format": "wav"}}
        response = client.post(endpoint, json=body, headers=headers)
        response.raise_for_status()
        return response.json()["text"]

    return call, client.close


def _prototype(url: str, threaded: bool) -> tuple[Callable[[Path], str], Callable[[], None]]:
    import httpx
    from pybase64 import b64encode

    client = httpx.Client(timeout=TIMEOUT)
    endpoint = f"{url}/audio/transcriptions"
    prefix = json.dumps({"model": MODEL, "input_audio": {"format": "wav", "data": ""}})
    before, after = (part.encode() for part in prefix.rsplit('""', 1))
    before, after = before + b'"', b'"' + after

    def chunks(path: Path) -> Iterator[bytes]:
        with open(path, "rb") as file:
            while block := file.read(CHUNK):
                yield b64encode(block)

    def body(path: Path) -> Iterator[bytes]:
        yield before
        yield from (_produced(chunks(path)) if threaded else chunks(path))
        yield after

    def call(path: Path) -> str:
        size = path.stat().st_size
        headers = {
            "Authorization": f"Bearer {KEY}",
            "Content-Type": "application/json",
            "Content-Length": str(len(before) + 4 * ((size + 2) // 3) + len(after)),
        }
        response = client.post(endpoint, content=body(path), headers=headers)
        response.raise_for_status()
        return response.json()["text"]

    return call, client.close


def _produced(source: Iterator[bytes], depth: int = 2) -> Iterator[bytes]:
    """Items of ``source``, made ahead by a worker thread (at most ``depth`` waiting)."""
    import queue
    import threading

    items: queue.Queue[Any] = queue.Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in source:
                if stop.is_set():
                    return
                items.put(item)
        except BaseException as error:  # handed to the consumer, raised there
            items.put(error)
        items.put(done)

    worker = threading.Thread(target=produce, daemon=True)
    worker.start()
    try:
        while (item := items.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # unblock a producer waiting on a full queue
            try:
                items.get_nowait()
            except queue.Empty:
                worker.join(0.01)


SYNC = {
    "wrapper": _wrapper,
    "sdk": _sdk,
    "httpx": _httpx,
    "stream": lambda url: _prototype(url, threaded=False),
    "thread": lambda url: _prototype(url, threaded=True),
}


# -- asynchronous contenders: each returns (async call(path) -> text, async close) --


def _async_wrapper(url: str) -> tuple[Any, Any]:
    from openrouter_stt import AsyncClient

    client = AsyncClient(api_key=KEY, base_url=url, max_retries=0, upload="json")

    async def call(path: Path) -> str:
        return (await client.transcribe(path)).text

    return call, client.aclose


def _async_sdk(url: str) -> tuple[Any, Any]:
    import base64

    from openrouter import OpenRouter

    sdk = OpenRouter(api_key=KEY, server_url=url, retry_config=None, timeout_ms=600_000)

    async def call(path: Path) -> str:
        data = base64.b64encode(path.read_bytes()).decode()
        result = await sdk.stt.create_transcription_async(
            model=MODEL, input_audio={"data": data, "format_": "wav"}, retries=None
        )
        return result.text

    async def close() -> None:
        await sdk.__aexit__(None, None, None)

    return call, close


def _async_httpx(url: str) -> tuple[Any, Any]:
    import base64

    import httpx

    client = httpx.AsyncClient(timeout=TIMEOUT)
    endpoint = f"{url}/audio/transcriptions"
    headers = {"Authorization": f"Bearer {KEY}"}

    async def call(path: Path) -> str:
        with open(path, "rb") as file:
            data = base64.b64encode(file.read()).decode()
        body = {"model": MODEL, "input_audio": {"data": data, "format": "wav"}}
        response = await client.post(endpoint, json=body, headers=headers)
        response.raise_for_status()
        return response.json()["text"]

    return call, client.aclose


ASYNC = {"wrapper": _async_wrapper, "sdk": _async_sdk, "httpx": _async_httpx}


# -- scenarios ----------------------------------------------------------------------


def upload(contender: str, url: str, clip: str, file: str, repeat: str = "3") -> dict[str, Any]:
    """Idle memory after imports and a warm-up call; then best-of-N wall time and the
    peak memory of uploading ``file``."""
    call, close = SYNC[contender](url)
    assert call(Path(clip)) == "ok"
    idle_hwm, idle_rss = _hwm_kb(), _rss_kb()
    times = []
    for _ in range(int(repeat)):
        start = time.perf_counter()
        assert call(Path(file)) == "ok"
        times.append(time.perf_counter() - start)
    peak = _hwm_kb()
    close()
    return {
        "times": times,
        "idle_kb": idle_hwm,
        "idle_rss_kb": idle_rss,
        "peak_kb": peak,
        "ru_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def percall(contender: str, url: str, clip: str, n: str, blocks: str = "10") -> dict[str, Any]:
    """N sequential transcriptions of a small clip through one client, timed in blocks
    so that a burst of load elsewhere on the machine spoils one block, not the figure."""
    call, close = SYNC[contender](url)
    path = Path(clip)
    for _ in range(50):  # warm-up: connection, lazy imports, caches
        call(path)
    count, parts = int(n), int(blocks)
    size = count // parts
    walls, cpus = [], []
    for _ in range(parts):
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(size):
            call(path)
        walls.append((time.perf_counter() - start) / size * 1e6)
        cpus.append((time.process_time() - cpu) / size * 1e6)
    close()
    return {
        "n": size * parts,
        "mean_us": sum(walls) / parts,
        "per_call_us": min(walls),
        "cpu_mean_us": sum(cpus) / parts,
        "cpu_per_call_us": min(cpus),
    }


def batch(
    contender: str, url: str, clip: str, directory: str, concurrency: str, repeat: str = "3"
) -> dict[str, Any]:
    """Every file in ``directory`` through one async client, ``concurrency`` at a time
    (that many workers pulling from one queue of paths); best of ``repeat`` rounds."""
    import asyncio

    files = sorted(Path(directory).iterdir())
    workers = int(concurrency)

    async def main() -> list[float]:
        call, close = ASYNC[contender](url)

        async def run(paths: list[Path]) -> None:
            pending = iter(paths)

            async def worker() -> None:
                for path in pending:
                    assert await call(path) == "ok"

            await asyncio.gather(*(worker() for _ in range(workers)))

        await run([Path(clip)] * workers * 2)  # warm-up: open the connections
        times, cpu = [], []
        for _ in range(int(repeat)):
            start, used = time.perf_counter(), time.process_time()
            await run(files)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - used)
        await close()
        return times, cpu

    times, cpu = asyncio.run(main())
    return {"files": len(files), "concurrency": workers, "times": times, "cpu": cpu}


def floor(file: str, url: str, repeat: str = "3") -> dict[str, Any]:
    """What no client can beat: base64 of the file already in memory with the fastest
    encoder available, pybase64 (the floor the targets use), and with CPython's own;
    reading and encoding in the wrapper's chunks with no network; and the loopback
    plus the sink: a pre-encoded body of the same size sent over a raw socket."""
    import base64
    import socket
    from urllib.parse import urlsplit

    import pybase64

    data = Path(file).read_bytes()
    rounds = int(repeat)

    def best(work: Callable[[], Any]) -> float:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        return min(times)

    def chunked() -> None:
        with open(file, "rb") as source:
            while block := source.read(CHUNK):
                pybase64.b64encode(block)

    encoded = base64.b64encode(data)
    body = b'{"model":"m","input_audio":{"format":"wav","data":"' + encoded + b'"}}'
    del encoded
    parts = urlsplit(url)
    head = (
        f"POST /audio/transcriptions HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()

    def send() -> None:
        with socket.create_connection((parts.hostname, parts.port)) as sock:
            sock.sendall(head)
            sock.sendall(body)
            reply = b""
            while b'"ok"' not in reply:
                reply += sock.recv(4096)

    return {
        "b64_memory": best(lambda: pybase64.b64encode(data)),
        "b64_memory_binascii": best(lambda: base64.b64encode(data)),
        "encoder": f"pybase64 {pybase64.get_version()}",
        "b64_chunked_read": best(chunked),
        "loopback_send": best(send),
        "body_bytes": len(body),
    }


if __name__ == "__main__":
    scenario, *arguments = sys.argv[1:]
    result = {"upload": upload, "percall": percall, "batch": batch, "floor": floor}[scenario](
        *arguments
    )
    print(json.dumps(result))
