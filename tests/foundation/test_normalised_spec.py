"""The normalised spec (tools/normalise_spec.py) is valid OpenAPI 3.1 that tools can trust."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
import yaml
from normalise_spec import build_spec, name_schema_examples

from ._spec import (
    OPERATION_EXAMPLES,
    OPERATION_STATUSES,
    OPERATIONS,
    ROOT,
    Operation,
    cases,
    merge_patch,
    normalise,
)

Pointer = tuple[str, ...]


def walk(node: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    """Every (JSON pointer, node) in a document, depth first."""
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*pointer, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*pointer, str(index)))


def validator_for(spec: dict[str, Any], name: str) -> jsonschema_rs.Validator:
    """A 2020-12 validator for one component schema, its ``$ref``s resolvable."""
    return jsonschema_rs.Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    )


def test_no_nullable_keyword_remains(spec: dict[str, Any]) -> None:
    leftovers = [p for p, node in walk(spec) if isinstance(node, dict) and "nullable" in node]
    assert leftovers == []


# The normaliser is tested on its own inputs: upstream stopped writing 3.0-style `nullable`
# in mid-2026, but an older (or a future) document may still carry it.
@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        pytest.param(
            {"type": "string", "nullable": True}, {"type": ["string", "null"]}, id="typed"
        ),
        pytest.param(
            {"type": ["integer", "string"], "nullable": True},
            {"type": ["integer", "string", "null"]},
            id="type-list",
        ),
        pytest.param(
            {"type": ["string", "null"], "nullable": True},
            {"type": ["string", "null"]},
            id="already-a-3.1-union",
        ),
        pytest.param(
            {"type": "string", "enum": ["a", "b"], "nullable": True},
            {"type": ["string", "null"], "enum": ["a", "b", None]},
            id="enum-admits-null",
        ),
        # `{nullable: true}` alone already admits null; adding a type would narrow it.
        pytest.param(
            {"description": "any", "nullable": True}, {"description": "any"}, id="untyped"
        ),
        pytest.param({"type": "string", "nullable": False}, {"type": "string"}, id="not-nullable"),
        pytest.param(
            {"properties": {"a": {"type": "number", "nullable": True}}},
            {"properties": {"a": {"type": ["number", "null"]}}},
            id="nested",
        ),
        pytest.param(
            {"type": ["string", "null"], "description": "3.1 style"},
            {"type": ["string", "null"], "description": "3.1 style"},
            id="3.1-style-unchanged",
        ),
    ],
)
def test_nullable_becomes_a_3_1_type_union(
    schema: dict[str, Any], expected: dict[str, Any]
) -> None:
    before = repr(schema)
    assert normalise(schema) == expected
    assert repr(schema) == before  # the input is not mutated


def test_a_lone_media_example_becomes_the_default_named_example() -> None:
    media_type = {"schema": {"type": "object"}, "example": {"text": "x"}}
    assert normalise(media_type) == {
        "schema": {"type": "object"},
        "examples": {"default": {"value": {"text": "x"}}},
    }


def test_a_response_with_only_a_schema_example_gets_it_as_the_default() -> None:
    """Upstream writes some responses' example on the schema only (a 504, say)."""
    ref = {"$ref": "#/components/schemas/T"}
    spec = {
        "paths": {"/x": {"post": {"responses": {
            "504": {"content": {"application/json": {"schema": ref}}},
            "418": {"content": {"application/json": {"schema": {"type": "object"}}}},
        }}}},
        "components": {"schemas": {"T": {"type": "object", "example": {"error": {"code": 504}}}}},
    }  # fmt: skip
    responses = name_schema_examples(spec)["paths"]["/x"]["post"]["responses"]
    assert responses["504"]["content"]["application/json"]["examples"] == {
        "default": {"value": {"error": {"code": 504}}}
    }
    assert "examples" not in responses["418"]["content"]["application/json"]


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        pytest.param(
            {"allOf": [{"$ref": "#/E"}, {"description": "why"}]},
            {"description": "why", "allOf": [{"$ref": "#/E"}]},
            id="ref-and-description",
        ),
        pytest.param(
            {"description": "outer", "allOf": [{"$ref": "#/E"}, {"description": "inner"}]},
            {"description": "outer", "allOf": [{"$ref": "#/E"}]},
            id="the-outer-annotation-wins",
        ),
        pytest.param(
            {"allOf": [{"$ref": "#/E"}, {"type": "string"}]},
            {"allOf": [{"$ref": "#/E"}, {"type": "string"}]},
            id="a-constraint-stays",
        ),
        pytest.param(
            {"allOf": [{"$ref": "#/A"}, {"$ref": "#/B"}]},
            {"allOf": [{"$ref": "#/A"}, {"$ref": "#/B"}]},
            id="two-refs-stay",
        ),
    ],
)
def test_annotations_beside_a_ref_in_all_of_are_lifted(
    schema: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert normalise(schema) == expected


def test_no_all_of_mixes_a_ref_with_annotations(spec: dict[str, Any]) -> None:
    mixed = [
        pointer
        for pointer, node in walk(spec)
        if isinstance(node, dict)
        and isinstance(node.get("allOf"), list)
        and len(node["allOf"]) > 1
        and any("$ref" in part for part in node["allOf"])
    ]
    assert mixed == []


def test_media_types_carry_named_examples_not_a_lone_example(spec: dict[str, Any]) -> None:
    lone = [
        pointer
        for pointer, node in walk(spec["paths"])
        if isinstance(node, dict) and "schema" in node and "example" in node
    ]
    assert lone == []
    assert all("default" in op.examples(status) for op, status in OPERATION_STATUSES)


OVERLAY = yaml.safe_load((ROOT / "mock" / "overlay.yaml").read_text(encoding="utf-8"))
UPSTREAM = build_spec(ROOT / "openapi.yaml")  # normalised, without the overlay
#: (operation, status, named examples) for each response the overlay adds examples to.
OVERLAY_EXAMPLES = [
    (Operation(method, path), int(status), response["content"]["application/json"]["examples"])
    for path, item in OVERLAY["paths"].items()
    for method, operation in item.items()
    for status, response in operation["responses"].items()
]


@pytest.mark.parametrize(("operation", "status", "added"), cases(OVERLAY_EXAMPLES))
def test_overlay_examples_reach_the_normalised_spec(
    operation: Operation, status: int, added: dict[str, Any]
) -> None:
    assert operation in OPERATIONS, f"the overlay adds examples to {operation}, not in the spec"
    upstream = UPSTREAM["paths"][operation.path][operation.method]["responses"][str(status)]
    before = upstream["content"]["application/json"]["examples"]
    examples = operation.examples(status)
    assert set(examples) == {*before, *added}
    for name, example in added.items():
        # A new example arrives as written; one upstream has is completed, not replaced.
        expected = example if name not in before else merge_patch(before[name], example)
        assert examples[name] == expected
        if name in before:
            kept = {key: before[name]["value"][key] for key in before[name]["value"]}
            assert {key: examples[name]["value"][key] for key in kept} == kept


@pytest.mark.parametrize(("operation", "name"), cases(OPERATION_EXAMPLES))
def test_named_200_example_is_valid_against_its_schema(
    spec: dict[str, Any], operation: Operation, name: str
) -> None:
    validator_for(spec, operation.schema_name(200)).validate(operation.examples(200)[name]["value"])


@pytest.mark.parametrize(
    ("operation", "status"), cases([row for row in OPERATION_STATUSES if row[1] >= 400])
)
def test_error_example_is_valid_against_its_schema(
    spec: dict[str, Any], operation: Operation, status: int
) -> None:
    validator_for(spec, operation.schema_name(status)).validate(operation.default_example(status))


@pytest.mark.parametrize(
    "instance",
    [
        {"usage": {}},
        {"text": 1},
        {"text": "x", "usage": None},
        {"text": "x", "usage": {"seconds": "9"}},
    ],
    ids=["no-text", "text-not-string", "usage-null", "seconds-not-number"],
)
def test_stt_response_schema_rejects(spec: dict[str, Any], instance: dict[str, Any]) -> None:
    # Keeps the validations above from passing vacuously. Note `usage: null` is off-contract.
    assert not validator_for(spec, "STTResponse").is_valid(instance)


@pytest.mark.parametrize(
    ("target", "patch", "expected"),
    [
        pytest.param({"a": 1, "b": 2}, {"a": None}, {"b": 2}, id="null-deletes"),
        pytest.param({"a": 1}, {"b": None}, {"a": 1}, id="deleting-a-missing-key-is-a-no-op"),
        pytest.param(
            {"a": {"x": 1, "y": 2}},
            {"a": {"y": 3, "z": 4}},
            {"a": {"x": 1, "y": 3, "z": 4}},
            id="objects-merge",
        ),
        pytest.param({"a": [1, 2]}, {"a": [3]}, {"a": [3]}, id="arrays-replace"),
        pytest.param({"a": {"x": 1}}, {"a": "s"}, {"a": "s"}, id="scalar-replaces-object"),
        pytest.param(
            {"a": "s"}, {"a": {"x": None, "y": 1}}, {"a": {"y": 1}}, id="object-on-scalar"
        ),
        pytest.param({"a": 1}, ["x"], ["x"], id="non-object-patch-replaces-all"),
        pytest.param(
            {"a": {"x": 1}},
            {"a": {"y": {"z": None}}, "b": {"c": None, "d": [None]}},
            {"a": {"x": 1, "y": {"z": None}}, "b": {"c": None, "d": [None]}},
            id="what-is-added-keeps-its-nulls",
        ),
        pytest.param({"a": {"x": 1}}, {"a": {"x": None}}, {"a": {}}, id="nested-null-deletes"),
    ],
)
def test_merge_patch_follows_rfc_7386(target: Any, patch: Any, expected: Any) -> None:
    before = repr(target)
    assert merge_patch(target, patch) == expected
    assert repr(target) == before  # the target is not mutated
