"""The response-body strategies give valid bodies, and the awkward ones among them."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample
from hypothesis.strategies import SearchStrategy
from normalise_spec import build_spec  # tests/conftest.py puts tools/ on sys.path
from response_strategies import Operation, operations, response_bodies, response_schemas
from spec_features import resolve

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
MISSING = object()

Schema = dict[str, Any]


ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = operations(build_spec(ROOT / "openapi.yaml", ROOT / "mock" / "overlay.yaml"))


@pytest.fixture(scope="session", params=OPERATIONS, ids=lambda op: f"{op[1].upper()} {op[0]}")
def operation(request: pytest.FixtureRequest) -> Operation:
    return request.param


@pytest.fixture(scope="session")
def bodies(spec: Schema, operation: Operation) -> dict[int, SearchStrategy[Any]]:
    return response_bodies(spec, operation)


@pytest.fixture(scope="session")
def schemas(spec: Schema, operation: Operation) -> dict[int, Schema]:
    return response_schemas(spec, operation)


@pytest.fixture(scope="session")
def validators(schemas: dict[int, Schema]) -> dict[int, jsonschema_rs.Validator]:
    # jsonschema_rs is the validator schemathesis itself checks responses with.
    return {
        status: jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
        for status, schema in schemas.items()
    }


def test_one_strategy_per_documented_status(
    spec: Schema, operation: Operation, bodies: dict
) -> None:
    path, method = operation
    responses = spec["paths"][path][method]["responses"]
    documented = {
        int(status) for status, r in responses.items() if "application/json" in r["content"]
    }
    assert set(bodies) == documented
    assert 200 in documented and any(status >= 400 for status in documented)


@settings(max_examples=FUZZ_EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bodies_are_valid_json_for_their_schema(
    data: st.DataObject, bodies: dict, validators: dict[int, jsonschema_rs.Validator]
) -> None:
    for status, strategy in bodies.items():
        body = data.draw(strategy, label=str(status))
        validators[status].validate(body)
        # Plain JSON values only: what a mock server would put on the wire, and read back.
        wire = json.dumps(body, allow_nan=False, ensure_ascii=False).encode("utf-8")
        assert json.loads(wire) == body


# --- the bodies reach every corner the schema allows ---------------------------------


def lookup(body: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if not isinstance(body, dict) or name not in body:
            return MISSING
        body = body[name]
    return body


def types(schema: Schema) -> set[str]:
    kind = schema.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)


def facets(root: Schema) -> Iterator[tuple[str, Callable[[Any], bool]]]:
    """(description, predicate) for each corner case the schema `root` admits."""

    def walk(schema: Schema, path: tuple[str, ...]) -> Iterator[tuple[str, Callable]]:
        schema = resolve(schema, root)
        declared = set(schema.get("properties", {}))
        where = ".".join(path) or "top level"
        # Nothing in this spec sets `additionalProperties: false`, so unknown keys are fair.
        if schema.get("additionalProperties", True) is not False:
            yield (
                f"unknown property at {where}",
                lambda b, p=path: isinstance(v := lookup(b, p), dict) and bool(set(v) - declared),
            )
        if not schema.get("required"):
            yield f"empty object at {where}", lambda b, p=path: lookup(b, p) == {}
        required = set(schema.get("required", ()))
        for name, sub in schema.get("properties", {}).items():
            sub, here = resolve(sub, root), (*path, name)
            if "null" in types(sub):
                yield f"null {'.'.join(here)}", lambda b, p=here: lookup(b, p) is None
            if name not in required:
                yield (
                    f"missing {'.'.join(here)}",
                    lambda b, p=path, n=name: isinstance(v := lookup(b, p), dict) and n not in v,
                )
            if "object" in types(sub):
                yield from walk(sub, here)

    yield from walk(root, ())


def test_bodies_exercise_nulls_omissions_empty_objects_and_extras(
    bodies: dict, schemas: dict[int, Schema]
) -> None:
    # Generation only (shrinking a witness is wasted time), and one search per status that
    # ends once every corner of that schema has turned up in some body.
    quick = settings(max_examples=1000, database=None, phases=[Phase.generate])
    kinds, missed = set(), []
    for status, strategy in bodies.items():
        pending = dict(facets(schemas[status]))
        kinds |= {description.split(" ")[0] for description in pending}

        def covers_the_rest(body: Any, pending: dict = pending) -> bool:
            for description in [d for d, predicate in pending.items() if predicate(body)]:
                del pending[description]
            return not pending

        with contextlib.suppress(NoSuchExample):
            find(strategy, covers_the_rest, settings=quick)
        missed += [f"{status}: {description}" for description in pending]
    assert not missed, "never generated:\n" + "\n".join(missed)
    # The schemas have all four kinds of corner, so the walk above missed none of them.
    assert kinds == {"unknown", "empty", "null", "missing"}
