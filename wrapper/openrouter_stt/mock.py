"""The bundled Prism mock of the transcription endpoint, for offline work and tests.

    with MockServer() as mock:
        client = Client(api_key="test", base_url=mock.base_url)

Prism serves the normalised spec (``tools/normalise_spec.py``), so it validates
every request body and answers with the spec's examples. Pick a response with
the ``Prefer`` header: ``code=429`` for a documented status, ``example=tokens``
(or ``duration``, ``no-usage``, ``openai-style``, ``default``) for a usage
variant. The mock lives in the project's source checkout (``mock/``); it is
installed with ``npm ci`` on first use.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

__all__ = ["EXAMPLES", "MockError", "MockServer", "free_port"]

#: Named 200 examples (``Prefer: example=NAME``), from ``mock/overlay.yaml``.
EXAMPLES = ("default", "duration", "tokens", "no-usage", "openai-style")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MOCK_DIR = PROJECT_ROOT / "mock"
PRISM = MOCK_DIR / "node_modules" / ".bin" / "prism"
SPEC = PROJECT_ROOT / "openapi.yaml"
OVERLAY = MOCK_DIR / "overlay.yaml"
NORMALISED_SPEC = PROJECT_ROOT / "build" / "openapi.json"


class MockError(RuntimeError):
    """The mock could not be installed or started; the message says why and what to do."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def install_prism() -> Path:
    """Install the pinned Prism from ``mock/package-lock.json`` unless it is there already."""
    if not (MOCK_DIR / "package-lock.json").is_file():
        raise MockError(
            f"the mock needs the openrouter-stt source checkout ({MOCK_DIR} not found); "
            "clone the project and run `make setup`"
        )
    if not PRISM.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise MockError("the mock needs Node.js and npm on PATH to install Prism")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=MOCK_DIR,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise MockError(f"`npm ci` in {MOCK_DIR} failed:\n{done.stderr.strip()}")
    return PRISM


def build_normalised_spec(output: Path = NORMALISED_SPEC) -> Path:
    """Write the normalised spec (upstream + overlay) that Prism and the tests read."""
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "normalise_spec.py"),
            str(SPEC),
            str(OVERLAY),
            "-o",
            str(output),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise MockError(f"could not build the normalised spec:\n{done.stderr.strip()}")
    return output


class MockServer:
    """A Prism process on 127.0.0.1, started on enter and stopped on exit.

    With ``upstream`` (e.g. the real API's base URL) Prism runs as a validating
    proxy instead: requests and responses that break the spec become errors
    (422 for a request, 500 for a response) rather than passing silently.
    """

    def __init__(
        self,
        port: int | None = None,
        spec: Path | None = None,
        startup_timeout: float = 60.0,
        log: Path | None = None,
        upstream: str | None = None,
    ) -> None:
        self.port = port or free_port()
        self.spec = spec
        self.upstream = upstream
        self.startup_timeout = startup_timeout
        self.log = log
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> MockServer:
        prism = install_prism()
        spec = self.spec or build_normalised_spec()
        output = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        mode = (
            ["proxy", str(spec), self.upstream, "--errors"]
            if self.upstream
            else ["mock", str(spec)]
        )
        self._process = subprocess.Popen(
            [str(prism), *mode, "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Own process group: Prism's node children go down with it.
            start_new_session=True,
        )
        try:
            self._wait_until_listening()
        except BaseException:  # Ctrl-C during start-up too: never leave Prism behind
            self.stop()
            raise
        return self

    def _wait_until_listening(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise MockError(
                    f"Prism exited with code {self._process.returncode} before listening "
                    f"on port {self.port}" + (f"; see {self.log}" if self.log else "")
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise MockError(f"Prism did not listen on port {self.port} within {self.startup_timeout}s")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, 15)
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        except ProcessLookupError:
            pass

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
