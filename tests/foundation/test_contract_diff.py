"""The contract diff (tools/contract_diff.py) names what a person reading upstream's
commits would name, on upstream's real history.

Each file in ``contracts/`` is upstream's document at the commit below, cut to the
covered operations (filtering is idempotent, so the diff cuts them again unchanged):

OpenRouter (OpenRouterTeam/docs, ``openapi/openapi.yaml``):
    2026-06-16 1c9b4627, 2026-07-07 014af035, 2026-07-09 7e2184ae, 2026-07-16 38592d2a,
    2026-07-24 71393b66, 2026-08-22 c26125a5 (the same operations as 08-21).
OpenAI (openai/openai-openapi, ``openapi.yaml``; MIT, ``contracts/openai/LICENSE``), also
without the ``x-oaiMeta`` code samples and webhooks:
    2026-05-13 5162af98, 2026-07-15 535f5dc9, 2026-07-27 b9fc3bcf, 2026-08-21 f85dbe22.
"""

from __future__ import annotations

import functools
import itertools
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from contract_diff import (
    ADDITIVE,
    BREAKING,
    EQUIVALENT,
    Finding,
    compare_texts,
    diff,
    render,
)
from contracts import OPENAI, OPENROUTER, Contract

CONTRACTS = Path(__file__).parent / "contracts"
OPENROUTER_DATES = ["2026-06-16", "2026-07-07", "2026-07-09", "2026-07-16", "2026-07-24",
                    "2026-08-22"]  # fmt: skip
OPENAI_DATES = ["2026-05-13", "2026-07-15", "2026-07-27", "2026-08-21"]
TRANSCRIBE = "POST /audio/transcriptions"


def version(contract: Contract, date: str) -> str:
    if contract is OPENAI:
        return (CONTRACTS / "openai" / f"openai-openapi-{date}.yaml").read_text(encoding="utf-8")
    return (CONTRACTS / f"openapi-{date}.yaml").read_text(encoding="utf-8")


@functools.cache
def changes(contract: Contract, old: str, new: str) -> list[Finding]:
    return compare_texts(version(contract, old), version(contract, new), contract)


def of_kind(findings: list[Finding], kind: str) -> list[Finding]:
    return [f for f in findings if f.kind == kind]


def has(findings: list[Finding], kind: str, where: str, what: str) -> bool:
    return any(f.kind == kind and f.where == where and what in f.what for f in findings)


# ------------------------------------------------------------------ OpenRouter's history


def test_07_07_adds_the_multipart_request_and_breaks_nothing() -> None:
    found = changes(OPENROUTER, "2026-06-16", "2026-07-07")
    assert of_kind(found, BREAKING) == []
    assert has(found, ADDITIVE, f"{TRANSCRIBE} request multipart/form-data", "media type added")
    assert "file" in next(f.what for f in found if "multipart" in f.where)


def test_07_09_adds_timestamps_options_and_segments_and_words_in_the_answer() -> None:
    found = changes(OPENROUTER, "2026-07-07", "2026-07-09")
    json_request = f"{TRANSCRIBE} request application/json"
    for option in ("response_format", "timestamp_granularities"):
        assert has(found, ADDITIVE, f"{json_request}: {option}", f"keyword {option}=")
    form = f"{TRANSCRIBE} request multipart/form-data"
    assert has(found, ADDITIVE, f"{form}: timestamp_granularities[]", "added (optional)")
    assert has(found, ADDITIVE, f"{form}: response_format", "['verbose_json'] added")
    for field in ("segments", "words", "duration", "language", "task"):
        assert has(found, ADDITIVE, f"{TRANSCRIBE} 200 application/json: {field}", "added")
    # The one removal upstream made that day: a provider slug renamed (sakana-ai -> sakana).
    assert [f.where.rsplit(": ", 1)[1] for f in of_kind(found, BREAKING)] == ["sakana-ai"]


def test_07_16_null_types_are_equivalent_not_breaking() -> None:
    found = changes(OPENROUTER, "2026-07-09", "2026-07-16")
    assert of_kind(found, BREAKING) == []
    nulls = [f for f in of_kind(found, EQUIVALENT) if "type [..., 'null'] (3.1)" in f.what]
    assert len(nulls) > 20
    assert Finding(EQUIVALENT, f"{TRANSCRIBE} 400 application/json: user_id",
                   "null now written as type [..., 'null'] (3.1)") in nulls  # fmt: skip
    # 3.0's `minimum: 0, exclusiveMinimum: true` on an integer is 3.1's `minimum: 1`.
    assert has(found, EQUIVALENT, "GET /models query parameter context", "the same numeric")
    report = render(found)
    assert "**Breaking** (0)" in report
    assert "null now written as type [..., 'null'] (3.1): " in report  # grouped, one line


def test_07_24_adds_speakers_to_segments_and_words() -> None:
    found = changes(OPENROUTER, "2026-07-16", "2026-07-24")
    assert of_kind(found, BREAKING) == []
    for part in ("segments[]", "words[]"):
        assert has(found, ADDITIVE, f"{TRANSCRIBE} 200 application/json: {part}: speaker", "added")


def test_08_22_only_adds() -> None:
    found = changes(OPENROUTER, "2026-07-24", "2026-08-22")
    assert of_kind(found, BREAKING) == []
    slugs = [f for f in of_kind(found, ADDITIVE) if ": provider: options: " in f.where]
    assert slugs and all("the keyword provider_options=" in f.what for f in slugs)


def test_going_back_from_08_22_to_06_16_names_the_removals_as_breaking() -> None:
    found = changes(OPENROUTER, "2026-08-22", "2026-06-16")
    assert has(found, BREAKING, f"{TRANSCRIBE} request multipart/form-data", "media type removed")
    for option in ("response_format", "timestamp_granularities"):
        assert has(found, BREAKING, f"{TRANSCRIBE} request application/json: {option}", "removed")
    for field in ("segments", "words"):
        assert has(found, BREAKING, f"{TRANSCRIBE} 200 application/json: {field}", "removed")
    assert of_kind(found, ADDITIVE) == []


@pytest.mark.parametrize("dates", list(itertools.pairwise(OPENROUTER_DATES)), ids="->".join)
def test_each_step_forward_reverses_into_its_opposite(dates: tuple[str, str]) -> None:
    """What one step adds, the step back removes: the classes mirror each other."""
    forward, back = changes(OPENROUTER, *dates), changes(OPENROUTER, *reversed(dates))
    added = {f.where for f in forward if f.kind == ADDITIVE and f.what.startswith("added")}
    removed = {f.where for f in back if f.kind == BREAKING and f.what == "removed"}
    assert added <= removed


# ------------------------------------------------------------------ OpenAI's history


def test_openai_05_13_to_07_27_changes_nothing_covered() -> None:
    """Only code samples, quoting and other operations changed in those commits."""
    for old, new in (("2026-05-13", "2026-07-15"), ("2026-07-15", "2026-07-27")):
        assert changes(OPENAI, old, new) == []
        assert render([]) == "No change in the covered operations.\n"


def test_openai_08_21_adds_languages_keywords_and_429() -> None:
    found = changes(OPENAI, "2026-07-27", "2026-08-21")
    assert of_kind(found, BREAKING) == []
    form = f"{TRANSCRIBE} request multipart/form-data"
    for field in ("languages", "keywords"):
        assert has(found, ADDITIVE, f"{form}: {field}", "only through extra_body")
    for operation in (TRANSCRIBE, "POST /audio/translations"):
        assert has(found, ADDITIVE, f"{operation} 429", "status added")
    assert has(found, ADDITIVE, f"{form}: model (anyOf 2)", "['gpt-transcribe'] added")
    back = changes(OPENAI, "2026-08-21", "2026-07-27")
    assert has(back, BREAKING, f"{TRANSCRIBE} 429", "status removed")
    assert has(back, BREAKING, f"{form}: languages", "removed")


# ------------------------------------------------------------------ the rules, one by one


def document(request: dict[str, Any], response: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = response or {"type": "object", "properties": {"text": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "paths": {"/audio/transcriptions": {"post": {
            "requestBody": {"content": {"application/json": {"schema": request}}},
            "responses": {"200": {"description": "OK", "content": {
                "application/json": {"schema": answer}}}},
        }}},
    }  # fmt: skip


def rule(old: dict[str, Any], new: dict[str, Any], response: bool = False) -> list[str]:
    pair = (document({}, old), document({}, new)) if response else (document(old), document(new))
    return [f"{f.kind}: {f.what}" for f in diff(*pair, keywords=frozenset({"language"}))]


def obj(required: tuple[str, ...] = (), **props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": list(required)}


STRING = {"type": "string"}


@pytest.mark.parametrize(
    ("old", "new", "response", "expected"),
    [
        (obj(language=STRING), obj(("language",), language=STRING), False,
         "breaking: now required"),
        (obj(("language",), language=STRING), obj(language=STRING), False,
         "additive: no longer required"),
        (obj(), obj(language=STRING), False,
         "additive: added (optional); the wrapper passes it as the keyword language="),
        (obj(), obj(prompt=STRING), False,
         "additive: added (optional); reachable only through extra_body={'prompt': ...}"),
        (obj(), obj(("prompt",), prompt=STRING), False, "breaking: added, required"),
        (obj(language=STRING), obj(), True, "breaking: removed"),
        (obj(t={"type": ["string", "number"]}), obj(t=STRING), False,
         "breaking: type ['number', 'string'] -> ['string'] (narrowed: values once accepted "
         "are refused)"),
        (obj(t=STRING), obj(t={"type": ["string", "null"]}), True,
         "breaking: type ['string'] -> ['null', 'string'] (widened: the answer may carry more)"),
        (obj(t={"type": "string", "nullable": True}), obj(t={"type": ["string", "null"]}), True,
         "equivalent: null now written as type [..., 'null'] (3.1)"),
        (obj(t={"enum": ["a", "b"]}), obj(t={"enum": ["a"]}), False,
         "breaking: enum value ['b'] removed"),
        (obj(t={"enum": ["a"]}), obj(t={"enum": ["a", "c"]}), True,
         "additive: enum value ['c'] added"),
        (obj(t={"type": "integer", "minimum": 0, "exclusiveMinimum": True}),
         obj(t={"type": "integer", "minimum": 1}), False,
         "equivalent: the same numeric limits, written another way"),
        (obj(t={"type": "number", "maximum": 2}), obj(t={"type": "number", "maximum": 1}), False,
         "breaking: <= 2 -> <= 1"),
        (obj(t={"type": "string", "description": "old"}),
         obj(t={"type": "string", "description": "new"}), False,
         "equivalent: description changed"),
        (obj(a=obj(("data",), data=STRING)),
         obj(a={"anyOf": [obj(("data",), data=STRING), obj(("url",), url=STRING)]}), False,
         "additive: anyOf alternative added: {url}"),
    ],
)  # fmt: skip
def test_each_kind_of_change_is_classified(
    old: dict[str, Any], new: dict[str, Any], response: bool, expected: str
) -> None:
    assert expected in rule(old, new, response)


def test_a_renamed_component_with_the_same_content_is_no_change() -> None:
    text = textwrap.dedent("""\
        openapi: 3.1.0
        paths:
          /audio/transcriptions:
            post:
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/A'}
              responses: {'200': {description: OK}}
          /models:
            get:
              responses: {'200': {description: OK}}
        components:
          schemas:
            A: {type: object, properties: {model: {type: string}}}
        """)
    renamed = text.replace("schemas/A'", "schemas/B'").replace("    A: {", "    B: {")
    assert yaml.safe_load(renamed) != yaml.safe_load(text)
    assert compare_texts(text, renamed) == []
