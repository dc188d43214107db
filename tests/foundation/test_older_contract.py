"""Older upstream contracts still work, with no edit to code or tests.

A copy of this checkout vendors each version in ``contracts/`` through
``tools/update_spec.py`` and regenerates, as ``make update-spec`` does; then mypy and
the wrapper's tests run there, against that copy's generated client and a Prism
serving that copy's spec. What a version lacks is refused by the wrapper and skipped
by the tests, each naming what is missing.

Each file is upstream's ``openapi/openapi.yaml`` (OpenRouterTeam/docs) at the commit
named below, already filtered to this project's operations (filtering is idempotent,
so update_spec takes it as it would the whole document):

- 2026-06-16, 1c9b4627: no multipart request, no timestamps. Every wrapper suite runs.
- 2026-07-09, 7e2184ae: timestamps without speakers in the schema. The timestamp and
  caption suites run: speakers a provider sends must still arrive.

And one newer than upstream's: ``contracts/drill/openapi-drill.yaml`` (built by
``make_drill.py`` there) adds what the ``openrouter`` SDK shows of the next contract (URL
input, a form without a required file that carries ``provider``, new answer fields,
statuses 403, 413 and 504). The suites its changes reach run against it.

And one of OpenAI's (``contracts/openai/``: openai/openai-openapi's ``openapi.yaml``, cut
the same way, MIT licence in ``contracts/openai/LICENSE``), vendored with ``--contract
openai``:

- 2026-07-27, b9fc3bcf: before ``languages`` and ``keywords``, and documenting only the
  200 (no 429, no ``ErrorResponse``): the overlay's errors and examples must still apply,
  and the OpenAI contract suites run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from ._spec import ROOT

CONTRACTS = Path(__file__).parent / "contracts"
PYTHON = ROOT / ".venv" / "bin" / "python"
LEFT_OUT = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "build", "dist", "__pycache__", ".*_cache", ".hypothesis"
)


class Contract(NamedTuple):
    date: str
    #: The suites that run against it; the spec tooling's own tests stay with the
    #: vendored spec, and the wheel is built once, in tests/packaging.
    suites: tuple[str, ...]
    #: Skip reasons the run must show: what this version lacks was noticed.
    skipped: tuple[str, ...]
    #: The contract of tools/contracts.py the version belongs to.
    api: str = "openrouter"

    def __str__(self) -> str:
        return self.date if self.api == "openrouter" else f"{self.api}-{self.date}"

    @property
    def source(self) -> Path:
        if self.date == "drill":
            return CONTRACTS / "drill" / "openapi-drill.yaml"
        if self.api == "openrouter":
            return CONTRACTS / f"openapi-{self.date}.yaml"
        return CONTRACTS / self.api / f"{self.api}-openapi-{self.date}.yaml"

    @property
    def spec(self) -> str:
        """The vendored spec's path in a checkout."""
        return "openapi.yaml" if self.api == "openrouter" else f"vendored/{self.api}/openapi.yaml"


VERSIONS = [
    Contract(
        "2026-06-16",
        ("tests/wrapper", "tests/errors", "tests/cli", "tests/long", "tests/contract"),
        (
            "the vendored spec documents no multipart/form-data request",
            "the vendored spec's json request has no response_format",
        ),
    ),
    Contract(
        "2026-07-09",
        (
            "tests/wrapper/test_timestamps_and_uploads.py",
            "tests/wrapper/test_captions.py",
            "tests/cli/test_captions_and_uploads.py",
        ),
        ("the vendored spec documents timestamps: nothing to refuse",),
    ),
    Contract(
        "drill",
        (
            "tests/wrapper/test_request_body.py",
            "tests/wrapper/test_contract.py",
            "tests/wrapper/test_timestamps_and_uploads.py",
            "tests/foundation/test_hostile_requests.py",
            "tests/foundation/test_generated_client.py",
            "tests/errors/test_status_table.py",
        ),
        ("the vendored spec's form carries provider: nothing to refuse",),
    ),
    Contract(
        "2026-07-27",
        ("tests/foundation/test_openai_contract.py", "tests/contract/test_schemathesis_openai.py"),
        (),
        api="openai",
    ),
]


def run(*args: str | Path, cwd: Path, timeout: float = 120, **kwargs: Any) -> Any:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


@pytest.fixture(scope="module", params=VERSIONS, ids=str)
def contract(request: pytest.FixtureRequest) -> Contract:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def checkout(contract: Contract, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this checkout with the older contract vendored and regenerated."""
    copy = tmp_path_factory.mktemp(f"contract-{contract}") / "checkout"
    shutil.copytree(ROOT, copy, ignore=LEFT_OUT)
    (copy / "mock" / "node_modules").symlink_to(ROOT / "mock" / "node_modules")
    for step in (
        ("tools/update_spec.py", contract.source, "--contract", contract.api),
        ("tools/normalise_spec.py",),  # every contract's, as `make spec` does
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


def _spec(checkout: Path, contract: Contract) -> dict[str, Any]:
    return yaml.safe_load((checkout / contract.spec).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.slow
def test_the_copy_imports_its_own_wrapper_and_client(checkout: Path, env: dict[str, str]) -> None:
    code = (
        "import openrouter_stt as a, openrouter_stt_api as b, openai_stt_api as c; "
        "print(a.__file__, b.__file__, c.__file__)"
    )
    done = run(PYTHON, "-c", code, cwd=checkout, env=env)
    assert done.returncode == 0, done.stderr
    assert all(Path(file).is_relative_to(checkout) for file in done.stdout.split())


@pytest.mark.slow
def test_the_version_lacks_what_it_is_kept_for(contract: Contract, checkout: Path) -> None:
    # Canary: each run proves something only if its version really differs.
    spec = _spec(checkout, contract)
    schemas = spec["components"]["schemas"]
    if contract.api == "openai":
        request = schemas["CreateTranscriptionRequest"]["properties"]
        assert "languages" not in request and "keywords" not in request
        assert list(spec["paths"]["/audio/transcriptions"]["post"]["responses"]) == ["200"]
        assert "ErrorResponse" not in schemas
    elif contract.date == "2026-06-16":
        assert "response_format" not in schemas["STTRequest"]["properties"]
    elif contract.date == "drill":
        assert "diarize" in schemas["STTRequest"]["properties"]
        assert "anyOf" in schemas["STTInputAudio"]
    else:
        assert "verbose_json" in str(schemas["STTRequest"]["properties"]["response_format"])
        assert "speaker" not in schemas["STTWord"]["properties"]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_mypy_passes_against_the_older_generated_client(checkout: Path) -> None:
    done = run(PYTHON, "-m", "mypy", cwd=checkout, timeout=280)
    assert done.returncode == 0, done.stdout


@pytest.mark.slow
@pytest.mark.timeout(1200)  # the 2026-06-16 run takes ~4 min alone, more beside other suites
def test_the_wrapper_tests_pass_against_the_older_contract(
    contract: Contract, checkout: Path, env: dict[str, str]
) -> None:
    args = ("-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *contract.suites)
    done = run(PYTHON, *args, cwd=checkout, env=env, timeout=1180)
    assert done.returncode == 0, done.stdout[-6000:]
    for reason in contract.skipped:
        assert reason in done.stdout
    if contract.date == "2026-06-16":
        assert "nothing to refuse" not in done.stdout  # the refusal test ran
