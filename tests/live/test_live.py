"""Live contract tests: the real API, through a validating `prism proxy`.

Every request the wrapper sends and every response the API returns passes through
Prism, which checks both against the normalised spec (`--errors`: a violation
becomes a 422 or 500 instead of passing silently). Opt-in: they run only with
OPENROUTER_API_KEY set (`make test-live`), since they spend real credits.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from audio_samples import make_audio

from openrouter_stt import DEFAULT_BASE_URL, BadRequestError, Client, NotFoundError, Usage
from openrouter_stt.mock import MockServer

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not os.environ.get("OPENROUTER_API_KEY"),
        reason="live tests need OPENROUTER_API_KEY (they call the real API; run `make test-live`)",
    ),
]

LIVE_MODEL = os.environ.get("OPENROUTER_STT_LIVE_MODEL", "openai/whisper-large-v3")


@pytest.fixture(scope="module")
def proxy(spec_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    upstream = os.environ.get("OPENROUTER_BASE_URL", DEFAULT_BASE_URL)
    log = tmp_path_factory.mktemp("prism-proxy") / "prism.log"
    with MockServer(spec=spec_path, upstream=upstream, log=log) as server:
        yield server


@pytest.fixture
def client(proxy: MockServer) -> Iterator[Client]:
    # The key travels over loopback to Prism only; Prism forwards it over https.
    with Client(base_url=proxy.base_url, max_retries=1) as client:
        yield client


def test_transcribes_a_generated_clip_within_the_contract(client: Client) -> None:
    transcription = client.transcribe(make_audio("wav", seconds=1.0), model=LIVE_MODEL)
    assert isinstance(transcription.text, str)
    assert transcription.usage is None or isinstance(transcription.usage, Usage)
    if transcription.usage is not None:
        assert transcription.usage.cost is not None


@pytest.mark.parametrize("fmt", ["mp3", "flac"])
def test_compressed_formats_are_accepted(client: Client, fmt: str) -> None:
    assert isinstance(client.transcribe(make_audio(fmt, seconds=1.0), model=LIVE_MODEL).text, str)


def test_an_unknown_model_is_a_documented_error(client: Client) -> None:
    with pytest.raises((BadRequestError, NotFoundError)) as raised:
        client.transcribe(make_audio("wav"), model="openrouter-stt/no-such-model")
    assert raised.value.message
