"""The bundled Prism mock of the transcription endpoint, for offline work and tests.

    with MockServer() as mock:
        client = Client(api_key="test", base_url=mock.base_url)
        client.transcribe("a.wav", extra_headers=mock.headers(example="tokens"))

Prism serves the normalised spec (upstream ``openapi.yaml`` with the overlay's named
examples), so it validates every request body and answers with the spec's examples. Pick
a response with the ``Prefer`` header, which ``headers()`` builds: ``code=429`` for any
documented status, ``example=NAME`` for a named example (``examples`` lists them).

``MockServer(api="openai")`` serves OpenAI's audio operations instead (transcriptions and
translations, multipart), the contract every OpenAI-compatible server speaks. Prism picks
the answer's media type by ``Accept``, not by the request's ``response_format``
(stoplightio/prism#288), so ``headers(example="srt")`` also sends ``Accept: text/plain``
for an example only a plain-text answer has. Prism cannot serve ``text/event-stream``
(its text serialiser refuses anything but a string example: 500
``NO_COMPLEX_OBJECT_TEXT``, stoplightio/prism#560), so streaming is not mocked.

Prism comes from the source checkout's ``mock/node_modules`` or, from an installed wheel,
from the per-user cache, installed there with ``npm ci`` on first use (``openrouter-stt
mock --install`` does it ahead of time). A Prism that dies is restarted once on the same
port; if it dies again, ``wait()``, ``base_url`` and leaving the ``with`` block raise.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from ._errors import ConfigurationError
from ._prism_install import MOCK_CONTRACTS, MockError, install_prism, normalised_spec

__all__ = ["APIS", "MockError", "MockServer", "free_port", "install_prism"]

#: The contracts a mock can serve: ``MockServer(api=...)``, ``openrouter-stt mock --api``.
APIS: tuple[str, ...] = tuple(MOCK_CONTRACTS)

#: Named 200 examples (``Prefer: example=NAME``) of ``mock/overlay.yaml``; a running
#: server's ``examples`` reads them from the spec it serves.
logger = logging.getLogger("openrouter_stt.mock")

#: Prism's start-up line, printed once it has bound its port.
LISTENING = re.compile(rb"Prism is listening on http://127\.0\.0\.1:(\d+)")
#: How many ports after a busy one are tried.
PORT_ATTEMPTS = 20


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stderr_line(message: str) -> None:
    print(f"openrouter-stt: {message}", file=sys.stderr, flush=True)


class _PortBusy(Exception):
    pass


#: Loaded into Prism's node: it ends Prism's process group when its stdin (the lifeline
#: pipe) reaches end-of-file, that is when the process holding the other end is gone.
LIFELINE = Path(__file__).with_name("_prism_lifeline.cjs")


class _Prism:
    """One Prism process writing straight into a log file.

    Not a pipe: a pipe nobody drains blocks Prism, and a pipe whose reader exits kills it.
    The port Prism bound and the reason it died are read back from the file, from where
    this process began.

    With a ``lifeline`` Prism dies with this Python process however it ends (SIGHUP,
    SIGKILL, a crash): its stdin is a pipe only this process writes to, which the kernel
    closes when the process ends, and ``LIFELINE`` in node stops the group on end-of-file,
    removing ``temp_log`` too. A pipe rather than ``PR_SET_PDEATHSIG``: that is Linux-only,
    reaches only the direct child and fires when the *thread* that started it ends (a
    restart starts Prism from the supervisor thread). Without a lifeline (``make mock``)
    Prism runs on after Python exits.
    """

    def __init__(
        self, command: list[str], log: Path, lifeline: bool, temp_log: Path | None
    ) -> None:
        self.log = log
        env = None
        if lifeline:  # command is [node, script, ...]; node loads the lifeline first
            command = [command[0], "--require", str(LIFELINE), *command[1:]]
            env = dict(os.environ)
            if temp_log is not None:
                env["OPENROUTER_STT_PRISM_TEMP_LOG"] = str(temp_log)
        with open(log, "ab") as output:
            self.offset = output.tell()
            self.process = subprocess.Popen(
                command,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.PIPE if lifeline else subprocess.DEVNULL,
                env=env,
                # Own process group, so its node workers are stopped with it; and so the
                # terminal's SIGHUP and Ctrl-C reach Python, which stops Prism in order.
                start_new_session=True,
            )

    def output(self, limit: int = 64 * 1024) -> bytes:
        """This process's output: its first ``limit`` bytes, or with ``limit < 0`` its last."""
        with open(self.log, "rb") as file:
            size = file.seek(0, os.SEEK_END)
            start = self.offset if limit >= 0 else max(self.offset, size + limit)
            file.seek(start)
            return file.read(abs(limit))

    def bound_port(self) -> int | None:
        """The port from Prism's "listening" line, once it has printed it."""
        found = LISTENING.search(self.output())
        return int(found[1]) if found else None

    def exit_reason(self) -> str:
        """How the process ended, with its last lines when it ended by itself."""
        code = self.process.returncode
        if code is not None and code < 0:
            return f"killed by {signal.Signals(-code).name}"
        lines = self.output(-4096).decode(errors="replace").strip().splitlines()
        return f"exit code {code}: " + " | ".join(line.strip() for line in lines[-5:])

    def stop(self) -> None:
        """Stop the group if it still runs, and let go of the lifeline (also for a Prism
        that died by itself)."""
        try:
            if self.process.poll() is None:
                try:
                    os.killpg(self.process.pid, signal.SIGTERM)
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait()
                except ProcessLookupError:
                    self.process.wait()
        finally:
            if self.process.stdin is not None:
                self.process.stdin.close()


class MockServer:
    """A Prism process on 127.0.0.1, started on enter and stopped on exit.

    ``api`` chooses the contract: ``"openrouter"`` (OpenRouter's transcription endpoint) or
    ``"openai"`` (OpenAI's transcriptions and translations). ``port=None`` lets the system
    pick a free port; a busy ``port`` moves to the next free
    one, and ``notify`` (one line on stderr by default) says so, as it says when Prism is
    first installed. With ``upstream`` (e.g. the real API's base URL) Prism runs as a
    validating proxy instead: requests and responses that break the spec become errors
    (422 for a request, 500 for a response) rather than passing silently.

    Prism dies with this process however it ends, even by SIGKILL, taking a temporary log
    with it. ``detach=True`` lets it run on after this process exits instead (``make
    mock``); stop it then with ``os.killpg(pid, signal.SIGTERM)``.
    """

    def __init__(
        self,
        port: int | None = None,
        spec: Path | None = None,
        startup_timeout: float = 60.0,
        log: Path | None = None,
        upstream: str | None = None,
        notify: Callable[[str], None] | None = None,
        detach: bool = False,
        api: str = "openrouter",
    ) -> None:
        if api not in APIS:
            raise ConfigurationError(f"no mock for api {api!r}; choose one of {', '.join(APIS)}")
        self.api = api
        self.requested_port = port
        self.port = port or 0
        self.spec = spec
        self.upstream = upstream
        self.startup_timeout = startup_timeout
        self.log = log
        self.notify = notify or _stderr_line
        self.detach = detach
        self._spec_path: Path | None = spec
        self._output: Path | None = None  # Prism's output: ``log``, or a file of our own
        self._prism: _Prism | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._dead = threading.Event()
        self._failure: MockError | None = None
        self._supervisor: threading.Thread | None = None
        self._document: dict[str, Any] | None = None

    @property
    def pid(self) -> int | None:
        prism = self._prism
        return prism.process.pid if prism else None

    @property
    def base_url(self) -> str:
        if self._failure is not None:
            raise self._failure
        return f"http://127.0.0.1:{self.port}"

    # -- what the spec offers ------------------------------------------------------------

    @property
    def document(self) -> dict[str, Any]:
        """The spec Prism serves, as a dict."""
        if self._document is None:
            path = self._spec_path = self._spec_path or normalised_spec(self.api)
            text = Path(path).read_text(encoding="utf-8")
            if Path(path).suffix in (".yaml", ".yml"):
                import yaml  # only for a YAML spec passed in by hand

                self._document = yaml.safe_load(text)
            else:
                self._document = json.loads(text)
        return self._document

    def _responses(self) -> list[tuple[str, dict[str, Any]]]:
        return [
            (code, response)
            for item in self.document.get("paths", {}).values()
            for operation in item.values()
            if isinstance(operation, dict)
            for code, response in operation.get("responses", {}).items()
        ]

    @property
    def statuses(self) -> list[int]:
        """Every documented status (``Prefer: code=N``)."""
        return sorted({int(code) for code, _ in self._responses() if code.isdigit()})

    @property
    def examples(self) -> list[str]:
        """Every named example (``Prefer: example=NAME``), in the spec's order."""
        names: dict[str, None] = {}
        for _, response in self._responses():
            for media in response.get("content", {}).values():
                names.update(dict.fromkeys(media.get("examples", {})))
        return list(names)

    def media_types(self, example: str) -> list[str]:
        """The media types whose answers carry the named example, in the spec's order."""
        found: dict[str, None] = {}
        for _, response in self._responses():
            for media_type, media in response.get("content", {}).items():
                if example in media.get("examples", {}):
                    found[media_type] = None
        return list(found)

    def headers(self, code: int | None = None, example: str | None = None) -> dict[str, str]:
        """The ``Prefer`` header that asks for a documented status and/or a named example,
        e.g. ``headers(code=429)``, ``headers(example="tokens")``; with ``Accept`` too when
        only a non-JSON answer has the example (``example="srt"``: ``text/plain``), since
        Prism chooses the media type by ``Accept``."""
        if code is None and example is None:
            raise ConfigurationError("ask for a status (code=429) or a named example (example=...)")
        if code is not None and code not in self.statuses:
            raise ConfigurationError(f"the spec documents no status {code}; it has {self.statuses}")
        if example is not None and example not in self.examples:
            raise ConfigurationError(f"the spec has no example {example!r}; it has {self.examples}")
        prefer = [f"code={code}"] * (code is not None) + [f"example={example}"] * bool(example)
        headers = {"Prefer": ", ".join(prefer)}
        if example is not None:
            media_types = self.media_types(example)
            if media_types and "application/json" not in media_types:
                headers["Accept"] = media_types[0]
        return headers

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> MockServer:
        self._stopping.clear()
        self._dead.clear()
        self._failure = None
        try:
            prism = install_prism(self.notify)
            spec = self._spec_path = self._spec_path or normalised_spec(self.api)
            mode = (
                ["proxy", str(spec), self.upstream, "--errors"]
                if self.upstream
                else ["mock", str(spec)]
            )
            # Prism's script run by node itself, so node can load the lifeline first.
            # --no-multiprocess: NODE_ENV=production turns on Prism's worker mode, which
            # crashes at start-up (stoplightio/prism#2138).
            node = shutil.which("node") or "node"
            self._command = [node, str(prism), *mode, "--host", "127.0.0.1", "--no-multiprocess"]
            if self.log is not None:
                self._output = Path(self.log)
            else:
                handle, name = tempfile.mkstemp(prefix="openrouter-stt-prism-", suffix=".log")
                os.close(handle)
                self._output = Path(name)
            self._start_on_free_port()
        except BaseException:  # Ctrl-C during start-up too: never leave Prism behind
            self.stop()
            raise
        self._supervisor = threading.Thread(
            target=self._supervise, daemon=True, name="prism-supervisor"
        )
        self._supervisor.start()
        return self

    def _start_on_free_port(self) -> None:
        if not self.requested_port:
            self._launch(0)  # the system picks a free port; Prism prints which
            return
        for port in range(self.requested_port, self.requested_port + PORT_ATTEMPTS):
            if _is_bound(port):
                continue  # a cheap pre-check; Prism's own bind below is what counts
            try:
                self._launch(port)
            except _PortBusy:
                continue
            if port != self.requested_port:
                self.notify(f"port {self.requested_port} is busy; the mock uses {port} instead")
            return
        last = self.requested_port + PORT_ATTEMPTS - 1
        raise MockError(
            f"ports {self.requested_port}-{last} on 127.0.0.1 are all busy; "
            "pass another port, or none to let the system pick one"
        )

    def _launch(self, port: int) -> None:
        """Start Prism on ``port`` (0: any) and return once it serves our spec."""
        assert self._output is not None
        with self._lock:
            if self._stopping.is_set():
                raise MockError("the mock was stopped while starting")
            prism = self._prism = _Prism(
                [*self._command, "--port", str(port)],
                self._output,
                lifeline=not self.detach,
                temp_log=self._output if self.log is None else None,
            )
        deadline = time.monotonic() + self.startup_timeout
        while (bound := prism.bound_port()) is None:
            if prism.process.poll() is not None:
                if b"EADDRINUSE" in prism.output():
                    raise _PortBusy(port)
                where = f"; see {self.log}" if self.log else ""
                raise MockError(
                    f"Prism stopped ({prism.exit_reason()}) before listening on port "
                    f"{port or 'any'}{where}"
                )
            if time.monotonic() > deadline:
                prism.stop()
                raise MockError(f"Prism did not start within {self.startup_timeout} s")
            time.sleep(0.05)
        self.port = bound
        if not _serves_spec(self.base_url, self.document):
            prism.stop()
            raise MockError(
                f"Prism on port {self.port} does not answer with the spec it was given "
                f"({self._spec_path}); see {self.log or 'its output'}"
            )

    def _supervise(self) -> None:
        """Restart a Prism that died, once, on the same port; then give up with a reason."""
        restarted = False
        while True:
            prism = self._prism
            if prism is None:
                return
            prism.process.wait()
            prism.stop()  # lets go of its lifeline
            if self._stopping.is_set():
                return
            why = prism.exit_reason()
            if restarted:
                self._fail(f"Prism on port {self.port} died again ({why})")
                return
            logger.warning("Prism on port %d died (%s); restarting it once", self.port, why)
            restarted = True
            try:
                self._launch(self.port)
            except (MockError, _PortBusy) as error:
                if self._stopping.is_set():
                    return
                current = self._prism
                died = current is not None and current.process.poll() is not None
                if died and not isinstance(error, _PortBusy):
                    # It came up and died while being checked: the second death, not a
                    # failure to restart.
                    assert current is not None
                    self._fail(f"Prism on port {self.port} died again ({current.exit_reason()})")
                else:
                    self._fail(f"Prism on port {self.port} died and did not restart: {error}")
                return

    def _fail(self, message: str) -> None:
        where = f" (log: {self.log})" if self.log else ""
        self._failure = MockError(message + where)
        logger.error("%s", self._failure)
        self._dead.set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until Prism is down for good (it died twice) and raise why, or return
        after ``timeout`` seconds while it still runs."""
        if self._dead.wait(timeout) and self._failure is not None:
            raise self._failure

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:  # after this, no restart can start another Prism
            prism = self._prism
        if prism is not None:
            prism.stop()
        if self._supervisor is not None and self._supervisor is not threading.current_thread():
            self._supervisor.join(timeout=30)
        if self.log is None and self._output is not None:
            self._output.unlink(missing_ok=True)
            self._output = None

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        if exc_type is None and self._failure is not None:
            raise self._failure


def _is_bound(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
        return False


def _serves_spec(base_url: str, document: dict[str, Any]) -> bool:
    """Whether the server at ``base_url`` is a Prism serving ``document``: on each of its
    paths, a method the spec does not define gets Prism's "no method matched" answer,
    which no other server gives, and no Prism with another contract (OpenRouter's has no
    /audio/translations, OpenAI's no /models: "no path matched"). Sent nowhere upstream:
    Prism answers it before proxying."""
    paths = [path for path in document.get("paths", {}) if "{" not in path]
    if not paths:
        return True  # nothing to ask about; Prism's own start-up line had to do
    for path in paths:
        unused = next(
            method
            for method in ("trace", "patch", "put", "delete", "get", "post")
            if method not in document["paths"][path]
        )
        try:
            response = httpx.request(unused.upper(), base_url + path, timeout=10)
        except httpx.HTTPError:
            return False
        if response.status_code != 405 or "NO_METHOD_MATCHED" not in response.text:
            return False
    return True
