"""Foundation-suite settings (the shared fixtures live in tests/conftest.py)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: runs a subprocess for seconds (deselect: -m 'not slow')"
    )
