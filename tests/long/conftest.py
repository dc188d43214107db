"""Long-audio fixtures: the scripted local server (reset per test) and generated speech."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from local_server import Reply, ScriptedServer


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def _session_server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as scripted:
        yield scripted


@pytest.fixture
def server(_session_server: ScriptedServer) -> ScriptedServer:
    _session_server.requests.clear()
    _session_server.script = [Reply()]
    return _session_server
