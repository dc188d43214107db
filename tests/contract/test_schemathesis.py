"""Schemathesis against the Prism mock serving the normalised spec.

The examples, coverage and fuzzing phases run (the last two with positive and negative
data), and every response goes through schemathesis' default checks, among them
``not_a_server_error``, ``status_code_conformance``, ``content_type_conformance``,
``response_schema_conformance``, ``positive_data_acceptance`` and, above all,
``negative_data_rejection``: Prism only rejects invalid bodies while it can read the
request schema, which is what the nullable normalisation (tools/normalise_spec.py)
restores. Two checks Prism cannot pass are switched off, each where it is configured.

FUZZ_EXAMPLES (default 25, `make fuzz`: 500) sets hypothesis' example count for the
fuzzing phase; the seed is random per run, printed on failure, and FUZZ_SEED replays it.
"""

from __future__ import annotations

import json
import math
import os
import random
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hypothesis
import jsonschema_rs
import pytest
import requests
import schemathesis
from normalise_spec import build_spec  # tests/conftest.py puts tools/ on sys.path
from schemathesis.core import NOT_SET

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# Seed of schemathesis' generation (it derives one hypothesis seed per operation from it):
# random per run, so runs keep exploring, unless FUZZ_SEED replays one.
SEED = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().getrandbits(64))
# A hung call must fail, not stall the suite (Prism hung on unparseable JSON before
# mock/patches/ fixed it).
REQUEST_TIMEOUT = 5.0


def config(base_url: str) -> schemathesis.Config:
    """The equivalent of a schemathesis.toml, kept here so the suite is self-contained.

    Gotcha: check names are snake_case (`ignored_auth`); a kebab-case key is silently
    taken for a custom check and disables nothing.
    """
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "base-url": base_url,
            "headers": {"Authorization": "Bearer test"},
            "request-timeout": REQUEST_TIMEOUT,
            # The Authorization header is the one above, never drawn: Prism accepts any
            # bearer token, so a drawn one only tests Prism, and GET /models declares the
            # global bearer security while documenting no 401 (upstream's inconsistency), so
            # a malformed one there is an "undocumented 401" about the spec, not the mock.
            "generation": {
                "mode": "all",
                "max-examples": FUZZ_EXAMPLES,
                "with-security-parameters": False,
            },
            "phases": {
                # One stateless operation: no links to follow.
                "stateful": {"enabled": False},
                # The coverage phase also sends undeclared methods (GET, TRACE, ...). Prism
                # answers 405 as it should, but without the `Allow` header RFC 9110 requires,
                # which `unsupported_method` demands too; `undeclared_method_rejected` below
                # keeps the status half of that check.
                "coverage": {"checks": {"unsupported_method": {"enabled": False}}},
            },
            "checks": {
                # Prism accepts any bearer token (it only checks that one is present), so
                # "an invalid token must be refused" cannot hold against the mock.
                "ignored_auth": {"enabled": False},
            },
        }
    )


def documented_media_types(spec: dict[str, Any]) -> Callable[..., bool]:
    """A `filter_case` hook: keep cases whose body, if any, has a media type the operation
    documents (JSON, and multipart since upstream added it), read from the spec.

    Other media types would test Prism's content negotiation, not the contract.
    """

    def keep(context: schemathesis.HookContext, case: schemathesis.Case) -> bool:
        operation = spec["paths"][case.operation.path][case.operation.method.lower()]
        negative = bool(case.meta and case.meta.generation.mode.is_negative)
        if negative and empty_for_nullable(case, operation):
            return False
        if case.body is NOT_SET:
            return True
        documented = set(operation.get("requestBody", {}).get("content", {}))
        media_type = (case.media_type or "").split(";")[0].strip().lower()
        if media_type not in documented:
            return False
        if media_type == "multipart/form-data" and not negative and isinstance(case.body, dict):
            # Multipart has no null and no object: a part holds the text "null" or JSON
            # text, which no schema that admits null or an object (OpenAI's `stream`,
            # `chunking_strategy`) reads as such without an `encoding` the spec does not
            # give. A client leaves a null out, so such a valid body is not one to send.
            return not any(value is None or isinstance(value, dict) for value in case.body.values())
        if media_type == "multipart/form-data" and negative:
            schema = operation["requestBody"]["content"][media_type]["schema"]
            if "$ref" in schema:  # OpenAI's form is a named component
                schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
            # What the form's properties refer to, for the validator.
            schema = {**schema, "components": spec.get("components", {})}
            return survives_multipart(case.body, schema)
        return True

    return keep


def empty_for_nullable(case: schemathesis.Case, operation: dict[str, Any]) -> bool:
    """Whether the query sends an empty `name=` for a parameter whose schema admits null.

    On the wire `?x=` is the form-style spelling of an empty value, which Prism's validator
    (ajv, coercing types) reads as null: valid for a nullable number. Schemathesis 4.32.5
    calls the value it drew (`""`, `{}`, ...) a wrong type and reports ST201 when it is
    accepted; such a case tests that ambiguity, not the contract. The query is read as it
    will be sent.
    """
    nullable = {
        parameter["name"]
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "query" and "null" in type_names(parameter.get("schema", {}))
    }
    if not nullable or not case.query:
        return False
    params = case.as_transport_kwargs(base_url="http://127.0.0.1").get("params")
    url = requests.Request("GET", "http://127.0.0.1/", params=params).prepare().url or ""
    sent = urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True)
    return any(name in nullable and value == "" for name, value in sent)


def survives_multipart(body: Any, schema: dict[str, Any]) -> bool:
    """Whether a negative multipart body is still invalid once it is on the wire.

    Multipart carries only strings: `true` for a string field is the string "true", a list
    becomes one part per item (none for `[]`), and one part for an array property is an
    array of one. Schemathesis 4.32.5 mutates the typed value, so many "negative" bodies
    arrive valid and are then reported as a valid request accepted (ST201); its maintainers
    fixed the same wire-blind mutations for form bodies (schemathesis#3792) and enum strings
    (schemathesis#4040), not these. So the body is rebuilt as the server reads it (Prism
    coerces strings to the declared scalar types) and validated: a valid one is skipped.
    """
    if not isinstance(body, dict):
        return True
    properties = schema.get("properties", {})
    wire: dict[str, Any] = {}
    for name, value in body.items():
        parts = [wire_string(part) for part in (value if isinstance(value, list) else [value])]
        declared = properties.get(name, {})
        if not parts:
            continue
        if "array" in type_names(declared):
            wire[name] = [coerce(part, declared.get("items", {})) for part in parts]
        else:
            wire[name] = coerce(parts[0], declared) if len(parts) == 1 else parts
    return not jsonschema_rs.validator_for(schema).is_valid(wire)


def type_names(schema: dict[str, Any]) -> list[str]:
    kinds = schema.get("type", [])
    return kinds if isinstance(kinds, list) else [kinds]


def wire_string(value: Any) -> str:
    data = getattr(value, "data", value)  # file contents arrive wrapped in schemathesis' Binary
    if isinstance(data, bytes):
        return data.decode("latin-1")
    return str(value) if isinstance(value, str) else json.dumps(value)


def coerce(text: str, schema: dict[str, Any]) -> Any:
    """A part's text as the server's validator sees it (ajv-style type coercion)."""
    kinds = type_names(schema)
    if not kinds or "string" in kinds:
        return text
    for kind in kinds:
        try:
            if kind == "integer":
                return int(text)
            if kind == "number":
                number = float(text)
                if math.isfinite(number):
                    return number
            if kind == "boolean" and text in ("true", "false"):
                return text == "true"
            if kind == "null" and text == "":
                return None
        except ValueError:
            continue
    return text


def undeclared_method_rejected(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """`unsupported_method` without its `Allow` header demand: an undeclared method gets 405."""
    if case.method.upper() != case.operation.method.upper() and response.status_code != 405:
        raise AssertionError(
            f"Undeclared method {case.method} returned {response.status_code}, expected 405"
        )
    return None


@pytest.fixture(scope="session")
def api_schema(spec: dict[str, Any], spec_path: Path, base_url: str) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_path(spec_path, config=config(base_url))
    # Scoped to this schema, unlike `@schemathesis.hook`, which would reach every schema.
    schema.hook("filter_case")(documented_media_types(spec))
    return schema


@pytest.fixture(autouse=True)
def report_seed(request: pytest.FixtureRequest) -> None:
    # Printed with any failure below. Schemathesis' pytest plugin strips hypothesis' own
    # notes (seed, `@reproduce_failure`) from its check failures, so say it here.
    replay = f"Replay: FUZZ_SEED={SEED} FUZZ_EXAMPLES={FUZZ_EXAMPLES}"
    request.node.add_report_section("call", "seed", replay)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
# derandomize stays off (hypothesis' CI profile turns it on), so every run explores anew
# and SEED replays one. print_blob adds `@reproduce_failure` to errors such as a timeout.
@hypothesis.settings(print_blob=True, derandomize=False)
def test_api(case: schemathesis.Case) -> None:
    case.call_and_validate(additional_checks=[undeclared_method_rejected])


def request_media_types(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (method, path, media_type)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict)
        for media_type in operation.get("requestBody", {}).get("content", {})
    ]


ROOT = Path(__file__).resolve().parents[2]
MEDIA_TYPES = request_media_types(build_spec(ROOT / "openapi.yaml", ROOT / "mock" / "overlay.yaml"))


@pytest.mark.parametrize(("method", "path", "media_type"), MEDIA_TYPES)
def test_every_documented_request_media_type_is_generated_and_accepted(
    api_schema: schemathesis.BaseSchema, method: str, path: str, media_type: str
) -> None:
    # The fuzzing above draws media types at random; this pins that each one the spec
    # documents (JSON and, since upstream added it, multipart) is generated and that Prism
    # accepts its valid bodies.
    operation = api_schema[path][method.upper()]

    strategy = operation.as_strategy().filter(lambda case: case.media_type == media_type)

    @hypothesis.given(case=strategy)
    @hypothesis.settings(max_examples=5, deadline=None, database=None)
    def accepted(case: schemathesis.Case) -> None:
        case.call_and_validate()

    accepted()
