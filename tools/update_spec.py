"""Vendor upstream's OpenAPI document: filter it, write ``openapi.yaml`` and its lock.

    python tools/update_spec.py SRC [--ref REF]     # what `make update-spec` runs
    python tools/update_spec.py --check             # openapi.yaml against its lock

SRC is a path or an https URL of upstream's whole ``openapi.yaml`` (or of a
document already filtered: it is kept as it is). The lock beside the output
records where it came from, so a test can tell an honest update from a hand edit:

    {"source": ..., "source_sha256": ..., "output_sha256": ..., "ref": ..., "operations": [...]}
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from filter_spec import OPERATIONS, FilterError, filter_text

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "openapi.yaml"
LOCK = ROOT / "openapi.lock.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def operation_names() -> list[str]:
    return [f"{method.upper()} {path}" for method, path in OPERATIONS]


def read_source(source: str) -> bytes:
    """The document's bytes: fetched with httpx for a URL, read for a path."""
    if source.startswith(("http://", "https://")):
        import httpx

        try:
            response = httpx.get(source, follow_redirects=True, timeout=60.0)
            response.raise_for_status()
        except httpx.HTTPError as error:
            sys.exit(f"update-spec: cannot fetch {source}: {type(error).__name__}: {error}")
        return response.content
    try:
        return Path(source).read_bytes()
    except OSError as error:
        sys.exit(f"update-spec: cannot read {source}: {error.strerror}")


def recorded_name(source: str, root: Path) -> str:
    """A URL as given; a path relative to the project root, so the lock reads the same anywhere."""
    if source.startswith(("http://", "https://")):
        return source
    return Path(os.path.relpath(Path(source).resolve(), root)).as_posix()


def make_lock(source: str, raw: bytes, output: bytes, ref: str | None) -> dict[str, Any]:
    return {
        "source": source,
        "source_sha256": sha256(raw),
        "output_sha256": sha256(output),
        "ref": ref,
        "operations": operation_names(),
    }


def check(root: Path = ROOT) -> list[str]:
    """What is wrong with ``openapi.yaml`` against its lock; empty when it is what the lock says.

    The output hash catches a hand edit. When the recorded source is a path that is still
    there, it is filtered again and must give the same bytes (so a changed filter shows too).
    """
    try:
        lock = json.loads((root / LOCK.name).read_text(encoding="utf-8"))
        output = (root / SPEC.name).read_bytes()
    except (OSError, ValueError) as error:
        return [f"cannot read openapi.yaml and its lock: {error}; run `make update-spec`"]
    problems = []
    if sha256(output) != lock.get("output_sha256"):
        problems.append(
            "openapi.yaml differs from what `make update-spec` wrote (a hand edit?): "
            "local additions belong in mock/overlay.yaml; re-run `make update-spec SRC=...`"
        )
    if lock.get("operations") != operation_names():
        problems.append(
            f"the lock lists {lock.get('operations')}, tools/filter_spec.py keeps "
            f"{operation_names()}: re-run `make update-spec`"
        )
    source = str(lock.get("source", ""))
    path = root / source
    if not source.startswith(("http://", "https://")) and path.is_file():
        raw = path.read_bytes()
        if sha256(raw) != lock.get("source_sha256"):
            problems.append(f"{source} changed since the lock was written: re-run update-spec")
        elif filter_text(raw.decode("utf-8")).encode("utf-8") != output:
            problems.append(f"filtering {source} again does not give openapi.yaml")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", help="path or https URL of upstream's openapi.yaml")
    parser.add_argument("--ref", help="upstream commit and/or date, recorded in the lock")
    parser.add_argument("--check", action="store_true", help="check openapi.yaml against its lock")
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (for tests)")
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.root)
        for problem in problems:
            print(f"update-spec --check: {problem}", file=sys.stderr)
        return 1 if problems else 0
    if args.source is None:
        parser.error("SRC is required (or --check)")
    raw = read_source(args.source)
    try:
        output = filter_text(raw.decode("utf-8")).encode("utf-8")
    except (UnicodeDecodeError, FilterError) as error:
        sys.exit(f"update-spec: {args.source}: {error}")
    except Exception as error:  # a YAML error, with its line and column
        sys.exit(f"update-spec: {args.source} is not a readable YAML document: {error}")
    lock = make_lock(recorded_name(args.source, args.root), raw, output, args.ref)
    (args.root / SPEC.name).write_bytes(output)
    (args.root / LOCK.name).write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")
    kept = ", ".join(lock["operations"])
    print(f"openapi.yaml: {kept} from {lock['source']} ({len(raw):,} -> {len(output):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
