"""Derive the spec the tools use from the vendored upstream ``openapi.yaml``.

Upstream declares ``openapi: 3.1.0`` but writes nullability the OpenAPI 3.0 way
(``nullable: true``). JSON-Schema-2020 validators reject that keyword without a
``type`` and Prism then silently stops validating request bodies, so every
tool (codegen, mock, schemathesis) reads this normalised copy instead:

1. ``nullable: true`` becomes a 3.1 type union with ``"null"`` (or is dropped
   where there is no ``type``: such a schema already admits null).
2. A media type's single ``example`` becomes ``examples: {default: ...}``, so
   named examples can sit beside it (Prism serves them with
   ``Prefer: example=NAME``).
3. A response media type with no example of its own gets its schema's ``example``
   (through a ``$ref``) as that ``default``: what Prism serves for it anyway, now
   named, so every response can be asked for by name like the others.
4. An ``allOf`` of one ``$ref`` plus schemas that only annotate it (e.g.
   ``[{$ref: ReasoningEffort}, {description: ...}]``) keeps the ``$ref`` alone and
   lifts the annotations beside the ``allOf``: the same schema, which
   openapi-python-client 0.29 cannot read when the ``$ref`` is an enum ("Cannot
   take allOf a non-object", openapi-python-client#674; its fix covers a lone
   ``$ref`` only), dropping the model and every operation that uses it.
5. A ``default`` its own schema rejects (a value of another ``type``, or not in its
   ``enum``) is dropped: OpenAPI requires a default to conform, and none is assumed
   by a server. OpenAI's ``TranscriptionInclude`` (a string enum) has ``default: []``;
   openapi-python-client 0.29 then fails on the enum ("Cannot convert [] to enum",
   openapi-python-client#721: list defaults on enums) and, without
   ``--fail-on-warning``, silently drops ``CreateTranscriptionRequest`` and with it
   the whole transcription endpoint.
6. The contract's overlay (``mock/overlay.yaml``, ``mock/openai/overlay.yaml``) is
   applied as a JSON Merge Patch (RFC 7386; what it adds keeps its nulls, see
   ``merge_patch``): local additions live there, never in the vendored spec.
7. An answer's schema that is a ``oneOf`` without a ``discriminator`` becomes the same
   list as ``anyOf``. OpenAI's 200 is ``oneOf`` Json / DiarizedJson / VerboseJson, but
   Json requires only ``text`` and admits more, so every verbose or diarized answer
   matches two of them and breaks ``oneOf``'s "exactly one": a validating Prism proxy or
   schemathesis would reject every real verbose_json answer. Which shape comes back is
   told by the request's ``response_format``, not by the body.
8. A response written as a ``$ref`` to ``#/components/responses/NAME`` is replaced by
   what it names (the same response), so every tool and test finds a status's media
   types and examples on the operation itself.

Usage: python tools/normalise_spec.py                  # every contract in tools/contracts.py
       python tools/normalise_spec.py --contract openai  # one of them
       python tools/normalise_spec.py openapi.yaml mock/overlay.yaml -o build/openapi.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

DEFAULT_EXAMPLE = "default"
#: Keywords that describe a schema without constraining what it accepts.
ANNOTATIONS = frozenset(
    {"description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly",
     "$comment"}
)  # fmt: skip


def normalise(node: Any) -> Any:
    """Return a copy of ``node`` with 3.0 nullability and media examples rewritten."""
    if isinstance(node, list):
        return [normalise(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: normalise(value) for key, value in node.items()}
    if out.pop("nullable", False) is True:
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        elif isinstance(kind, list) and "null" not in kind:
            out["type"] = [*kind, "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    if "allOf" in out:
        out = _lift_annotations(out)
    if "default" in out and not _conforms(out["default"], out):
        del out["default"]
    if "schema" in out and "example" in out and "examples" not in out:
        # A media type object: fold its lone example into the named map.
        out["examples"] = {DEFAULT_EXAMPLE: {"value": out.pop("example")}}
    return out


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _conforms(value: Any, schema: dict[str, Any]) -> bool:
    """Whether ``value`` has one of the schema's own ``type``s and is in its ``enum`` (the
    keywords beside the default; what a ``$ref`` or ``anyOf`` says is not looked at)."""
    kinds = schema.get("type")
    if isinstance(kinds, str):
        kinds = [kinds]
    if isinstance(kinds, list) and kinds:

        def matches(kind: str) -> bool:
            if isinstance(value, bool) and kind in ("integer", "number"):
                return False
            return isinstance(value, _JSON_TYPES.get(kind, (object,)))

        if not any(matches(kind) for kind in kinds if isinstance(kind, str)):
            return False
    enum = schema.get("enum")
    return not isinstance(enum, list) or value in enum


def _lift_annotations(schema: dict[str, Any]) -> dict[str, Any]:
    """``allOf: [{$ref}, {description}]`` as ``allOf: [{$ref}]`` with the description beside it."""
    parts = schema["allOf"]
    if not isinstance(parts, list):
        return schema
    refs = [part for part in parts if isinstance(part, dict) and "$ref" in part]
    notes = [part for part in parts if part not in refs]
    if len(refs) != 1 or not notes:
        return schema
    if not all(isinstance(part, dict) and set(part) <= ANNOTATIONS for part in notes):
        return schema
    lifted = {key: value for part in notes for key, value in part.items()}
    return {**lifted, **schema, "allOf": refs}


def merge_patch(target: Any, patch: Any) -> Any:
    """Apply an RFC 7386 JSON Merge Patch: objects merge, null deletes, the rest replaces.

    One departure: an object under a key the target does not have is added as written,
    nulls included (RFC 7386 would drop them, so a new example could not say
    ``"next": null``). A null on its own still only deletes.
    """
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif key not in result:
            result[key] = value
        else:
            result[key] = merge_patch(result[key], value)
    return result


def name_schema_examples(spec: dict[str, Any]) -> dict[str, Any]:
    """Each response media type without examples gets its schema's example as ``default``."""
    for item in (spec.get("paths") or {}).values():
        for operation in (item or {}).values():
            if not isinstance(operation, dict):
                continue
            for response in (operation.get("responses") or {}).values():
                for media in ((response or {}).get("content") or {}).values():
                    if not isinstance(media, dict) or "examples" in media:
                        continue
                    schema = _resolve(spec, media.get("schema") or {})
                    if "example" in schema:
                        media["examples"] = {DEFAULT_EXAMPLE: {"value": schema["example"]}}
    return spec


def _resolve(spec: dict[str, Any], schema: Any) -> dict[str, Any]:
    for _ in range(20):  # a $ref chain; a cycle gives up rather than loop
        if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)):
            break
        node: Any = spec
        for key in schema["$ref"].removeprefix("#/").split("/"):
            node = node.get(key, {}) if isinstance(node, dict) else {}
        schema = node
    return schema if isinstance(schema, dict) else {}


def build_spec(spec_path: Path, overlay_path: Path | None = None) -> dict[str, Any]:
    spec = name_schema_examples(normalise(yaml.safe_load(spec_path.read_text(encoding="utf-8"))))
    if overlay_path is not None:
        spec = merge_patch(spec, yaml.safe_load(overlay_path.read_text(encoding="utf-8")))
    return any_of_answers(inline_responses(spec))


def any_of_answers(spec: dict[str, Any]) -> dict[str, Any]:
    """Each response media type's schema: a ``oneOf`` without a discriminator as ``anyOf``."""
    for item in (spec.get("paths") or {}).values():
        for operation in (item or {}).values():
            if not isinstance(operation, dict):
                continue
            for response in (operation.get("responses") or {}).values():
                for media in ((response or {}).get("content") or {}).values():
                    schema = media.get("schema") if isinstance(media, dict) else None
                    if (
                        isinstance(schema, dict)
                        and "oneOf" in schema
                        and not {"discriminator", "anyOf"} & set(schema)
                    ):
                        media["schema"] = {
                            ("anyOf" if k == "oneOf" else k): v for k, v in schema.items()
                        }
    return spec


def inline_responses(spec: dict[str, Any]) -> dict[str, Any]:
    """Each operation's ``$ref`` responses replaced by the component they name."""
    for item in (spec.get("paths") or {}).values():
        for operation in (item or {}).values():
            if not isinstance(operation, dict):
                continue
            responses = operation.get("responses") or {}
            for code, response in responses.items():
                ref = response.get("$ref") if isinstance(response, dict) else None
                if isinstance(ref, str) and ref.startswith("#/components/responses/"):
                    responses[code] = json.loads(json.dumps(_resolve(spec, response)))
    return spec


def dump_spec(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"


def write_spec(spec_path: Path, overlay_path: Path | None, output: Path) -> None:
    text = dump_spec(build_spec(spec_path, overlay_path))
    output.parent.mkdir(parents=True, exist_ok=True)
    # Rewrite only on change, so make's timestamps stay meaningful.
    if not output.exists() or output.read_text(encoding="utf-8") != text:
        output.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, nargs="?")
    parser.add_argument("overlay", type=Path, nargs="?")
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--contract", help="one contract of tools/contracts.py (default: all)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    if args.spec is not None:
        if args.output is None:
            parser.error("-o/--output is required with a spec")
        write_spec(args.spec, args.overlay, args.output)
        return 0
    from contracts import CONTRACTS, contract

    chosen = [contract(args.contract)] if args.contract else list(CONTRACTS.values())
    for of in chosen:
        if of.vendored:
            root = args.root
            write_spec(root / of.spec, root / of.overlay, root / of.normalised)
    return 0


if __name__ == "__main__":
    sys.exit(main())
