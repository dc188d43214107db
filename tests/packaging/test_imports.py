"""What importing the library, and loading its pytest plugin, costs: the modules each pulls in,
counted in a fresh interpreter (time itself is measured by the benchmarks, not here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: The command line's packages and what they import; a library user never needs them.
COMMAND_LINE = {"typer", "rich", "pygments", "click", "markdown_it", "shellingham"}
#: The mock's packages: imported when a mock is started, not before.
MOCK = {"platformdirs", "filelock", "yaml"}


def imported_by(code: str, before: str = "") -> set[str]:
    """Top-level packages that ``code`` imports in a fresh interpreter, after ``before``."""
    program = f"""
import json, sys
{before}
already = set(sys.modules)
{code}
print(json.dumps(sorted(set(sys.modules) - already)))
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    return {name.split(".")[0] for name in json.loads(done.stdout)}


def test_importing_the_library_imports_no_command_line_and_no_mock() -> None:
    imported = imported_by("import openrouter_stt")

    assert "openrouter_stt" in imported and "httpx" in imported
    assert not imported & (COMMAND_LINE | MOCK), sorted(imported & (COMMAND_LINE | MOCK))


def test_httpx_command_line_still_imports_after_the_library() -> None:
    # The library keeps httpx from loading its command line; it must not break it for good.
    pytest.importorskip("click")
    imported = imported_by("import openrouter_stt, httpx._main")

    assert {"click", "rich"} <= imported


def test_the_pytest_plugin_loads_nothing_until_its_fixture_is_used() -> None:
    # Every test run of every project that installs the package loads the plugin.
    imported = imported_by("import _openrouter_stt_pytestplugin", before="import pytest")

    assert imported == {"_openrouter_stt_pytestplugin"}
