"""Hypothesis strategies of response bodies for each operation in the spec.

One strategy per documented status of an operation (200 and every error), generated from
that response's JSON schema in the normalised spec, so bodies exercise everything the
contract allows: nullable fields as ``None``, optional fields left out, empty objects, and
unknown extra properties (where a schema does not forbid them). Use them to feed a client
canned responses::

    bodies = response_bodies(spec)          # {200: strategy, 400: strategy, ...}
    bodies = response_bodies(spec, ("/models", "get"))

    @given(body=bodies[200])
    def test_client_parses(body): ...

Every body is a plain JSON value (dicts, lists, str, int, float, bool, None; no NaN), so
``json.dumps(body)`` is the wire form.

Generation is schemathesis' own JSON-Schema engine (built on ``jsonschema_rs``), the
one it fuzzes requests with. ``hypothesis-jsonschema`` is not an option: 0.23.1 breaks on
hypothesis >= 6.170.10, and schemathesis 4.x neither uses nor vendors it. The engine's
entry point is internal, hence the pinned schemathesis; it is imported in one place.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
from hypothesis.strategies import SearchStrategy
from schemathesis.generation.jsonschema.builder import build
from schemathesis.specs.openapi.formats import get_default_format_strategies

__all__ = ["MEDIA_TYPE", "OPERATION", "operations", "response_bodies", "response_schemas"]

Operation = tuple[str, str]  # (path, method)

#: The transcription operation, the default of the functions below.
OPERATION: Operation = ("/audio/transcriptions", "post")
MEDIA_TYPE = "application/json"
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every (path, method) the spec documents."""
    return [
        (path, method) for path, item in spec["paths"].items() for method in item
        if method in HTTP_METHODS
    ]  # fmt: skip


def response_schemas(
    spec: dict[str, Any], operation: Operation = OPERATION
) -> dict[int, dict[str, Any]]:
    """Each documented status of an operation -> a self-contained JSON schema of its JSON body.

    Self-contained: the spec's ``components`` ride along, so ``#/components/...``
    references resolve against the returned schema itself (a validator can take it as is).
    """
    path, method = operation
    responses = spec["paths"][path][method]["responses"]
    return {
        int(status): {
            **response["content"][MEDIA_TYPE]["schema"],
            "components": spec["components"],
        }
        for status, response in responses.items()
        if MEDIA_TYPE in response.get("content", {})
    }


def response_bodies(
    spec: dict[str, Any], operation: Operation = OPERATION
) -> dict[int, SearchStrategy[Any]]:
    """Each documented status of an operation -> a strategy of bodies valid for it.

    ``spec`` must be the normalised spec (tools/normalise_spec.py): nullability is read
    from JSON Schema 2020-12 type unions, which the upstream ``nullable`` is not.
    """
    schemas = response_schemas(spec, operation)
    return {status: schema_strategy(schema) for status, schema in schemas.items()}


def schema_strategy(schema: dict[str, Any]) -> SearchStrategy[Any]:
    # OpenAPI 3.1 schemas are JSON Schema 2020-12. The format strategies are schemathesis'
    # defaults, so a `format` a future spec adds still yields conforming strings.
    return build(schema, draft=jsonschema_rs.Draft202012, formats=get_default_format_strategies())
