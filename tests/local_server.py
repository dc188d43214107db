"""A real HTTP server on 127.0.0.1 that answers from a script and records every request.

    with ScriptedServer(Reply(429, b"{}", {"Retry-After": "1"}), Reply(200, OK_BODY)) as server:
        Client(api_key="k", base_url=server.url).transcribe(...)
        assert len(server.requests) == 2

Faults Prism cannot produce: chosen statuses and bodies, slow answers, dropped
connections. Once the script runs out, its last reply repeats.
"""

from __future__ import annotations

import base64
import contextlib
import email.parser
import email.policy
import json
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import attrs
import httpx

OK_BODY = json.dumps({"text": "hello", "usage": {"cost": 0.001, "seconds": 1.5}}).encode()


@attrs.frozen
class Reply:
    status: int = 200
    body: bytes = OK_BODY
    headers: dict[str, str] = attrs.field(factory=lambda: {"Content-Type": "application/json"})
    #: Seconds to wait before answering (to trip the client's read timeout).
    delay: float = 0.0
    #: Close the connection without answering, after reading the request.
    drop: bool = False
    #: Announce this many body bytes but send only ``body`` (a truncated response).
    content_length: int | None = None
    #: Close the connection after reading only the first KiB of the body (the upload fails).
    drop_mid_body: bool = False
    #: Called once the request is read, before answering (e.g. to change the audio file).
    before_reply: Callable[[], object] | None = None
    #: Send the body as these pieces, chunked, each flushed on its own (a streamed answer).
    chunks: tuple[bytes, ...] = ()
    #: Seconds between two chunks.
    chunk_delay: float = 0.0


@attrs.frozen
class RecordedRequest:
    method: str
    path: str
    headers: httpx.Headers  # case-insensitive, like HTTP
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> list[tuple[str, str | None, bytes]]:
        """A multipart/form-data body as (name, filename, content) per part, parsed with
        the standard library's MIME parser."""
        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + self.body)
        assert message.is_multipart(), self.headers["content-type"]
        return [
            (
                part.get_param("name", header="content-disposition"),
                part.get_filename(),
                part.get_payload(decode=True),
            )
            for part in message.iter_parts()
        ]

    def audio(self) -> tuple[bytes, str]:
        """(audio bytes, format) of either body: base64 JSON or a multipart file part,
        whose format is its file name's extension."""
        if self.headers["content-type"].startswith("multipart/form-data"):
            ((name, content),) = [(f, c) for _, f, c in self.form() if f is not None]
            return content, name.rsplit(".", 1)[-1]
        audio = self.json()["input_audio"]
        return base64.b64decode(audio["data"], validate=True), audio["format"]


class ScriptedServer:
    def __init__(self, *script: Reply) -> None:
        self.script = list(script) or [Reply()]
        self.requests: list[RecordedRequest] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # A short poll interval: shutting down waits for one poll, on every test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def _next_reply(self) -> Reply:
        index = min(len(self.requests) - 1, len(self.script) - 1)
        return self.script[index]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                # The client may give up first (a timeout test): then there is no one to answer.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._answer()

            do_GET = do_POST

            def _answer(self) -> None:
                upcoming = server.script[min(len(server.requests), len(server.script) - 1)]
                if upcoming.drop_mid_body:  # closing with unread data resets the upload
                    partial = self.rfile.read(1024)
                    headers = httpx.Headers(self.headers.items())
                    server.requests.append(RecordedRequest("POST", self.path, headers, partial))
                    self.close_connection = True
                    return
                length = self.headers.get("Content-Length")
                # No Content-Length: a chunked upload, as one-shot streams are sent.
                if length:
                    body = self.rfile.read(int(length))
                elif "chunked" in self.headers.get("Transfer-Encoding", ""):
                    body = self._read_chunked()
                else:
                    body = b""
                server.requests.append(
                    RecordedRequest(
                        self.command, self.path, httpx.Headers(self.headers.items()), body
                    )
                )
                reply = server._next_reply()
                if reply.before_reply is not None:
                    reply.before_reply()
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.chunks:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for chunk in reply.chunks:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.flush()
                        time.sleep(reply.chunk_delay)
                    self.wfile.write(b"0\r\n\r\n")
                    return
                announced = reply.content_length
                self.send_header("Content-Length", str(announced or len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
                if announced is not None:
                    self.close_connection = True

            def _read_chunked(self) -> bytes:
                parts = []
                while size := int(self.rfile.readline().strip() or b"0", 16):
                    parts.append(self.rfile.read(size))
                    self.rfile.readline()
                self.rfile.readline()
                return b"".join(parts)

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

        return Handler

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
