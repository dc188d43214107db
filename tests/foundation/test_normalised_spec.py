"""The normalised spec (tools/normalise_spec.py) is valid OpenAPI 3.1 that tools can trust."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
import yaml

from ._spec import (
    EXAMPLES_200,
    PATH,
    ROOT,
    STATUSES,
    default_example,
    media,
    merge_patch,
    schema_name,
)

SEED = ROOT.parent / "shared" / "seeds" / "openapi.yaml"
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


def resolve(document: Any, pointer: Pointer) -> Any:
    for part in pointer:
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def nullable_nodes(document: Any) -> list[tuple[Pointer, dict[str, Any]]]:
    return [
        (pointer, node)
        for pointer, node in walk(document)
        if isinstance(node, dict) and node.get("nullable") is True
    ]


def validator_for(spec: dict[str, Any], name: str) -> jsonschema_rs.Validator:
    """A 2020-12 validator for one component schema, its ``$ref``s resolvable."""
    return jsonschema_rs.Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    )


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))


def test_no_nullable_keyword_remains(spec: dict[str, Any]) -> None:
    leftovers = [p for p, node in walk(spec) if isinstance(node, dict) and "nullable" in node]
    assert leftovers == []


def test_each_typed_nullable_became_a_type_union_with_null(
    raw: dict[str, Any], spec: dict[str, Any]
) -> None:
    typed = [(pointer, node) for pointer, node in nullable_nodes(raw) if "type" in node]
    assert typed, "openapi.yaml has no typed nullable schema: this test checks nothing"
    for pointer, node in typed:
        kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
        assert resolve(spec, pointer)["type"] == [*kinds, "null"], "/".join(pointer)


def test_untyped_nullable_stays_untyped(raw: dict[str, Any], spec: dict[str, Any]) -> None:
    # `{nullable: true}` alone already admits null; adding a type would narrow it.
    untyped = [pointer for pointer, node in nullable_nodes(raw) if "type" not in node]
    assert untyped
    for pointer in untyped:
        assert "type" not in resolve(spec, pointer), "/".join(pointer)


def test_media_types_carry_named_examples_not_a_lone_example(spec: dict[str, Any]) -> None:
    lone = [
        pointer
        for pointer, node in walk(spec["paths"])
        if isinstance(node, dict) and "schema" in node and "example" in node
    ]
    assert lone == []
    assert all("default" in media(status)["examples"] for status in STATUSES)


@pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} not present (no ../shared checkout)")
def test_vendored_openapi_yaml_is_the_seed_verbatim() -> None:
    assert (ROOT / "openapi.yaml").read_bytes() == SEED.read_bytes()


def test_overlay_examples_reach_the_normalised_spec() -> None:
    overlay = yaml.safe_load((ROOT / "mock" / "overlay.yaml").read_text(encoding="utf-8"))
    added = overlay["paths"][PATH]["post"]["responses"]["200"]["content"]["application/json"]
    assert {name: EXAMPLES_200[name] for name in added["examples"]} == added["examples"]
    assert set(EXAMPLES_200) == {"default", *added["examples"]}


@pytest.mark.parametrize("name", sorted(EXAMPLES_200))
def test_named_200_example_is_a_valid_stt_response(spec: dict[str, Any], name: str) -> None:
    validator_for(spec, schema_name(200)).validate(EXAMPLES_200[name]["value"])


@pytest.mark.parametrize("status", [status for status in STATUSES if status != 200])
def test_error_example_is_valid_against_its_schema(spec: dict[str, Any], status: int) -> None:
    validator_for(spec, schema_name(status)).validate(default_example(status))


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
    ],
)
def test_merge_patch_follows_rfc_7386(target: Any, patch: Any, expected: Any) -> None:
    before = repr(target)
    assert merge_patch(target, patch) == expected
    assert repr(target) == before  # the target is not mutated
