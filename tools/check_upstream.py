"""Is the vendored contract still what upstream publishes? For scripts and scheduled CI.

    python tools/check_upstream.py [SRC] [--contract NAME]     # `make check-upstream`

Fetches upstream's document (the contract's URL in tools/contracts.py, or SRC), cuts it
to the covered operations and compares the result with the lock. Exit status:

- 0: nothing covered changed;
- 1: the covered contract changed: the changelog entry `make update-spec` would write
  is printed (nothing is written);
- 2: upstream could not be reached, or did not answer with a readable document.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from contracts import CONTRACTS, OPENROUTER, contract
from filter_spec import FilterError, NotOpenAPIError
from update_spec import ROOT, SourceError, changelog_entry, cut, fetch, read_lock, sha256

SAME, CHANGED, UNREACHABLE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", help="path or URL (default: the contract's URL)")
    parser.add_argument("--contract", default=OPENROUTER.name, choices=sorted(CONTRACTS))
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (for tests)")
    args = parser.parse_args(argv)
    of = contract(args.contract)
    source = args.source or of.upstream_url
    lock = read_lock(args.root, of)
    spec = args.root / of.spec
    if not of.vendored or not lock or not spec.exists():
        print(
            f"check-upstream: no vendored {of.name} contract to compare with "
            f"({of.spec} and {of.lock}); run `make update-spec` first",
            file=sys.stderr,
        )
        return UNREACHABLE
    try:
        raw = fetch(source, timeout=args.timeout)
    except SourceError as error:
        print(f"check-upstream: could not reach upstream: {error}", file=sys.stderr)
        print("check-upstream: nothing was compared; try again when online", file=sys.stderr)
        return UNREACHABLE
    try:
        output = cut(raw, of)
    except (UnicodeDecodeError, NotOpenAPIError, ValueError) as error:
        print(
            f"check-upstream: {source} did not answer with an OpenAPI document: {error}",
            file=sys.stderr,
        )
        return UNREACHABLE
    except FilterError as error:  # e.g. an operation we cover is gone: a change
        print(f"check-upstream: {source} changed what this project covers: {error}")
        return CHANGED
    if sha256(output) == lock.get("output_sha256"):
        print(f"check-upstream: {of.spec} is current: nothing {of.name} covers changed at {source}")
        return SAME
    entry = changelog_entry(of, source, None, spec.read_bytes(), output, lock)
    print(f"check-upstream: {source} differs from {of.spec} in the covered operations.")
    print(f"`make update-spec CONTRACT={of.name} SRC={source}` would vendor it and add:\n")
    print(entry)
    return CHANGED


if __name__ == "__main__":
    sys.exit(main())
