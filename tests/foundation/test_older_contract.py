"""An older upstream contract still works, with no edit to code or tests.

A copy of this checkout vendors ``contracts/openapi-2026-06-16.yaml`` through
``tools/update_spec.py`` and regenerates, as ``make update-spec`` does; then mypy and
the wrapper's tests run there, against that copy's generated client and a Prism
serving that copy's spec. What the version lacks (the multipart request, timestamps)
is refused by the wrapper and skipped by the tests, each naming what is missing.

The contract is upstream's ``openapi/openapi.yaml`` at OpenRouterTeam/docs commit
1c9b4627 (2026-06-16), already filtered to this project's operations (filtering is
idempotent, so update_spec takes it as it would the whole document).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from ._spec import ROOT

CONTRACT = Path(__file__).parent / "contracts" / "openapi-2026-06-16.yaml"
PYTHON = ROOT / ".venv" / "bin" / "python"
# The suites that exercise the wrapper; the spec tooling's own tests stay with the
# vendored spec, and the wheel is built once, in tests/packaging.
SUITES = ("tests/wrapper", "tests/errors", "tests/cli", "tests/long", "tests/contract")
LEFT_OUT = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "build", "dist", "__pycache__", ".*_cache", ".hypothesis"
)


def run(*args: str | Path, cwd: Path, timeout: float = 120, **kwargs: Any) -> Any:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this checkout with the older contract vendored and regenerated."""
    copy = tmp_path_factory.mktemp("older-contract") / "checkout"
    shutil.copytree(ROOT, copy, ignore=LEFT_OUT)
    (copy / "mock" / "node_modules").symlink_to(ROOT / "mock" / "node_modules")
    for step in (
        ("tools/update_spec.py", CONTRACT),
        (
            "tools/normalise_spec.py",
            "openapi.yaml",
            "mock/overlay.yaml",
            "-o",
            "build/openapi.json",
        ),
        ("tools/codegen.py", "generate"),
    ):
        done = run(PYTHON, *step, cwd=copy)
        assert done.returncode == 0, f"{step[0]} failed:\n{done.stdout}\n{done.stderr}"
    return copy


@pytest.fixture(scope="module")
def env(checkout: Path) -> dict[str, str]:
    """Imports resolve to the copy's wrapper and generated client, not this checkout's."""
    paths = os.pathsep.join(str(checkout / part) for part in ("wrapper", "generated"))
    return {**os.environ, "PYTHONPATH": paths}


@pytest.mark.slow
def test_the_older_contract_lacks_what_the_skips_name(checkout: Path, env: dict[str, str]) -> None:
    # Canary: the run below proves something only if this version really differs.
    spec = yaml.safe_load((checkout / "openapi.yaml").read_text(encoding="utf-8"))
    content = spec["paths"]["/audio/transcriptions"]["post"]["requestBody"]["content"]
    assert list(content) == ["application/json"]
    assert "response_format" not in spec["components"]["schemas"]["STTRequest"]["properties"]
    code = "import openrouter_stt as a, openrouter_stt_api as b; print(a.__file__, b.__file__)"
    done = run(PYTHON, "-c", code, cwd=checkout, env=env)
    assert done.returncode == 0, done.stderr
    assert all(Path(file).is_relative_to(checkout) for file in done.stdout.split())


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_mypy_passes_against_the_older_generated_client(checkout: Path) -> None:
    done = run(PYTHON, "-m", "mypy", cwd=checkout, timeout=280)
    assert done.returncode == 0, done.stdout


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_wrapper_tests_pass_against_the_older_contract(
    checkout: Path, env: dict[str, str]
) -> None:
    done = run(
        PYTHON,
        "-m",
        "pytest",
        "-q",
        "-rs",
        "-p",
        "no:cacheprovider",
        *SUITES,
        cwd=checkout,
        env=env,
        timeout=580,
    )
    assert done.returncode == 0, done.stdout[-6000:]
    # What the version lacks was skipped by name, and its refusal was tested.
    assert "the vendored spec documents no multipart/form-data request" in done.stdout
    assert "the vendored spec's json request has no response_format" in done.stdout
    assert "nothing to refuse" not in done.stdout  # the refusal test ran
