"""The ``openrouter_stt_mock`` fixture for your own test suite (a ``pytest11`` plugin).

Installing openrouter-stt registers it; nothing to import:

    def test_rate_limit_is_raised(openrouter_stt_mock):
        client = Client(api_key="test", base_url=openrouter_stt_mock.base_url, max_retries=0)
        with pytest.raises(RateLimitError):
            client.transcribe("a.wav", extra_headers=openrouter_stt_mock.headers(code=429))

``openrouter_stt_openai_mock`` is the same for OpenAI's audio contract (transcriptions and
translations, as OpenAI-compatible servers speak it): ``MockServer(api="openai")``.

One Prism mock serves the whole pytest session (a ``MockServer``): ``base_url``,
``headers(code=N)`` / ``headers(example=NAME)`` for the ``Prefer`` header, and
``statuses`` / ``examples`` as documented by the spec it serves.

A module of its own, outside the ``openrouter_stt`` package, as hypothesis does with
``_hypothesis_pytestplugin``: pytest loads it in every test run of every project that has
the package installed, and importing the package (httpx and all) would cost each of them
a fifth of a second. Nothing is imported until a test asks for the fixture. With
``PYTEST_DISABLE_PLUGIN_AUTOLOAD`` set, load it with ``-p _openrouter_stt_pytestplugin``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from openrouter_stt.mock import MockServer


def _serve(request: pytest.FixtureRequest, api: str) -> Iterator[MockServer]:
    from openrouter_stt.mock import MockServer

    reporter = request.config.pluginmanager.get_plugin("terminalreporter")

    def notify(message: str) -> None:  # the first install takes a while: say so, uncaptured
        if reporter is not None:
            reporter.write_line(f"openrouter-stt: {message}")

    with MockServer(notify=notify, api=api) as server:
        yield server


@pytest.fixture(scope="session")
def openrouter_stt_mock(request: pytest.FixtureRequest) -> Iterator[MockServer]:
    """A Prism mock of OpenRouter's transcription endpoint, one per test session."""
    yield from _serve(request, "openrouter")


@pytest.fixture(scope="session")
def openrouter_stt_openai_mock(request: pytest.FixtureRequest) -> Iterator[MockServer]:
    """A Prism mock of OpenAI's transcriptions and translations, one per test session."""
    yield from _serve(request, "openai")
