"""Generate each contract's package under ``generated/`` from its normalised spec, or
check they are current.

    python tools/codegen.py generate [--contract NAME]  # rewrite (what `make generate` runs)
    python tools/codegen.py check [--contract NAME]     # regenerate elsewhere, name stale files

Every contract of tools/contracts.py by default (``generated/openrouter_stt_api`` from
``build/openapi.json``, ``generated/openai_stt_api`` from ``build/openai/openapi.json``).
One command line for both, so `check` compares against exactly what `generate` writes.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from contracts import CONTRACTS, OPENROUTER, Contract, contract

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = OPENROUTER.package


def run_generator(spec: Path, output: Path, root: Path, of: Contract = OPENROUTER) -> None:
    """Run the pinned openapi-python-client with our config and template fix."""
    bin_dir = Path(sys.executable).parent
    # Its post-hooks call `ruff`: use the venv's pinned one, and refuse to run without it,
    # since the generator skips a missing hook silently and the output would differ.
    if shutil.which("ruff", path=str(bin_dir)) is None:
        sys.exit(f"codegen: ruff not found in {bin_dir}; run `make setup`")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path", str(spec),
        "--config", str(root / of.codegen_config),
        "--custom-template-path", str(root / "codegen" / "templates"),
        "--meta", "none",
        "--output-path", str(output),
        "--overwrite",
        "--fail-on-warning",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"codegen: openapi-python-client failed:\n{done.stdout}{done.stderr}")
    # The generator writes the PEP 561 marker only with its packaging metadata (--meta
    # poetry/pdm/setup), which we do not use: the package is typed, so say so to checkers.
    (output / "py.typed").write_text("# Marker file for PEP 561\n", encoding="utf-8")


def differing_files(left: Path, right: Path) -> list[str]:
    """Relative paths that differ, or exist on one side only (caches ignored)."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(prefix + name for name in cmp.diff_files + cmp.funny_files)
        out.extend(prefix + name for name in cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=["__pycache__"]), "")
    return sorted(out)


def stale_files(spec: Path, root: Path, of: Contract) -> list[str]:
    """The files of ``of``'s package that differ from a fresh generation, as paths."""
    target = root / of.generated_package
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / of.package
        run_generator(spec, fresh, root, of)
        stale = differing_files(target, fresh) if target.is_dir() else [""]
    return [f"{of.generated_package}/{name}".rstrip("/") for name in stale]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["generate", "check"])
    parser.add_argument("--contract", help="one contract of tools/contracts.py (default: all)")
    parser.add_argument("--spec", type=Path, help="the normalised spec (default: the contract's)")
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (for tests)")
    args = parser.parse_args(argv)
    chosen = [contract(args.contract)] if args.contract else [OPENROUTER] if args.spec else []
    chosen = chosen or [of for of in CONTRACTS.values() if of.vendored]
    stale: list[str] = []
    for of in chosen:
        spec = args.spec or args.root / of.normalised
        if args.action == "generate":
            run_generator(spec, args.root / of.generated_package, args.root, of)
        else:
            stale += stale_files(spec, args.root, of)
    if args.action == "generate":
        return 0
    if stale:
        print(
            "generated/ is stale; run `make generate` and commit. Differing files:", file=sys.stderr
        )
        for name in stale:
            print(f"  {name}", file=sys.stderr)
        return 1
    print("generated/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
