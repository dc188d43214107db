"""Fixtures shared by every test: the normalised spec and a real Prism process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
