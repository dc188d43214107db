"""The package as pip users get it: the sdist and the wheel built from it, installed into a
fresh virtualenv outside the checkout, run from an empty folder with an empty home, so
the mock's Prism has to come from the wheel's lockfile through the per-user cache."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest
from audio_samples import make_audio

from openrouter_stt._prism_install import install_files

ROOT = Path(__file__).resolve().parents[2]
PATH = "/audio/transcriptions"

# Minutes on a busy machine: pip, npm ci and Prism start-ups, beyond the default timeout.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


class Installed:
    """A virtualenv holding the built wheel, and a clean environment to run it in."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.bin = base / "venv" / "bin"
        self.npm_cache = base / "npm-cache"  # shared by the runs here; the real one is not used

    def env(self, home: Path) -> dict[str, str]:
        """Only the venv, Node.js and the system on PATH; home and cache are empty folders."""
        tools = {
            str(Path(found).parent) for name in ("node", "npm") if (found := shutil.which(name))
        }
        return {
            "PATH": os.pathsep.join([str(self.bin), *sorted(tools), "/usr/bin", "/bin"]),
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "npm_config_cache": str(self.npm_cache),
            "LANG": "C.UTF-8",
        }

    def run(self, *args: str | Path, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
        command = [str(arg) for arg in args]
        env = self.env(home)
        return subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600
        )


def fresh(parent: Path, name: str) -> Path:
    path = parent / name
    path.mkdir()
    return path


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    assert ROOT not in base.parents
    dist = base / "dist"
    # The sdist first, then the wheel from it, as a release is built: the sdist must carry
    # everything the wheel's build hook reads.
    build = [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)]
    done = subprocess.run(build, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (wheel,) = dist.glob("*.whl")
    venv.create(base / "venv", with_pip=True)
    pip = [base / "venv" / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, "pytest"]
    done = subprocess.run(pip, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return Installed(base)


def test_the_wheel_carries_the_normalised_spec_and_the_npm_install_set(installed, spec):
    (assets,) = (installed.base / "venv").glob("lib/python*/site-packages/openrouter_stt/_mock")
    assert json.loads((assets / "openapi.json").read_text(encoding="utf-8")) == spec
    shipped = sorted(
        p.relative_to(assets / "prism") for p in assets.rglob("prism/**/*") if p.is_file()
    )
    assert shipped == install_files(ROOT / "mock")
    assert Path("package-lock.json") in shipped
    assert not any(path.parts[0] == "node_modules" for path in shipped)


def test_the_wheel_carries_the_openai_contract_and_its_client(installed, tmp_path):
    """The second contract ships like the first: its normalised spec for the mock, and its
    generated package."""
    sys.path.insert(0, str(ROOT / "tools"))
    from contracts import OPENAI
    from normalise_spec import build_spec

    (assets,) = (installed.base / "venv").glob("lib/python*/site-packages/openrouter_stt/_mock")
    shipped = json.loads((assets / "openai" / "openapi.json").read_text(encoding="utf-8"))
    assert shipped == build_spec(ROOT / OPENAI.spec, ROOT / OPENAI.overlay)
    home, work = fresh(tmp_path, "home"), fresh(tmp_path, "work")
    code = (
        "from openrouter_stt._prism_install import normalised_spec; "
        "import openai_stt_api.api.audio.create_translation as m; "
        "print(normalised_spec('openai'), m.__name__)"
    )
    done = installed.run(installed.bin / "python", "-c", code, cwd=work, home=home)
    assert done.returncode == 0, done.stderr
    where, module = done.stdout.split()
    assert Path(where) == assets / "openai" / "openapi.json"
    assert module == "openai_stt_api.api.audio.create_translation"


def default_text(spec: dict[str, Any]) -> str:
    content = spec["paths"][PATH]["post"]["responses"]["200"]["content"]["application/json"]
    return content["examples"]["default"]["value"]["text"]


def test_transcribe_with_mock_from_an_empty_folder(installed, tmp_path, spec):
    home, work = fresh(tmp_path, "home"), fresh(tmp_path, "work")
    (work / "speech.wav").write_bytes(make_audio("wav"))

    where = installed.run(
        installed.bin / "python", "-c", "import openrouter_stt; print(openrouter_stt.__file__)",
        cwd=work, home=home,
    )  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(installed.base / "venv"), where.stderr
    done = installed.run(
        "openrouter-stt", "transcribe", "speech.wav", "--mock", cwd=work, home=home
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout == default_text(spec) + "\n"
    cache = home / ".cache" / "openrouter-stt"
    assert "installing Prism " in done.stderr and str(cache) in done.stderr
    (prism,) = cache.glob("prism-*/node_modules/.bin/prism")
    assert (prism.parents[1] / ".installed").is_file()
    assert sorted(p.name for p in work.iterdir()) == ["speech.wav"]  # nothing left behind


def test_mock_install_reports_where_once_installed(installed, tmp_path):
    home, work = fresh(tmp_path, "home"), fresh(tmp_path, "work")
    first = installed.run("openrouter-stt", "mock", "--install", cwd=work, home=home)
    again = installed.run("openrouter-stt", "mock", "--install", cwd=work, home=home)

    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    (prism,) = (home / ".cache" / "openrouter-stt").glob("prism-*/node_modules/.bin/prism")
    report = f"Prism for the mock is installed at {prism}\n"
    assert first.stdout == again.stdout == report
    assert "installing Prism" in first.stderr
    assert again.stderr == ""


def readme_fixture_test() -> str:
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    (block,) = [
        block for block in blocks if "def test_" in block and "openrouter_stt_mock" in block
    ]
    return block


def test_a_users_test_gets_the_mock_fixture_from_the_installed_wheel(installed, tmp_path):
    home, work = fresh(tmp_path, "home"), fresh(tmp_path, "work")
    (work / "speech.wav").write_bytes(make_audio("wav"))
    (work / "test_readme.py").write_text(readme_fixture_test())
    (work / "test_undocumented.py").write_text(
        "def test_undocumented_status(openrouter_stt_mock):\n"
        "    openrouter_stt_mock.headers(code=299)\n"
    )

    done = installed.run(
        installed.bin / "python", "-m", "pytest", "-p", "no:cacheprovider", "-rA",
        cwd=work, home=home,
    )  # fmt: skip

    assert done.returncode == 1, done.stdout + done.stderr
    assert "PASSED test_readme.py::" in done.stdout
    assert "FAILED test_undocumented.py::test_undocumented_status" in done.stdout
    assert "ValueError: the spec documents no status 299" in done.stdout
    assert "openrouter-stt: installing Prism" in done.stdout  # said through pytest's terminal


def test_a_users_type_checker_reads_both_packages_as_typed(installed, tmp_path):
    # Wrong on purpose: a checker that reads the annotations names both mistakes; one that
    # finds no py.typed marker reports the imports as untyped instead.
    home, work = fresh(tmp_path, "home"), fresh(tmp_path, "work")
    (work / "app.py").write_text(
        "from openrouter_stt import Client\n"
        "from openrouter_stt_api.models import STTRequest\n"
        "\n"
        "text: int = Client(api_key='k').transcribe(b'').text\n"
        "model: bytes = STTRequest.from_dict({}).model\n"
    )
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary"]
    done = installed.run(
        *mypy, "--python-executable", installed.bin / "python", "app.py", cwd=work, home=home
    )

    assert done.returncode == 1, done.stdout + done.stderr
    assert sorted(done.stdout.splitlines()) == [
        'app.py:4: error: Incompatible types in assignment (expression has type "str", '
        'variable has type "int")  [assignment]',
        'app.py:5: error: Incompatible types in assignment (expression has type "str", '
        'variable has type "bytes")  [assignment]',
    ]
