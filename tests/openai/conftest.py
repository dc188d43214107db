"""The OpenAI contract's mock, one Prism process for these tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from openrouter_stt.mock import MockServer


@pytest.fixture(scope="session")
def openai_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    log = tmp_path_factory.mktemp("openai-prism") / "prism.log"
    with MockServer(api="openai", log=log) as server:
        yield server
