"""Schemathesis against the Prism mock serving the normalised spec.

Draft.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis.core import NOT_SET

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("FUZZ_SEED") or random.getrandbits(64))
TIMEOUT = 5.0

LOG: list[Any] = []


def _json_media_type(media_type: str | None) -> bool:
    kind = (media_type or "").split(";")[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))


def sends_json(context: schemathesis.HookContext, case: schemathesis.Case) -> bool:
    if case.body is NOT_SET:
        ok = True
    elif not _json_media_type(case.media_type):
        ok = False
    else:
        try:
            json.dumps(case.body, allow_nan=False)
            ok = True
        except (TypeError, ValueError):
            ok = False
    LOG.append((ok, case.method, case.media_type, type(case.body).__name__, repr(case.body)[:80]))
    return ok


def make_config(base_url: str) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "base-url": base_url,
            "headers": {"Authorization": "Bearer test"},
            "request-timeout": TIMEOUT,
            "generation": {"mode": "all", "max-examples": FUZZ_EXAMPLES},
            "phases": {
                "stateful": {"enabled": False},
                "coverage": {"checks": {"unsupported-method": {"enabled": False}}},
            },
            "checks": {"ignored-auth": {"enabled": False}},
        }
    )


@pytest.fixture(scope="session")
def api_schema(spec_path: Path, base_url: str) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_path(spec_path, config=make_config(base_url))
    schema.hook("filter_case")(sends_json)
    return schema


from _pytest.nodes import Node
from _pytest.nodeid import coerce_node_id
if not hasattr(Node, "_nodeid"):
    Node._nodeid = property(lambda self: self.nodeid, lambda self, v: setattr(self, "_id", coerce_node_id(v)))

schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis.settings(print_blob=True, derandomize=False)
def test_api(case: schemathesis.Case) -> None:
    case.call_and_validate()


def test_zz_log() -> None:
    import collections

    print(collections.Counter((x[0], x[2], x[3]) for x in LOG))
    for x in LOG:
        if not x[0]:
            print(x)
