"""Where the mock's spec and its Prism come from, in a source checkout and in an installed wheel.

In a checkout the spec is derived from ``openapi.yaml`` + ``mock/overlay.yaml`` by
``tools/normalise_spec.py`` and Prism is ``mock/node_modules`` (``make setup``). A wheel
carries the normalised spec and the npm install set (``package.json``, its lockfile,
``patches/``) under ``openrouter_stt/_mock/``, written by ``hatch_build.py``; Prism is then
installed once per user with ``npm ci`` into the platform's cache directory.

The cache holds one folder per install set, named by its digest, so a new pinned Prism
gets a fresh folder. A marker is written after ``npm ci`` succeeds, so a folder without it
(``npm ci`` killed half-way) is wiped and installed again, never used; a lock file makes a
second process wait for the first one's install instead of racing it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs
from filelock import FileLock, Timeout

from ._errors import OpenRouterSTTError

__all__ = [
    "MOCK_CONTRACTS",
    "MockError",
    "checkout_root",
    "install_prism",
    "install_set",
    "install_set_digest",
    "installed_prism",
    "normalised_spec",
]

PACKAGE_DIR = Path(__file__).resolve().parent
#: Written by hatch_build.py into the wheel; absent in a source checkout.
WHEEL_ASSETS = PACKAGE_DIR / "_mock"
#: The marker ``npm ci`` leaves last: the Makefile's name, so a checkout and the cache agree.
MARKER = Path("node_modules") / ".installed"
PRISM = Path("node_modules") / ".bin" / "prism"
NPM_CI = ("ci", "--no-audit", "--no-fund", "--loglevel=error")
#: How long a second process waits for another one's install before giving up.
LOCK_TIMEOUT = 15 * 60

Notify = Callable[[str], None]


class MockError(OpenRouterSTTError, RuntimeError):
    """The mock could not be installed or started; the message says why and what to do.
    An ``OpenRouterSTTError`` like every other error of the package (and a ``RuntimeError``,
    as it was first)."""


def checkout_root() -> Path | None:
    """The source checkout this package is imported from (an editable install), if any."""
    root = PACKAGE_DIR.parents[1]
    if (root / "openapi.yaml").is_file() and (root / "mock" / "package-lock.json").is_file():
        return root
    return None


def install_set() -> Path:
    """The folder ``npm ci`` runs from: ``mock/`` in a checkout, the wheel's copy otherwise."""
    root = checkout_root()
    if root is not None:
        return root / "mock"
    if (WHEEL_ASSETS / "prism" / "package-lock.json").is_file():
        return WHEEL_ASSETS / "prism"
    raise MockError(
        f"this openrouter-stt install has no mock files ({WHEEL_ASSETS} is missing); "
        "reinstall it from a wheel: pip install --force-reinstall openrouter-stt"
    )


def install_files(source: Path) -> list[Path]:
    """The files of an install set that npm reads, relative to it (no node_modules, and not
    the overlay, which is merged into the spec, not installed)."""
    return sorted(
        path.relative_to(source)
        for path in source.rglob("*")
        if path.is_file()
        and path.relative_to(source).parts[0] != "node_modules"
        and path.name != "overlay.yaml"
    )


def install_set_digest(source: Path) -> str:
    """A digest of every file name and byte of the install set: the cache folder's name."""
    digest = hashlib.sha256()
    for relative in install_files(source):
        digest.update(relative.as_posix().encode() + b"\0")
        digest.update((source / relative).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def prism_version(source: Path) -> str:
    """The pinned Prism version, for messages."""
    lock = json.loads((source / "package-lock.json").read_text(encoding="utf-8"))
    package = lock.get("packages", {}).get("node_modules/@stoplight/prism-cli", {})
    return str(package.get("version", "(pinned)"))


def cache_root() -> Path:
    return Path(platformdirs.user_cache_dir("openrouter-stt", appauthor=False))


def installed_prism() -> Path | None:
    """An installed Prism for this package's install set, or None: the checkout's
    ``mock/node_modules`` (when ``make setup`` finished there), else the per-user cache."""
    source = install_set()
    if (source / MARKER).is_file() and (source / PRISM).exists():
        lock = source / "package-lock.json"
        if (source / MARKER).stat().st_mtime >= lock.stat().st_mtime:
            return source / PRISM
    target = cache_root() / f"prism-{install_set_digest(source)}"
    return target / PRISM if (target / MARKER).is_file() else None


def install_prism(notify: Notify) -> Path:
    """Prism, installed into the per-user cache first if no install is found."""
    require_node()  # Prism runs on it, however it was installed
    found = installed_prism()
    if found is not None:
        return found
    return install_into_cache(install_set(), cache_root(), notify)


def require_node() -> str:
    """The ``npm`` executable; a clear error when Node.js or npm is not installed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing = [name for name, path in (("node", node), ("npm", npm)) if not path]
        raise MockError(
            f"the mock runs Prism, a Node.js program, but {' and '.join(missing)} "
            f"{'are' if len(missing) > 1 else 'is'} not on PATH: "
            "install Node.js 20 or newer with npm (https://nodejs.org, or your package manager, "
            "e.g. apt install nodejs npm), then run `openrouter-stt mock --install`"
        )
    return npm


def install_into_cache(source: Path, root: Path, notify: Notify) -> Path:
    """Install the install set ``source`` with ``npm ci`` into ``root/prism-DIGEST``."""
    target = root / f"prism-{install_set_digest(source)}"
    if (target / MARKER).is_file():
        return target / PRISM
    npm = require_node()
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(target) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        notify(f"waiting for another process that is installing Prism into {target}")
        try:
            lock.acquire(timeout=LOCK_TIMEOUT)
        except Timeout:
            raise MockError(
                f"another process has held {lock.lock_file} for {LOCK_TIMEOUT} s; "
                "if no install is running, delete that file and try again"
            ) from None
    try:
        if (target / MARKER).is_file():  # the other process finished it while we waited
            return target / PRISM
        _npm_ci(npm, source, target, notify)
    finally:
        lock.release()
    return target / PRISM


def _npm_ci(npm: str, source: Path, target: Path, notify: Notify) -> None:
    if target.exists():  # no marker: a killed install left it half-done
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for relative in install_files(source):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / relative, target / relative)
    notify(f"installing Prism {prism_version(source)} for the mock into {target} (npm ci, once)")
    done = subprocess.run(
        [npm, *NPM_CI], cwd=target, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if done.returncode != 0 or not (target / PRISM).exists():
        shutil.rmtree(target, ignore_errors=True)
        output = (done.stderr or done.stdout).strip()[-2000:]
        raise MockError(
            f"`npm ci` for the mock's Prism failed (exit {done.returncode}); "
            f"check your network or npm registry settings and retry:\n{output}"
        )
    (target / MARKER).write_text(install_set_digest(source) + "\n", encoding="utf-8")


#: The contracts the mock serves, by ``api``: the vendored spec, its overlay and the
#: normalised spec built from them, relative to a checkout (tools/contracts.py names the
#: same files; a test keeps the two lists equal). A wheel carries each normalised spec
#: under ``_mock/`` by the same name less ``build/``.
MOCK_CONTRACTS: dict[str, tuple[str, str, str]] = {
    "openrouter": ("openapi.yaml", "mock/overlay.yaml", "build/openapi.json"),
    "openai": (
        "vendored/openai/openapi.yaml",
        "mock/openai/overlay.yaml",
        "build/openai/openapi.json",
    ),
}


def normalised_spec(api: str = "openrouter") -> Path:
    """The spec the mock serves for ``api``: the wheel's copy, or in a checkout the
    normalised spec rebuilt from the vendored spec + overlay by ``tools/normalise_spec.py``."""
    try:
        vendored, overlay, normalised = MOCK_CONTRACTS[api]
    except KeyError:
        raise MockError(
            f"no mock for api {api!r}; choose one of {', '.join(MOCK_CONTRACTS)}"
        ) from None
    root = checkout_root()
    if root is None:
        spec = WHEEL_ASSETS / normalised.removeprefix("build/")
        if not spec.is_file():
            install_set()  # raises the "reinstall" error
        return spec
    output = root / normalised
    done = subprocess.run(
        [
            sys.executable,
            str(root / "tools" / "normalise_spec.py"),
            str(root / vendored),
            str(root / overlay),
            "-o",
            str(output),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise MockError(f"could not build the normalised spec:\n{done.stderr.strip()}")
    return output
