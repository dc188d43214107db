"""The README's first sections, as a pip user reads them: how to install, and which
exception catches everything the package raises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import openrouter_stt
from openrouter_stt.mock import MockError, MockServer

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    found = re.search(rf"^## {title}\n(.*?)(?=^## )", README, re.S | re.M)
    assert found, f"the README has no '## {title}' section"
    return found[1]


def test_installing_comes_before_the_checkout_commands() -> None:
    install = section("Install")
    assert "pip install openrouter-stt" in install
    assert "pip install 'openrouter-stt[long]'" in install
    assert "Node.js" in install and "npm" in install  # the mock's Prism runs on it
    assert README.index("## Install") < README.index("make demo")


def test_the_catch_all_the_readme_names_catches_every_exception_of_the_package() -> None:
    named = re.search(r"Every exception the package raises is an `(\w+)`", README)
    assert named, "the README names no catch-all exception"
    catch_all = getattr(openrouter_stt, named[1])
    exported = [getattr(openrouter_stt, name) for name in openrouter_stt.__all__]
    errors = [value for value in exported if isinstance(value, type)]
    errors = [error for error in errors if issubclass(error, BaseException)] + [MockError]

    assert len(errors) > 20
    assert [error for error in errors if not issubclass(error, catch_all)] == []


def test_a_mock_asked_for_nothing_raises_the_catch_all() -> None:
    with pytest.raises(openrouter_stt.OpenRouterSTTError, match="ask for a status"):
        MockServer().headers()
