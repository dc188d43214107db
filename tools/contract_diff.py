"""What changed in the covered operations between two versions of a contract, classified.

    python tools/contract_diff.py OLD NEW [--contract openrouter]

OLD and NEW are upstream documents, whole or already filtered (both are cut to the
contract's operations first). Each change is one finding in one of three classes:

- **breaking** for users of this package: a request field, status, enum value, media
  type or response field removed; a request field newly required; a type narrowed in a
  request or widened in an answer; an operation gone;
- **additive**: a new optional field, enum value, status, response field, media type,
  alternative (``anyOf``/``oneOf``) or example; a request field no longer required;
- **equivalent**: descriptions, titles, example values, key order, and nullability
  written the OpenAPI 3.0 way (``nullable: true``) against the 3.1 way
  (``type: [..., 'null']``), which the normaliser already treats as one.

A new request field also says whether the wrapper passes it as a keyword of
``Client.transcribe`` or only through ``extra_body``.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path
from typing import Any

import yaml
from contract_walk import ADDITIVE, BREAKING, CLASSES, EQUIVALENT, Finding, diff
from contracts import CONTRACTS, OPENROUTER, Contract, contract
from filter_spec import filter_contract

__all__ = [
    "ADDITIVE",
    "BREAKING",
    "CLASSES",
    "EQUIVALENT",
    "Finding",
    "compare_texts",
    "diff",
    "load",
    "render",
    "summary_line",
    "wrapper_keywords",
]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --------------------------------------------------------------------------- documents


def load(text: str, contract: Contract = OPENROUTER) -> dict[str, Any]:
    """A document cut to ``contract``'s operations and parsed."""
    document = yaml.load(filter_contract(text, contract), Loader=_Loader)
    return document  # type: ignore[no-any-return]


def wrapper_keywords() -> frozenset[str]:
    """The keyword arguments of the wrapper's ``Client.transcribe`` (empty when the
    wrapper cannot be imported, e.g. before ``make generate``)."""
    try:
        from openrouter_stt import Client
    except Exception:
        return frozenset()
    return frozenset(inspect.signature(Client.transcribe).parameters) - {"self", "audio"}


# --------------------------------------------------------------------------- report


def render(findings: list[Finding]) -> str:
    """The findings as Markdown, breaking first; equivalent ones counted and listed briefly."""
    if not findings:
        return "No change in the covered operations.\n"
    lines = []
    for kind in CLASSES:
        found = [f for f in findings if f.kind == kind]
        title = {BREAKING: "Breaking", ADDITIVE: "Additive", EQUIVALENT: "Equivalent"}[kind]
        lines.append(f"**{title}** ({len(found)}){':' if found else ''}")
        lines.extend(f"- {line}" for line in (_grouped(found) if kind == EQUIVALENT else found))
        lines.append("")
    return "\n".join(lines)


def _grouped(findings: list[Finding], most: int = 3) -> list[str]:
    """Equivalent findings that say the same thing in many places, as one line each."""
    by_what: dict[str, list[Finding]] = {}
    for finding in findings:
        by_what.setdefault(finding.what, []).append(finding)
    lines = []
    for what, same in by_what.items():
        if len(same) <= most:
            lines.extend(str(f) for f in same)
        else:
            shown = "; ".join(f.where for f in same[:most])
            lines.append(f"{what}: {len(same)} places ({shown}; ...)")
    return lines


def summary_line(findings: list[Finding]) -> str:
    counts = {kind: sum(f.kind == kind for f in findings) for kind in CLASSES}
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def compare_texts(old_text: str, new_text: str, contract: Contract = OPENROUTER) -> list[Finding]:
    keywords = wrapper_keywords() if contract is OPENROUTER else frozenset()
    return diff(
        load(old_text, contract), load(new_text, contract), keywords, contract.keyword_for_field
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--contract", default="openrouter", choices=sorted(CONTRACTS))
    args = parser.parse_args(argv)
    findings = compare_texts(
        args.old.read_text(encoding="utf-8"),
        args.new.read_text(encoding="utf-8"),
        contract(args.contract),
    )
    print(render(findings), end="")
    return 1 if any(f.kind == BREAKING for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
