"""Vendor upstream's OpenAPI document: filter it, write the spec and its lock, and say
what changed.

    python tools/update_spec.py SRC [--ref REF] [--contract NAME]   # `make update-spec`
    python tools/update_spec.py --check [--contract NAME]           # the spec against its lock

SRC is a path or an https URL of upstream's whole document (or of one already
filtered: it is kept as it is). Before the vendored spec is replaced, the covered
operations of the old and the new version are compared (tools/contract_diff.py); the
classified findings are printed and appended, with the source and ref, to the changelog
(docs/contract-changes.md). The lock beside the spec records where it came from, so a
test can tell an honest update from a hand edit:

    {"source": ..., "source_sha256": ..., "output_sha256": ..., "ref": ..., "operations": [...]}
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from contract_diff import compare_texts, render, summary_line
from contracts import CHANGELOG, CONTRACTS, OPENROUTER, Contract, contract
from filter_spec import FilterError, filter_contract

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / OPENROUTER.spec
LOCK = ROOT / OPENROUTER.lock


class SourceError(Exception):
    """The source could not be read or fetched (the reason in the message)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def operation_names(of: Contract = OPENROUTER) -> list[str]:
    return of.operation_names()


def fetch(source: str, timeout: float = 60.0) -> bytes:
    """The document's bytes: fetched with httpx for a URL, read for a path."""
    if source.startswith(("http://", "https://")):
        import httpx

        try:
            response = httpx.get(source, follow_redirects=True, timeout=timeout)
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise SourceError(f"cannot fetch {source}: {type(error).__name__}: {error}") from None
        return response.content
    try:
        return Path(source).read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read {source}: {error.strerror}") from None


def read_source(source: str) -> bytes:
    try:
        return fetch(source)
    except SourceError as error:
        sys.exit(f"update-spec: {error}")


def cut(raw: bytes, of: Contract = OPENROUTER) -> bytes:
    """``raw`` filtered to the contract's operations; FilterError/ValueError say why not."""
    try:
        return filter_contract(raw.decode("utf-8"), of).encode("utf-8")
    except (UnicodeDecodeError, FilterError):
        raise
    except Exception as error:  # a YAML error, with its line and column
        raise ValueError(f"not a readable YAML document: {error}") from None


def recorded_name(source: str, root: Path) -> str:
    """A URL as given; a path relative to the project root, so the lock reads the same anywhere."""
    if source.startswith(("http://", "https://")):
        return source
    return Path(os.path.relpath(Path(source).resolve(), root)).as_posix()


def make_lock(
    source: str, raw: bytes, output: bytes, ref: str | None, of: Contract = OPENROUTER
) -> dict[str, Any]:
    return {
        "source": source,
        "source_sha256": sha256(raw),
        "output_sha256": sha256(output),
        "ref": ref,
        "operations": of.operation_names(),
    }


def read_lock(root: Path, of: Contract = OPENROUTER) -> dict[str, Any]:
    try:
        lock = json.loads((root / of.lock).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return lock if isinstance(lock, dict) else {}


def changelog_entry(
    of: Contract,
    source: str,
    ref: str | None,
    old: bytes | None,
    new: bytes,
    previous: dict[str, Any],
    today: datetime.date | None = None,
) -> str:
    """One changelog entry: what the covered operations gained and lost, classified."""
    day = (today or datetime.datetime.now(datetime.UTC).date()).isoformat()
    head = [f"## {day} · {of.name} · {ref or 'no ref given'}", "", f"- Source: {source}"]
    if old is None:
        body = f"First vendored: {', '.join(of.operation_names())}.\n"
        return "\n".join([*head, "", body])
    was = previous.get("source") or "the vendored spec"
    head.append(f"- Compared with: {was} ({previous.get('ref') or 'no ref recorded'})")
    findings = compare_texts(old.decode("utf-8"), new.decode("utf-8"), of)
    head.append(f"- Findings: {summary_line(findings)}")
    return "\n".join([*head, "", render(findings)])


def append_changelog(root: Path, entry: str) -> Path:
    path = root / CHANGELOG
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else CHANGELOG_HEADER
    path.write_text(text.rstrip("\n") + "\n\n" + entry.rstrip("\n") + "\n", encoding="utf-8")
    return path


CHANGELOG_HEADER = """# Contract changes

What each `make update-spec` changed in the operations this project covers, one entry per
update, written by `tools/update_spec.py` (classified by `tools/contract_diff.py`):
**Breaking** for users of this package, **Additive**, or **Equivalent** (same meaning,
other words).
"""


def check(root: Path = ROOT, of: Contract = OPENROUTER) -> list[str]:
    """What is wrong with the vendored spec against its lock; empty when it is what the lock says.

    The output hash catches a hand edit. When the recorded source is a path that is still
    there, it is filtered again and must give the same bytes (so a changed filter shows too).
    """
    try:
        lock = json.loads((root / of.lock).read_text(encoding="utf-8"))
        output = (root / of.spec).read_bytes()
    except (OSError, ValueError) as error:
        return [f"cannot read {of.spec} and its lock: {error}; run `make update-spec`"]
    problems = []
    if sha256(output) != lock.get("output_sha256"):
        problems.append(
            f"{of.spec} differs from what `make update-spec` wrote (a hand edit?): "
            f"local additions belong in {of.overlay}; re-run `make update-spec SRC=...`"
        )
    if lock.get("operations") != of.operation_names():
        problems.append(
            f"the lock lists {lock.get('operations')}, tools/contracts.py keeps "
            f"{of.operation_names()}: re-run `make update-spec`"
        )
    source = str(lock.get("source", ""))
    path = root / source
    if not source.startswith(("http://", "https://")) and path.is_file():
        raw = path.read_bytes()
        if sha256(raw) != lock.get("source_sha256"):
            problems.append(f"{source} changed since the lock was written: re-run update-spec")
        elif filter_contract(raw.decode("utf-8"), of).encode("utf-8") != output:
            problems.append(f"filtering {source} again does not give {of.spec}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", help="path or https URL of upstream's openapi.yaml")
    parser.add_argument("--ref", help="upstream commit and/or date, recorded in the lock")
    parser.add_argument("--contract", default=OPENROUTER.name, choices=sorted(CONTRACTS))
    parser.add_argument("--check", action="store_true", help="check the spec against its lock")
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (for tests)")
    args = parser.parse_args(argv)
    of = contract(args.contract)
    if not of.vendored:
        sys.exit(f"update-spec: the {of.name} contract is not vendored by this project yet")
    if args.check:
        problems = check(args.root, of)
        for problem in problems:
            print(f"update-spec --check: {problem}", file=sys.stderr)
        return 1 if problems else 0
    if args.source is None:
        parser.error("SRC is required (or --check)")
    raw = read_source(args.source)
    try:
        output = cut(raw, of)
    except (UnicodeDecodeError, FilterError, ValueError) as error:
        sys.exit(f"update-spec: {args.source}: {error}")
    spec, previous = args.root / of.spec, read_lock(args.root, of)
    old = spec.read_bytes() if spec.exists() else None
    lock = make_lock(recorded_name(args.source, args.root), raw, output, args.ref, of)
    entry = changelog_entry(of, lock["source"], args.ref, old, output, previous)
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_bytes(output)
    (args.root / of.lock).write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")
    changelog = append_changelog(args.root, entry)
    kept = ", ".join(lock["operations"])
    print(f"{of.spec}: {kept} from {lock['source']} ({len(raw):,} -> {len(output):,} bytes)")
    print(f"\n{entry}\n(appended to {changelog.relative_to(args.root).as_posix()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
