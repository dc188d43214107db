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
import os
import random
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from schemathesis.core import NOT_SET

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# Seed of schemathesis' generation (it derives one hypothesis seed per operation from it):
# random per run, so runs keep exploring, unless FUZZ_SEED replays one.
SEED = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().getrandbits(64))
# Prism never answers some malformed requests; a hung call must fail, not stall the suite.
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
            "generation": {"mode": "all", "max-examples": FUZZ_EXAMPLES},
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


def sends_json(context: schemathesis.HookContext, case: schemathesis.Case) -> bool:
    """`filter_case` hook: keep only cases whose body, if any, goes out as JSON.

    Negative fuzzing also sends raw bytes as `application/json`, and Prism never answers
    a body that does not parse (the connection hangs until the timeout). Other media types
    go too: the operation only takes JSON, so they would test Prism, not the contract.
    """
    if case.body is NOT_SET:
        return True
    media_type = (case.media_type or "").split(";")[0].strip().lower()
    if not (media_type == "application/json" or media_type.endswith("+json")):
        return False
    try:
        json.dumps(case.body, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


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
def api_schema(spec_path: Path, base_url: str) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_path(spec_path, config=config(base_url))
    # Scoped to this schema, unlike `@schemathesis.hook`, which would reach every schema.
    schema.hook("filter_case")(sends_json)
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
