"""Schemathesis against a Prism mock serving OpenAI's audio contract (tools/contracts.py),
with the same configuration, case filter and checks as OpenRouter's (test_schemathesis.py).

Sampled to keep `make test` short: hypothesis draws OPENAI_FUZZ_EXAMPLES examples per
operation in the fuzzing phase (default a fifth of FUZZ_EXAMPLES, at least 5; `make fuzz`
raises both); the examples and coverage phases run in full. FUZZ_SEED replays a run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from normalise_spec import build_spec, dump_spec  # tests/conftest.py puts tools/ on sys.path
from test_schemathesis import (  # the same directory, on sys.path
    FUZZ_EXAMPLES,
    SEED,
    config,
    documented_media_types,
    request_media_types,
    undeclared_method_rejected,
)

from openrouter_stt.mock import MockServer

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = int(os.environ.get("OPENAI_FUZZ_EXAMPLES") or max(5, FUZZ_EXAMPLES // 5))


def openai_spec() -> dict[str, Any]:
    from contracts import OPENAI

    return build_spec(ROOT / OPENAI.spec, ROOT / OPENAI.overlay)


@pytest.fixture(scope="module")
def openai_spec_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("openai-spec") / "openapi.json"
    path.write_text(dump_spec(openai_spec()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def openai_mock(
    openai_spec_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MockServer]:
    log = tmp_path_factory.mktemp("openai-prism") / "prism.log"
    with MockServer(spec=openai_spec_path, log=log, api="openai") as server:
        yield server


@pytest.fixture(scope="module")
def openai_schema(openai_spec_path: Path, openai_mock: MockServer) -> schemathesis.BaseSchema:
    settings = config(openai_mock.base_url)
    settings.projects.default.generation.update(max_examples=SAMPLE)
    schema = schemathesis.openapi.from_path(openai_spec_path, config=settings)
    schema.hook("filter_case")(documented_media_types(openai_spec()))
    return schema


@pytest.fixture(autouse=True)
def report_seed(request: pytest.FixtureRequest) -> None:
    replay = f"Replay: FUZZ_SEED={SEED} OPENAI_FUZZ_EXAMPLES={SAMPLE}"
    request.node.add_report_section("call", "seed", replay)


schema = schemathesis.pytest.from_fixture("openai_schema")


@schema.parametrize()
@hypothesis.settings(print_blob=True, derandomize=False)
def test_openai_api(case: schemathesis.Case) -> None:
    case.call_and_validate(additional_checks=[undeclared_method_rejected])


@pytest.mark.parametrize(("method", "path", "media_type"), request_media_types(openai_spec()))
def test_every_documented_request_media_type_is_generated_and_accepted(
    openai_schema: schemathesis.BaseSchema, method: str, path: str, media_type: str
) -> None:
    operation = openai_schema[path][method.upper()]
    strategy = operation.as_strategy().filter(lambda case: case.media_type == media_type)

    @hypothesis.given(case=strategy)
    @hypothesis.settings(max_examples=5, deadline=None, database=None)
    def accepted(case: schemathesis.Case) -> None:
        case.call_and_validate()

    accepted()
