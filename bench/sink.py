"""The benchmark's sink: a small HTTP/1.1 server that reads every request body in full
and answers a fixed 200, with keep-alive. Run as its own process by ``bench/run.py``:

    python bench/sink.py            # prints "PORT <n>" once it listens on 127.0.0.1

It parses just enough HTTP to find where a body ends (Content-Length or chunked
transfer coding), never holds a large body (bytes are counted, not kept) and does no
work per byte, so it stays out of the way of the clients it measures. ``GET /stats``
answers how many POSTs it saw, how many body bytes, and how many small bodies did not
look like a transcription request (a cheap check that every contender sent the audio).
"""

from __future__ import annotations

import asyncio
import json
import sys

REPLY_BODY = json.dumps({"text": "ok", "usage": {"cost": 0}}).encode()
REPLY = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
    + str(len(REPLY_BODY)).encode()
    + b"\r\n\r\n"
    + REPLY_BODY
)
# Bodies up to this size are kept long enough to check they carry "input_audio".
CHECK_LIMIT = 64 * 1024

STATS = {"requests": 0, "body_bytes": 0, "last_body_bytes": 0, "malformed": 0}


class Sink(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.buffer = b""
        self.state = "head"  # head | body | chunk-size | chunk-data | trailer
        self.remaining = 0  # body or chunk bytes still to come (chunk: + its CRLF)
        self.body_bytes = 0
        self.kept: list[bytes] | None = None
        self.method = b""
        self.close_after = False

    def data_received(self, data: bytes) -> None:
        # The hot path: the middle of a large Content-Length body or a large chunk.
        if not self.buffer and (
            (self.state == "body" and len(data) < self.remaining)
            or (self.state == "chunk-data" and len(data) < self.remaining - 2)
        ):
            self._take(data, len(data))
            return
        self.buffer = self.buffer + data if self.buffer else data
        while self.buffer and self._step():
            pass

    def _take(self, data: bytes | memoryview, n: int) -> None:
        self.remaining -= n
        self.body_bytes += n
        if self.kept is not None:
            if self.body_bytes <= CHECK_LIMIT:
                self.kept.append(bytes(data[:n]))
            else:
                self.kept = None

    def _step(self) -> bool:
        """Consume what it can from the buffer; False when it needs more bytes."""
        buf = self.buffer
        if self.state == "head":
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return False
            self._head(buf[:end])
            self.buffer = buf[end + 4 :]
            return True
        if self.state in ("body", "chunk-data"):
            n = min(len(buf), self.remaining)
            if self.state == "chunk-data":
                # The chunk's closing CRLF is counted in `remaining` but is not body.
                data_left = self.remaining - 2
                take = min(n, max(data_left, 0))
                self._take(buf, take)
                self.remaining -= n - take
            else:
                self._take(buf, n)
            self.buffer = buf[n:]
            if self.remaining == 0:
                if self.state == "body":
                    self._finish()
                else:
                    self.state = "chunk-size"
            return True
        if self.state == "chunk-size":
            end = buf.find(b"\r\n")
            if end < 0:
                return False
            size = int(buf[:end].split(b";")[0].strip() or b"0", 16)
            self.buffer = buf[end + 2 :]
            if size == 0:
                self.state = "trailer"
            else:
                self.state, self.remaining = "chunk-data", size + 2
            return True
        # trailer: header lines until an empty one
        end = buf.find(b"\r\n")
        if end < 0:
            return False
        self.buffer = buf[end + 2 :]
        if end == 0:
            self._finish()
        return True

    def _head(self, head: bytes) -> None:
        lines = head.split(b"\r\n")
        self.method = lines[0].split(b" ", 1)[0]
        length, chunked, self.close_after = 0, False, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                self.close_after = b"close" in value.lower()
        self.body_bytes = 0
        self.kept = []
        if chunked:
            self.state = "chunk-size"
        elif length:
            self.state, self.remaining = "body", length
        else:
            self._finish()

    def _finish(self) -> None:
        self.state = "head"
        if self.method == b"GET":
            body = json.dumps(STATS).encode()
            self.transport.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\n\r\n"
                + body
            )
        else:
            STATS["requests"] += 1
            STATS["body_bytes"] += self.body_bytes
            STATS["last_body_bytes"] = self.body_bytes
            if self.kept is not None and b'"input_audio"' not in b"".join(self.kept):
                STATS["malformed"] += 1
            self.transport.write(REPLY)
        self.kept = None
        if self.close_after:
            self.transport.close()


async def main(port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Sink, "127.0.0.1", port, backlog=256)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
