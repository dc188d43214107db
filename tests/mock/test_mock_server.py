"""MockServer's life cycle against real Prism processes: ports, readiness, its log, restarts."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from local_server import Reply, ScriptedServer

from openrouter_stt.mock import MockError, MockServer
from openrouter_stt.mock import _serves_spec as serves_spec

OPERATION = ("/audio/transcriptions", "post")


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port something else listens on, with the next one free (as far as one can tell)."""
    for _ in range(50):
        holder = socket.socket()
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                holder.close()
                continue
        holder.listen()
        with holder:
            yield port
        return
    pytest.fail("no port with a free neighbour")


def open_files() -> set[str]:
    fds = Path("/proc/self/fd")
    names = set()
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            names.add(os.readlink(fd))
    return names


def test_system_picks_the_port_when_none_is_given(spec_path: Path) -> None:
    with MockServer(spec=spec_path) as server:
        assert server.port > 0
        response = httpx.post(server.base_url + OPERATION[0], json={}, timeout=10)
        assert response.status_code < 500


def test_busy_port_moves_to_the_next_free_one_and_says_so(spec_path: Path, busy_port: int):
    said: list[str] = []
    with MockServer(port=busy_port, spec=spec_path, notify=said.append) as server:
        assert server.port == busy_port + 1
        assert serves_spec(server.base_url, server.document)
    assert said == [f"port {busy_port} is busy; the mock uses {busy_port + 1} instead"]


def test_another_listener_is_not_taken_for_the_mock(spec: dict[str, Any]) -> None:
    # Any HTTP server, even one that answers every request, is not Prism serving our spec.
    with ScriptedServer(Reply(405, b"NO_METHOD_MATCHED")) as other:
        assert not serves_spec(other.url, spec)


def test_a_prism_serving_another_spec_is_not_taken_for_ours(mock: MockServer) -> None:
    other = {"paths": {"/something/else": {"get": {"responses": {}}}}}
    assert serves_spec(mock.base_url, mock.document)
    assert not serves_spec(mock.base_url, other)


def test_log_gets_prisms_output_and_this_process_holds_it_open_never(
    spec_path: Path, tmp_path: Path
) -> None:
    log = tmp_path / "prism.log"
    with MockServer(spec=spec_path, log=log) as server:
        httpx.post(server.base_url + OPERATION[0], json={}, timeout=10)
        assert str(log) not in open_files()  # Prism writes it; our copy was closed at once
    assert str(log) not in open_files()
    text = log.read_text()
    assert f"Prism is listening on http://127.0.0.1:{server.port}" in text
    assert "Request received" in text


def written_responses(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(status, response) of every operation, as a YAML document is written."""
    for item in document.get("paths", {}).values():
        for operation in item.values():
            yield from operation.get("responses", {}).items()


def test_headers_ask_for_what_the_spec_documents(mock: MockServer) -> None:
    # Read from the two files as written (upstream's spec and our overlay), not from the
    # normalised spec the mock serves: the statuses either documents, and the examples
    # the overlay names, plus `default` where upstream gives a single `example`.
    root = Path(__file__).resolve().parents[2]
    documents = [
        yaml.safe_load((root / name).read_text(encoding="utf-8"))
        for name in ("openapi.yaml", "mock/overlay.yaml")
    ]
    responses = [pair for document in documents for pair in written_responses(document)]
    statuses = sorted({int(status) for status, _ in responses})
    examples: set[str] = set()
    for _, response in responses:
        for media in (response or {}).get("content", {}).values():
            examples |= set(media.get("examples") or {})
            examples |= {"default"} if "example" in media else set()
    assert mock.statuses == statuses
    assert {429, 524} <= set(statuses)  # what the retry tests rely on
    assert sorted(mock.examples) == sorted(examples)
    assert len(mock.examples) == len(set(mock.examples))
    assert {"default", "tokens", "transcription", "diarized"} <= examples
    last = sorted(examples)[-1]

    assert mock.headers(code=statuses[-1]) == {"Prefer": f"code={statuses[-1]}"}
    assert mock.headers(example=last) == {"Prefer": f"example={last}"}
    both = mock.headers(code=200, example="tokens")
    assert both == {"Prefer": "code=200, example=tokens"}
    with pytest.raises(ValueError, match=r"no status 299; it has \[200"):
        mock.headers(code=299)
    with pytest.raises(ValueError, match="no example 'nope'"):
        mock.headers(example="nope")
    with pytest.raises(ValueError, match="ask for a status"):
        mock.headers()


def wait_for_new_pid(server: MockServer, old: int | None, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = server.pid
        if pid != old and pid is not None:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", server.port)) == 0:
                    return pid
        time.sleep(0.1)
    pytest.fail("Prism was not restarted")


def test_a_prism_that_dies_is_restarted_once_on_the_same_port(
    spec_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="openrouter_stt.mock")
    server = MockServer(spec=spec_path).start()
    try:
        port, first = server.port, server.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)

        second = wait_for_new_pid(server, first)
        assert server.port == port
        response = httpx.post(f"http://127.0.0.1:{port}{OPERATION[0]}", json={}, timeout=10)
        assert response.status_code < 500  # answered (validation), by the new Prism
        assert f"Prism on port {port} died (killed by SIGKILL); restarting it once" in caplog.text

        os.kill(second, signal.SIGKILL)
        with pytest.raises(MockError, match=f"Prism on port {port} died again"):
            server.wait(timeout=30)
        with pytest.raises(MockError, match="died again"):
            server.base_url  # noqa: B018
        assert server.pid == second  # no third start
    finally:
        server.stop()


def test_stop_leaves_no_prism_behind(spec_path: Path) -> None:
    with MockServer(spec=spec_path) as server:
        pid = server.pid
        assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
