"""Wrapper-suite fixtures: one scripted local server for the session, reset per test.

The shared fixtures (``spec``, ``mock``, ``base_url``) live in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from local_server import Reply, ScriptedServer


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
