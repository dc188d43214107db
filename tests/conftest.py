"""Fixtures shared by every test: the normalised spec, a real Prism process, and a
scripted local HTTP server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from local_server import Reply, ScriptedServer

from openrouter_stt.mock import MockServer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from normalise_spec import build_spec, dump_spec  # noqa: E402

OPERATION = ("/audio/transcriptions", "post")


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """The normalised spec as a dict, built fresh from openapi.yaml + overlay."""
    return build_spec(ROOT / "openapi.yaml", ROOT / "mock" / "overlay.yaml")


@pytest.fixture(scope="session")
def spec_path(tmp_path_factory: pytest.TempPathFactory, spec: dict[str, Any]) -> Path:
    path = tmp_path_factory.mktemp("spec") / "openapi.json"
    path.write_text(dump_spec(spec), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def mock(spec_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    """One Prism process for the whole session, on a free port, serving the normalised spec."""
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    with MockServer(spec=spec_path, log=log) as server:
        yield server


@pytest.fixture(scope="session")
def base_url(mock: MockServer) -> str:
    return mock.base_url


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def _session_server() -> Iterator[ScriptedServer]:
    # One server for all tests: stopping one takes ~0.5 s (serve_forever's poll interval).
    with ScriptedServer() as scripted:
        yield scripted


@pytest.fixture
def server(_session_server: ScriptedServer) -> ScriptedServer:
    """A real HTTP server on 127.0.0.1 with no requests recorded yet, answering 200 with
    a small transcript; set ``server.script`` to script other replies."""
    _session_server.requests.clear()
    _session_server.script = [Reply()]
    return _session_server
