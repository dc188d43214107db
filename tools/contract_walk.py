"""The schema comparison behind tools/contract_diff.py: two filtered documents walked
side by side, each difference one ``Finding`` classified as breaking, additive or
equivalent for users of this package (the classes are defined in contract_diff's
docstring)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from filter_spec import HTTP_METHODS
from normalise_spec import ANNOTATIONS, _lift_annotations

BREAKING, ADDITIVE, EQUIVALENT = "breaking", "additive", "equivalent"
CLASSES = (BREAKING, ADDITIVE, EQUIVALENT)
#: Keywords compared as constraints: any other change to them is reported as breaking.
_STRUCTURE = {
    "type",
    "nullable",
    "enum",
    "properties",
    "required",
    "items",
    "anyOf",
    "oneOf",
    "allOf",
    "$ref",
    "const",
    "additionalProperties",
}
_LOOSER = {"minLength": -1, "minItems": -1, "maxLength": 1, "maxItems": 1}
_BOUNDS = {"minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"}


@dataclass(frozen=True, order=True)
class Finding:
    kind: str  # one of CLASSES
    where: str  # e.g. "POST /audio/transcriptions request application/json: language"
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}" if self.where else self.what


def diff(
    old: dict[str, Any],
    new: dict[str, Any],
    keywords: frozenset[str] = frozenset(),
    aliases: dict[str, str] | None = None,
) -> list[Finding]:
    """The findings between two filtered documents, in document order, without repeats."""
    walker = _Walker(old, new, keywords, aliases or {})
    walker.document()
    return list(dict.fromkeys(walker.findings))


# --------------------------------------------------------------------------- the walk


def _types(schema: dict[str, Any]) -> set[str] | None:
    """The JSON types a schema admits (None: any), nullability in either spelling."""
    kind = schema.get("type")
    if kind is None:
        return None
    kinds = {kind} if isinstance(kind, str) else set(kind)
    if schema.get("nullable") is True:
        kinds.add("null")
    if "integer" in kinds and "number" in kinds:
        kinds.discard("integer")
    return kinds


def _covers(wide: set[str], narrow: set[str]) -> bool:
    """Whether every value of the ``narrow`` types is one of ``wide`` (an integer is a number)."""
    return all(kind in wide or (kind == "integer" and "number" in wide) for kind in narrow)


def _enum(schema: dict[str, Any]) -> list[Any] | None:
    values = schema.get("enum")
    if values is None:
        return None
    if schema.get("nullable") is True and None not in values:
        return [*values, None]
    return list(values)


def _show(value: Any) -> str:
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(_show, value)) + "]"
    return repr(value) if not isinstance(value, str) else f"'{value}'"


class _Walker:
    def __init__(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        keywords: frozenset[str],
        aliases: dict[str, str],
    ) -> None:
        self.old, self.new = old, new
        self.keywords, self.aliases = keywords, aliases
        self.findings: list[Finding] = []
        self._seen: set[tuple[int, int, bool]] = set()

    def add(self, kind: str, where: str, what: str) -> None:
        self.findings.append(Finding(kind, where, what))

    def resolve(self, schema: Any, root: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 50:
            node: Any = root
            for key in schema["$ref"].removeprefix("#/").split("/"):
                node = node.get(key.replace("~1", "/").replace("~0", "~"), {})
            # Keywords beside a $ref (3.1) annotate it; the target says what it accepts.
            extra = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**node, **extra} if extra else node
            seen += 1
        if isinstance(schema, dict) and "allOf" in schema:
            schema = _lift_annotations(schema)
            parts = schema.get("allOf")
            if isinstance(parts, list) and len(parts) == 1:
                rest = {k: v for k, v in schema.items() if k != "allOf"}
                return {**self.resolve(parts[0], root), **rest}
        return schema if isinstance(schema, dict) else {}

    # -- document and operations

    def document(self) -> None:
        old_ops, new_ops = dict(_operations(self.old)), dict(_operations(self.new))
        for name in old_ops:
            if name not in new_ops:
                self.add(BREAKING, name, "operation removed")
        for name, new_op in new_ops.items():
            if name not in old_ops:
                self.add(ADDITIVE, name, "operation added")
            else:
                self.operation(name, old_ops[name], new_op)
        old_auth = _security(self.old)
        new_auth = _security(self.new)
        if old_auth != new_auth:
            self.add(BREAKING, "security", f"the security schemes changed: {new_auth}")

    def operation(self, name: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        notes = {"summary", "description", "operationId"} | {
            k for k in {*old, *new} if k.startswith("x-")
        }
        self.annotations(name, old, new, tuple(sorted(notes)))
        self.parameters(name, old.get("parameters") or [], new.get("parameters") or [])
        old_body = self.resolve(old.get("requestBody") or {}, self.old)
        new_body = self.resolve(new.get("requestBody") or {}, self.new)
        if new_body.get("required") and not old_body.get("required") and old_body:
            self.add(BREAKING, f"{name} request", "a body is now required")
        self.content(
            f"{name} request",
            old_body.get("content") or {},
            new_body.get("content") or {},
            request=True,
        )
        old_res, new_res = old.get("responses") or {}, new.get("responses") or {}
        for status in old_res:
            if status not in new_res:
                self.add(BREAKING, f"{name} {status}", "status removed")
        for status, response in new_res.items():
            where = f"{name} {status}"
            if status not in old_res:
                self.add(ADDITIVE, where, "status added")
                continue
            old_r, new_r = self.resolve(old_res[status], self.old), self.resolve(response, self.new)
            self.annotations(where, old_r, new_r, ("description",))
            self.content(
                where, old_r.get("content") or {}, new_r.get("content") or {}, request=False
            )

    def parameters(self, name: str, old: list[Any], new: list[Any]) -> None:
        def keyed(items: list[Any], root: dict[str, Any]) -> dict[str, dict[str, Any]]:
            resolved = [self.resolve(p, root) for p in items]
            return {f"{p.get('in')} parameter {p.get('name')}": p for p in resolved}

        olds, news = keyed(old, self.old), keyed(new, self.new)
        for key in olds:
            if key not in news:
                self.add(BREAKING, f"{name} {key}", "removed")
        for key, param in news.items():
            where = f"{name} {key}"
            if key not in olds:
                required = param.get("required")
                self.add(
                    BREAKING if required else ADDITIVE,
                    where,
                    "added, required" if required else "added (optional)",
                )
                continue
            if param.get("required") and not olds[key].get("required"):
                self.add(BREAKING, where, "now required")
            self.schema(where, olds[key].get("schema") or {}, param.get("schema") or {}, True)

    def content(self, where: str, old: dict[str, Any], new: dict[str, Any], request: bool) -> None:
        for media in old:
            if media not in new:
                self.add(BREAKING, f"{where} {media}", "media type removed")
        for media, body in new.items():
            at = f"{where} {media}"
            if media not in old:
                fields = sorted(
                    self.resolve(body.get("schema") or {}, self.new).get("properties") or {}
                )
                self.add(
                    ADDITIVE,
                    at,
                    "media type added" + (f" (fields: {', '.join(fields)})" if fields else ""),
                )
                continue
            self.examples(at, old[media], body)
            self.schema(at, old[media].get("schema") or {}, body.get("schema") or {}, request)

    def examples(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        def named(media: dict[str, Any]) -> dict[str, Any]:
            found = dict(media.get("examples") or {})
            if "example" in media:
                found.setdefault("default", {"value": media["example"]})
            return found

        olds, news = named(old), named(new)
        for name in news:
            if name not in olds:
                self.add(ADDITIVE, where, f"example '{name}' added")
            elif news[name] != olds[name]:
                self.add(EQUIVALENT, where, f"example '{name}' changed")
        for name in olds:
            if name not in news:
                self.add(EQUIVALENT, where, f"example '{name}' removed")

    def annotations(
        self,
        where: str,
        old: dict[str, Any],
        new: dict[str, Any],
        keys: tuple[str, ...] | frozenset[str] = ANNOTATIONS,
    ) -> None:
        changed = sorted(k for k in keys if k in old or k in new if old.get(k) != new.get(k))
        changed = [k for k in changed if k not in ("example", "examples")] + (
            ["example"] if any(k in ("example", "examples") for k in changed) else []
        )
        if changed:
            self.add(EQUIVALENT, where, f"{', '.join(changed)} changed")

    # -- schemas

    def schema(self, where: str, old_raw: Any, new_raw: Any, request: bool) -> None:
        key = (id(old_raw), id(new_raw), request)
        if key in self._seen:  # a recursive schema, or one reached twice
            return
        self._seen.add(key)
        old, new = self.resolve(old_raw, self.old), self.resolve(new_raw, self.new)
        self.annotations(where, old, new)
        self.nullability(where, old, new)
        if self.alternatives(where, old, new, request):
            return
        self.types(where, old, new, request)
        self.enums(where, old, new)
        self.properties(where, old, new, request)
        if "items" in old or "items" in new:
            self.schema(f"{where}[]", old.get("items") or {}, new.get("items") or {}, request)
        self.constraints(where, old, new, request)

    def nullability(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        spelled = ("nullable" in old) != ("nullable" in new)
        if spelled and _types(old) == _types(new) and (_types(old) or set()) >= {"null"}:
            way = "type [..., 'null'] (3.1)" if "nullable" in old else "nullable: true (3.0)"
            self.add(EQUIVALENT, where, f"null now written as {way}")

    def types(self, where: str, old: dict[str, Any], new: dict[str, Any], request: bool) -> None:
        before, after = _types(old), _types(new)
        if before == after:
            return
        before_set = before if before is not None else {"any"}
        after_set = after if after is not None else {"any"}
        widened = before is not None and (after is None or _covers(after, before))
        narrowed = after is not None and (before is None or _covers(before, after))
        change = f"type {_show(before_set)} -> {_show(after_set)}"
        if widened:
            self.add(
                ADDITIVE if request else BREAKING,
                where,
                f"{change} (widened{'' if request else ': the answer may carry more'})",
            )
        elif narrowed:
            self.add(
                BREAKING if request else EQUIVALENT,
                where,
                f"{change} (narrowed{': values once accepted are refused' if request else ''})",
            )
        else:
            self.add(BREAKING, where, change)

    def enums(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        before, after = _enum(old), _enum(new)
        if before == after:
            return
        if before is None:
            self.add(BREAKING, where, f"now limited to {_show(after)}")
            return
        if after is None:
            self.add(ADDITIVE, where, "no longer limited to an enum")
            return
        added = [v for v in after if v not in before]
        removed = [v for v in before if v not in after]
        if removed:
            self.add(BREAKING, where, f"enum value {_show(removed)} removed")
        if added:
            self.add(ADDITIVE, where, f"enum value {_show(added)} added")
        if not added and not removed:
            self.add(EQUIVALENT, where, "enum values reordered")

    def properties(
        self, where: str, old: dict[str, Any], new: dict[str, Any], request: bool
    ) -> None:
        olds, news = old.get("properties") or {}, new.get("properties") or {}
        old_req, new_req = set(old.get("required") or ()), set(new.get("required") or ())
        for name in olds:
            if name not in news:
                self.add(BREAKING, f"{where}: {name}", "removed")
        for name, prop in news.items():
            at = f"{where}: {name}"
            if name not in olds:
                if request and name in new_req:
                    self.add(BREAKING, at, "added, required")
                elif request:
                    self.add(ADDITIVE, at, f"added (optional); {self.reach(where, name)}")
                else:
                    self.add(
                        ADDITIVE, at, "added" + (", always present" if name in new_req else "")
                    )
                continue
            if name in new_req and name not in old_req:
                self.add(
                    BREAKING if request else ADDITIVE,
                    at,
                    "now required" if request else "now always present",
                )
            elif name in old_req and name not in new_req:
                self.add(
                    ADDITIVE if request else BREAKING,
                    at,
                    "no longer required" if request else "no longer always present",
                )
            self.schema(at, olds[name], prop, request)
        # Required names that are not properties (rare) still change what is accepted.
        stray = (new_req - old_req) - set(news)
        if request and stray:
            self.add(BREAKING, where, f"now requires {_show(sorted(stray))}")

    def reach(self, where: str, name: str) -> str:
        """How a user sends a new request field through the wrapper: a keyword of the same
        name, a keyword that sets the field (or a field around it: ``aliases``, by dotted
        path), or only ``extra_body``."""
        _, _, inner = where.partition(": ")
        steps = [step.removesuffix("[]") for step in [*inner.split(": "), name] if step]
        path, top = ".".join(steps), steps[0]
        for field, keyword in self.aliases.items():
            if (path == field or path.startswith(f"{field}.")) and keyword in self.keywords:
                inside = f"inside {field}, which " if path != field else ""
                return f"{inside}the wrapper passes {'it ' * (not inside)}as the keyword {keyword}="
            if field.startswith(f"{path}.") and keyword in self.keywords:
                return (
                    f"the wrapper sets its {field.removeprefix(path + '.')} from the keyword "
                    f"{keyword}=; the rest only through extra_body={{'{top}': ...}}"
                )
        if top in self.keywords:
            inside = f"inside {top}, which " if len(steps) > 1 else ""
            return f"{inside}the wrapper passes {'it ' * (not inside)}as the keyword {top}="
        return f"reachable only through extra_body={{'{top}': ...}}"

    def alternatives(
        self, where: str, old: dict[str, Any], new: dict[str, Any], request: bool
    ) -> bool:
        """anyOf/oneOf on either side: each old variant matched with the closest new one.
        Returns whether it handled the schema."""
        which = next((k for k in ("anyOf", "oneOf") if k in old or k in new), None)
        if which is None:
            return False
        olds = _variants(old, which)
        news = _variants(new, which)
        left = list(range(len(news)))
        for n, variant in enumerate(olds):
            at = f"{where} ({which} {n + 1})" if len(olds) > 1 else where
            best, best_findings = None, None
            for m in left:
                probe = _Walker(self.old, self.new, self.keywords, self.aliases)
                probe.schema(at, variant, news[m], request)
                score = sum(f.kind == BREAKING for f in probe.findings)
                if best_findings is None or score < sum(f.kind == BREAKING for f in best_findings):
                    best, best_findings = m, probe.findings
            if best is None or best_findings is None:
                self.add(BREAKING, at, "alternative removed")
                continue
            left.remove(best)
            self.findings.extend(best_findings)
        for m in left:
            summary = _summary(self.resolve(news[m], self.new))
            self.add(
                ADDITIVE if request else BREAKING,
                where,
                f"{which} alternative added: {summary}"
                + ("" if request else " (the answer may take this shape)"),
            )
        return True

    def constraints(
        self, where: str, old: dict[str, Any], new: dict[str, Any], request: bool
    ) -> None:
        self.bounds(where, old, new, request)
        skip = _STRUCTURE | ANNOTATIONS | _BOUNDS
        for key in sorted(set(old) | set(new)):
            if key in skip or key.startswith("x-") or old.get(key) == new.get(key):
                continue
            before, after = old.get(key), new.get(key)
            if key == "default":
                self.add(EQUIVALENT, where, f"default {_show(before)} -> {_show(after)}")
                continue
            looser = _LOOSER.get(key)
            if looser and isinstance(before, (int, float)) and isinstance(after, (int, float)):
                is_looser = (after - before) * looser > 0
            else:
                is_looser = after is None
            if request:
                kind = ADDITIVE if is_looser else BREAKING
            else:
                kind = EQUIVALENT if not is_looser else BREAKING
            self.add(kind, where, f"{key} {_show(before)} -> {_show(after)}")

    def bounds(self, where: str, old: dict[str, Any], new: dict[str, Any], request: bool) -> None:
        """Numeric limits in either spelling (3.0's boolean ``exclusiveMinimum``, 3.1's
        number); for integers an exclusive limit is the next integer, inclusive."""
        for side in ("lower", "upper"):
            before, after = _bound(old, side), _bound(new, side)
            if before == after:
                continue
            if before is None or after is None:
                looser = after is None
            else:
                looser = (after < before) if side == "lower" else (after > before)
            kind = (
                (ADDITIVE if looser else BREAKING)
                if request
                else (BREAKING if looser else EQUIVALENT)
            )
            self.add(kind, where, f"{_limit(before, side)} -> {_limit(after, side)}")
        written = {k: old.get(k) for k in _BOUNDS} != {k: new.get(k) for k in _BOUNDS}
        if written and all(_bound(old, s) == _bound(new, s) for s in ("lower", "upper")):
            self.add(EQUIVALENT, where, "the same numeric limits, written another way")


def _bound(schema: dict[str, Any], side: str) -> tuple[float, bool] | None:
    """(limit, exclusive) of one side of a numeric range, or None."""
    plain, strict = (
        ("minimum", "exclusiveMinimum") if side == "lower" else ("maximum", "exclusiveMaximum")
    )
    value, exclusive = schema.get(plain), schema.get(strict)
    if isinstance(exclusive, bool):
        bound = None if value is None else (value, exclusive)
    elif exclusive is not None:
        bound = (exclusive, True)
    else:
        bound = None if value is None else (value, False)
    integer = "integer" in (_types(schema) or ())
    if bound is not None and bound[1] and integer and float(bound[0]).is_integer():
        bound = (int(bound[0]) + (1 if side == "lower" else -1), False)
    return bound


def _limit(bound: tuple[float, bool] | None, side: str) -> str:
    if bound is None:
        return f"no {side} limit"
    sign = (">" if side == "lower" else "<") + ("" if bound[1] else "=")
    return f"{sign} {bound[0]}"


def _variants(schema: dict[str, Any], which: str) -> list[Any]:
    if which in schema:
        return list(schema[which])
    return [{k: v for k, v in schema.items() if k not in ANNOTATIONS}]


def _summary(schema: dict[str, Any]) -> str:
    props = schema.get("properties")
    if props:
        required = set(schema.get("required") or ())
        return "{" + ", ".join(p if p in required else f"{p}?" for p in props) + "}"
    return _show(_types(schema) or {"any"})


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in (document.get("paths") or {}).items():
        for method, operation in (item or {}).items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


def _security(document: dict[str, Any]) -> dict[str, Any]:
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    return {
        name: {k: v for k, v in s.items() if k not in ANNOTATIONS} for name, s in schemes.items()
    }
