"""The live path, proven offline: `prism proxy` in front of a local upstream.

`make test-live` puts the same proxy in front of the real API; here a scripted
local server plays upstream, so the proxy's validation is shown to work without
a key: a response that breaks the spec must not reach the wrapper as a success.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from audio_samples import make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import APIStatusError, Client
from openrouter_stt.mock import MockServer


@pytest.fixture
def upstream_and_proxy(
    spec_path: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[ScriptedServer, MockServer]]:
    with (
        ScriptedServer(*request.param) as upstream,
        MockServer(spec=spec_path, upstream=upstream.url, log=tmp_path / "prism.log") as proxy,
    ):
        yield upstream, proxy


VALID = Reply(200, json.dumps({"text": "hi", "usage": {"cost": 0.1, "seconds": 1.0}}).encode())
# `text` is required and `cost` a number: this breaks the 200 schema twice.
INVALID = Reply(200, json.dumps({"usage": {"cost": "free"}}).encode())


@pytest.mark.parametrize("upstream_and_proxy", [[VALID]], indirect=True)
def test_a_valid_exchange_passes_through_the_proxy(upstream_and_proxy) -> None:
    upstream, proxy = upstream_and_proxy
    with Client(api_key="test-key", base_url=proxy.base_url, max_retries=0) as client:
        assert client.transcribe(make_audio("wav")).text == "hi"
    # The proxy forwarded the wrapper's request, key included, to the upstream.
    assert len(upstream.requests) == 1
    assert upstream.requests[0].headers["Authorization"] == "Bearer test-key"


@pytest.mark.parametrize("upstream_and_proxy", [[INVALID]], indirect=True)
def test_a_response_that_breaks_the_spec_becomes_an_error(upstream_and_proxy) -> None:
    _, proxy = upstream_and_proxy
    client = Client(api_key="test-key", base_url=proxy.base_url, max_retries=0)
    with client, pytest.raises(APIStatusError) as raised:
        client.transcribe(make_audio("wav"))
    assert raised.value.status_code == 500
    assert "text" in raised.value.body
