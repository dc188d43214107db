"""Wheel build hook: put what the mock serves into the wheel, under ``openrouter_stt/_mock/``.

- ``openapi.json``: the normalised spec (upstream ``openapi.yaml`` + ``mock/overlay.yaml``),
  built here by ``tools/normalise_spec.py``, the same code ``make spec`` runs; and one for
  each other contract of ``tools/contracts.py`` by the same name less ``build/``
  (``openai/openapi.json``). Building it
  now, not on the user's machine, ships exactly the document the tests ran against and
  keeps PyYAML a build-time dependency only.
- ``prism/``: the npm install set from ``mock/`` (``package.json``, ``package-lock.json``,
  ``patches/``, whatever else it holds) minus ``node_modules`` and the overlay, for
  ``npm ci`` into the user's cache on first use.

Editable installs skip this: a checkout reads ``mock/`` and ``build/openapi.json`` itself.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ASSETS = "openrouter_stt/_mock"


def load_tool(root: Path, name: str) -> Any:
    path = root / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def load_normaliser(root: Path) -> Any:
    return load_tool(root, "normalise_spec")


def install_files(mock: Path) -> list[Path]:
    return sorted(
        path.relative_to(mock)
        for path in mock.rglob("*")
        if path.is_file()
        and path.relative_to(mock).parts[0] != "node_modules"
        and path.name != "overlay.yaml"
    )


class MockAssetsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        normaliser = load_normaliser(root)
        include = build_data["force_include"]
        for contract in load_tool(root, "contracts").CONTRACTS.values():
            if not contract.vendored:
                continue
            spec = normaliser.build_spec(root / contract.spec, root / contract.overlay)
            name = contract.normalised.removeprefix("build/")
            built = root / "build" / "wheel-assets" / name
            built.parent.mkdir(parents=True, exist_ok=True)
            built.write_text(normaliser.dump_spec(spec), encoding="utf-8")
            include[str(built)] = f"{ASSETS}/{name}"
        mock = root / "mock"
        for relative in install_files(mock):
            include[str(mock / relative)] = f"{ASSETS}/prism/{relative.as_posix()}"
