"""Cut upstream's whole OpenAPI document down to the operations this project covers.

Upstream publishes one document for its whole API (about 70 paths). We keep the
operations in ``OPERATIONS`` and everything they need: every component they
reference, transitively, the security schemes they use, the tags they carry, and
the document's top-level metadata.

The cut is made on the text, not on a parsed copy: each kept block (a path, a
method, a component, a tag) is copied line for line, so every value stays
exactly as upstream wrote it (quoting, folding, number spelling). The result is
then parsed and compared with the same selection made on the parsed document,
so a cut in the wrong place fails loudly instead of changing a value.

A contract may also name keys to leave out (``dropped_keys`` in tools/contracts.py):
a top-level section no kept operation uses (OpenAI's ``webhooks``), or an ``x-``
extension wherever it appears (OpenAI's ``x-oaiMeta`` code samples, two thirds of its
cut). That is filtering, like leaving out an operation: no value that stays is changed,
and the same check holds with those keys removed from the parsed selection too.

Filtering an already filtered document returns it unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from contracts import OPENROUTER, Contract

#: OpenRouter's operations, as (method, path); each contract names its own in
#: tools/contracts.py, and `make update-spec` keeps them and what they reference.
OPERATIONS: tuple[tuple[str, str], ...] = OPENROUTER.operations

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A block mapping key at the start of a line: plain, single- or double-quoted.
_KEY = re.compile(
    r"""(?P<indent>[ ]*)"""
    r"""(?P<key>'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s'"#\-?:][^#]*?|-[^\s#][^#]*?)"""
    r"""[ ]*:(?:[ ]|$)"""
)


class FilterError(ValueError):
    """The document cannot be cut as this filter expects (what and why in the message)."""


class NotOpenAPIError(FilterError):
    """The text parses, but not to an OpenAPI document (an error page, say)."""


@dataclass(frozen=True)
class Block:
    """Lines ``start:end`` of the document: one key (or list item) and its value."""

    key: Any
    start: int
    end: int


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _children(lines: list[str], start: int, end: int) -> list[Block]:
    """The mapping entries (or sequence items) among ``lines[start:end]``, all at one indent."""
    body = [i for i in range(start, end) if not _is_blank(lines[i])]
    if not body:
        return []
    indent = _indent(lines[body[0]])
    heads: list[tuple[int, Any]] = []
    for i in body:
        line = lines[i]
        if _indent(line) > indent:
            continue
        if _indent(line) < indent:
            raise FilterError(f"line {i + 1}: unexpected dedent: {line.strip()[:60]!r}")
        if line[indent:].startswith("- "):
            heads.append((i, None))
            continue
        match = _KEY.match(line)
        if match is None:
            raise FilterError(f"line {i + 1}: not a block mapping key: {line.strip()[:60]!r}")
        heads.append((i, yaml.load(match["key"], Loader=_Loader)))
    blocks = []
    for n, (i, key) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else end
        blocks.append(Block(key, i, stop))
    return blocks


def _child(lines: list[str], parent: Block, key: Any) -> Block | None:
    return next((b for b in _children(lines, parent.start + 1, parent.end) if b.key == key), None)


def _refs(node: Any) -> Iterator[tuple[str, str]]:
    """Every ``#/components/KIND/NAME`` reference in ``node``, as (KIND, NAME)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/components/"):
                parts = value.split("/")
                if len(parts) != 4:
                    raise FilterError(f"unsupported reference {value!r}")
                yield parts[2], parts[3].replace("~1", "/").replace("~0", "~")
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


@dataclass(frozen=True)
class Selection:
    """What to keep, decided on the parsed document."""

    operations: dict[str, list[str]]  # path -> methods, in upstream's order
    components: dict[str, set[str]]  # kind -> names
    tags: set[str]


def select(document: dict[str, Any], operations: Iterable[tuple[str, str]]) -> Selection:
    paths = document.get("paths") or {}
    wanted: dict[str, list[str]] = {}
    for method, path in operations:
        if method not in (paths.get(path) or {}):
            raise FilterError(f"the document has no {method.upper()} {path}")
        wanted.setdefault(path, []).append(method)
    kept = {path: [m for m in paths[path] if m in methods] for path, methods in wanted.items()}
    roots: list[Any] = []
    tags: set[str] = set()
    schemes: set[str] = set()
    for path, methods in kept.items():
        item = paths[path]
        roots.append({k: v for k, v in item.items() if k not in HTTP_METHODS})
        for method in methods:
            roots.append(item[method])
            tags.update(item[method].get("tags") or [])
            for requirement in item[method].get("security") or []:
                schemes.update(requirement)
    for requirement in document.get("security") or []:
        schemes.update(requirement)
    components = document.get("components") or {}
    found: dict[str, set[str]] = {"securitySchemes": set(schemes)}
    todo = [ref for root in roots for ref in _refs(root)]
    while todo:
        kind, name = todo.pop()
        if name in found.setdefault(kind, set()):
            continue
        if name not in (components.get(kind) or {}):
            raise FilterError(f"#/components/{kind}/{name} is referenced but not defined")
        found[kind].add(name)
        todo.extend(_refs(components[kind][name]))
    return Selection(kept, {k: v for k, v in found.items() if v}, tags)


def apply(document: dict[str, Any], selection: Selection) -> dict[str, Any]:
    """The selection made on the parsed document: what the text cut must parse to."""
    out: dict[str, Any] = {}
    for key, value in document.items():
        if key == "paths":
            value = {
                path: {
                    k: v
                    for k, v in value[path].items()
                    if k not in HTTP_METHODS or k in selection.operations[path]
                }
                for path in value
                if path in selection.operations
            }
        elif key == "components":
            value = {
                kind: (
                    {n: v for n, v in entries.items() if n in selection.components.get(kind, ())}
                    if entries
                    else entries
                )
                for kind, entries in value.items()
                if not entries or selection.components.get(kind)
            }
        elif key == "tags":
            value = [tag for tag in value if tag.get("name") in selection.tags]
        out[key] = value
    return out


def _droppable(key: Any, depth: int, drop: frozenset[str]) -> bool:
    """A dropped key: any of ``drop`` at the top level, an ``x-`` extension at any depth."""
    return key in drop and (depth == 0 or str(key).startswith("x-"))


def without(node: Any, drop: frozenset[str], depth: int = 0) -> Any:
    """``node`` with the dropped keys removed, as ``_drop_lines`` removes them from text."""
    if isinstance(node, dict):
        return {
            k: without(v, drop, depth + 1)
            for k, v in node.items()
            if not _droppable(k, depth, drop)
        }
    if isinstance(node, list):
        return [without(item, drop, depth + 1) for item in node]
    return node


def _drop_lines(lines: list[str], drop: frozenset[str]) -> list[str]:
    """``lines`` without each dropped key's block (its line and the deeper ones after it)."""
    out: list[str] = []
    skipping_above: int | None = None  # the indent of the key being left out
    for line in lines:
        if skipping_above is not None:
            if _is_blank(line) or _indent(line) > skipping_above:
                continue
            skipping_above = None
        match = _KEY.match(line)
        if match and not line.lstrip().startswith("- ") and drop:
            key = match["key"].strip("'\"")  # not parsed: a line of prose may match too
            # Depth from indent: only the top level is told apart, which is all it needs.
            if _droppable(key, 0 if _indent(line) == 0 else 1, drop):
                skipping_above = _indent(line)
                continue
        out.append(line)
    return out


def filter_contract(text: str, of: Contract) -> str:
    """``text`` cut to ``of``'s operations, without its dropped keys, under its notice."""
    cut = filter_text(text, of.operations, frozenset(of.dropped_keys))
    notice = "".join(f"# {line}".rstrip() + "\n" for line in of.notice.splitlines())
    return notice + cut


def filter_text(
    text: str,
    operations: Iterable[tuple[str, str]] = OPERATIONS,
    drop: frozenset[str] = frozenset(),
) -> str:
    """Return ``text`` with only ``operations`` and what they need (less the ``drop`` keys,
    see the module's docstring); values byte for byte."""
    document = yaml.load(text, Loader=_Loader)
    if not isinstance(document, dict) or "paths" not in document:
        raise NotOpenAPIError("not an OpenAPI document (no top-level `paths`)")
    selection = select(document, operations)
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    for top in _children(lines, 0, len(lines)):
        if top.key == "paths":
            out.append(lines[top.start])
            for path in _children(lines, top.start + 1, top.end):
                if path.key in selection.operations:
                    out.extend(_keep_methods(lines, path, selection.operations[path.key]))
        elif top.key == "components":
            out.extend(_keep_components(lines, top, selection.components))
        elif top.key == "tags":
            out.append(lines[top.start])
            for item in _children(lines, top.start + 1, top.end):
                name = yaml.load("".join(lines[item.start : item.end]), Loader=_Loader)
                if isinstance(name, list) and name and name[0].get("name") in selection.tags:
                    out.extend(lines[item.start : item.end])
        else:
            out.extend(lines[top.start : top.end])
    result = "".join(_drop_lines(out, drop))
    if yaml.load(result, Loader=_Loader) != without(apply(document, selection), drop):
        raise FilterError("the text cut does not parse to the selected operations; file a bug")
    return result


def _keep_methods(lines: list[str], path: Block, methods: list[str]) -> list[str]:
    out = [lines[path.start]]
    for entry in _children(lines, path.start + 1, path.end):
        if entry.key not in HTTP_METHODS or entry.key in methods:
            out.extend(lines[entry.start : entry.end])
    return out


def _keep_components(lines: list[str], top: Block, keep: dict[str, set[str]]) -> list[str]:
    out = [lines[top.start]]
    for kind in _children(lines, top.start + 1, top.end):
        entries = _children(lines, kind.start + 1, kind.end)
        if not entries:  # an inline value such as `parameters: {}`: copied as it is
            if yaml.load("".join(lines[kind.start : kind.end]), Loader=_Loader)[kind.key]:
                raise FilterError(f"components.{kind.key} is not written as a block mapping")
            out.extend(lines[kind.start : kind.end])
            continue
        names = keep.get(kind.key, set())
        if not names:
            continue
        out.append(lines[kind.start])
        for entry in entries:
            if entry.key in names:
                out.extend(lines[entry.start : entry.end])
    return out
