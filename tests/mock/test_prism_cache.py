"""Prism's per-user cache: real ``npm ci`` runs into a temporary cache folder.

These install the checkout's ``mock/`` install set the way an installed wheel installs
its copy: killed half-way, started twice at once, and without Node.js on PATH.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from openrouter_stt import _prism_install
from openrouter_stt._prism_install import (
    MARKER,
    MockError,
    install_into_cache,
    install_set_digest,
    prism_version,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "mock"
INSTALL = """
import sys
from pathlib import Path
from openrouter_stt._prism_install import install_into_cache
notify = lambda line: print(line, file=sys.stderr, flush=True)
print(install_into_cache(Path(sys.argv[1]), Path(sys.argv[2]), notify))
"""

# Minutes on a busy machine: pip, npm ci and Prism start-ups, beyond the default timeout.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def npm_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """npm with its own download cache, shared by this module's installs only."""
    cache = tmp_path_factory.mktemp("npm-cache")
    return {**os.environ, "npm_config_cache": str(cache)}


def install(root: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", INSTALL, str(SOURCE), str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # killpg takes npm down with it
    )


def assert_prism_runs(prism: Path) -> None:
    done = subprocess.run([prism, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == prism_version(SOURCE)


def test_two_processes_installing_at_once_share_one_install(tmp_path: Path, npm_env):
    first, second = install(tmp_path, npm_env), install(tmp_path, npm_env)
    outputs = [process.communicate(timeout=600) for process in (first, second)]

    assert [process.returncode for process in (first, second)] == [0, 0], outputs
    (path,) = {stdout.strip() for stdout, _ in outputs}
    lines = "".join(err for _, err in outputs).splitlines()
    assert sum(line.startswith("installing Prism") for line in lines) == 1, lines
    assert sum(line.startswith("waiting for another process") for line in lines) == 1, lines
    target = tmp_path / f"prism-{install_set_digest(SOURCE)}"
    assert Path(path) == target / "node_modules" / ".bin" / "prism"
    assert (target / MARKER).read_text().strip() == install_set_digest(SOURCE)
    assert_prism_runs(Path(path))


def test_an_install_killed_half_way_is_redone_not_used(tmp_path: Path, npm_env, monkeypatch):
    target = tmp_path / f"prism-{install_set_digest(SOURCE)}"
    process = install(tmp_path, npm_env)
    deadline = time.monotonic() + 300
    while not (target / "node_modules" / "@stoplight").exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "npm ci never started writing node_modules"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    assert not (target / MARKER).exists()

    said: list[str] = []
    prism = install_into_cache(SOURCE, tmp_path, said.append)

    assert said == [
        f"installing Prism {prism_version(SOURCE)} for the mock into {target} (npm ci, once)"
    ]
    assert (target / MARKER).is_file()
    assert_prism_runs(prism)
    # Installed now: the next call neither installs nor says anything.
    assert install_into_cache(SOURCE, tmp_path, said.append) == prism
    assert len(said) == 1


def test_no_node_on_path_names_what_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no node, no npm
    with pytest.raises(MockError, match=r"node and npm are not on PATH: install Node\.js"):
        install_into_cache(SOURCE, tmp_path / "cache", print)
    with pytest.raises(MockError, match="--install"):
        _prism_install.install_prism(print)
    assert not (tmp_path / "cache").exists()
