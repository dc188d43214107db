"""Against the real Prism mock, which validates every request body against the spec:
each audio format, each documented usage variant, provider options and attribution."""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from audio_samples import FORMATS, make_audio

from openrouter_stt import STATUS_ERRORS, APIStatusError, Transcription, Usage

from ._util import CLIENT_KINDS, KEY, transcribe

ROOT = Path(__file__).resolve().parents[2]
USAGE_NUMBERS = ("cost", "seconds")
USAGE_TOKENS = ("input_tokens", "output_tokens", "total_tokens")


def _examples(spec: dict[str, Any]) -> dict[str, Any]:
    operation = spec["paths"]["/audio/transcriptions"]["post"]
    return operation["responses"]["200"]["content"]["application/json"]["examples"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # The names come from the same normalised spec the `spec` fixture builds; the tests
    # read the example values from the fixture itself.
    wanted = {"example_name", "error_status"} & set(metafunc.fixturenames)
    if wanted:
        if str(ROOT / "tools") not in sys.path:
            sys.path.insert(0, str(ROOT / "tools"))
        from normalise_spec import build_spec

        spec = build_spec(ROOT / "openapi.yaml", ROOT / "mock" / "overlay.yaml")
        if "example_name" in wanted:
            metafunc.parametrize("example_name", sorted(_examples(spec)))
        else:  # the error statuses this operation documents
            responses = spec["paths"]["/audio/transcriptions"]["post"]["responses"]
            statuses = sorted(int(code) for code in responses if int(code) >= 400)
            metafunc.parametrize("error_status", statuses)


def expected_kind(usage: dict[str, Any]) -> str:
    has_seconds = "seconds" in usage
    has_tokens = any(name in usage for name in USAGE_TOKENS)
    if has_seconds and has_tokens:
        return "both"
    if has_seconds:
        return "duration"
    return "tokens" if has_tokens else "unknown"


def assert_matches_example(transcription: Transcription, example: dict[str, Any]) -> None:
    assert transcription.raw == example
    assert transcription.text == example["text"]
    if "usage" not in example:
        assert transcription.usage is None
        return
    usage = example["usage"]
    assert isinstance(transcription.usage, Usage)
    for name in USAGE_NUMBERS + USAGE_TOKENS:
        assert getattr(transcription.usage, name) == usage.get(name), name
    assert transcription.usage.kind == expected_kind(usage)
    documented = set(USAGE_NUMBERS + USAGE_TOKENS)
    assert transcription.usage.extra == {k: v for k, v in usage.items() if k not in documented}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_transcribed(
    base_url: str, spec: dict[str, Any], fmt: str, kind: str
) -> None:
    transcription = transcribe(kind, base_url, make_audio(fmt))
    assert_matches_example(transcription, _examples(spec)["default"]["value"])
    assert transcription.model == "openai/whisper-large-v3"


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_named_example_parses_into_usage(
    base_url: str, spec: dict[str, Any], example_name: str, kind: str
) -> None:
    transcription = transcribe(
        kind, base_url, make_audio("wav"), extra_headers={"Prefer": f"example={example_name}"}
    )
    assert_matches_example(transcription, _examples(spec)[example_name]["value"])


def test_usage_variants_cover_every_kind_but_unknown(spec: dict[str, Any]) -> None:
    kinds = {
        expected_kind(example["value"]["usage"])
        for example in _examples(spec).values()
        if "usage" in example["value"]
    }
    assert kinds == {"duration", "tokens", "both"}


def test_openai_style_usage_keeps_type_and_token_details(base_url: str) -> None:
    transcription = transcribe(
        "sync", base_url, make_audio("wav"), extra_headers={"Prefer": "example=openai-style"}
    )
    assert transcription.usage is not None
    assert transcription.usage.kind == "tokens"
    assert transcription.usage.extra["type"] == "tokens"
    assert set(transcription.usage.extra["input_token_details"]) == {
        "text_tokens",
        "audio_tokens",
    }


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_provider_options_and_attribution_headers_are_accepted(
    base_url: str, spec: dict[str, Any], kind: str
) -> None:
    transcription = transcribe(
        kind,
        base_url,
        make_audio("mp3"),
        client_options={
            "app_url": "https://example.com/app",
            "app_title": "Test App",
            "app_categories": ["cli-agent", "programming-app"],
        },
        model="openai/gpt-4o-transcribe",
        language="en",
        temperature=0.0,
        provider_options={
            "groq": {"prompt": "OpenRouter, API"},
            "01ai": {"max_tokens": 5},
            "aion-labs": {"nested": {"a": [1, None]}},
            "not-a-provider": {"x": True},
        },
    )
    assert_matches_example(transcription, _examples(spec)["default"]["value"])


def test_prism_rejects_malformed_provider_options(base_url: str) -> None:
    # Canary: the test above would be meaningless if Prism let any provider shape through.
    body = {
        "model": "openai/whisper-large-v3",
        "input_audio": {"data": base64.b64encode(make_audio("wav")).decode(), "format": "wav"},
        "provider": {"options": {"groq": "not an object"}},
    }
    response = httpx.post(
        f"{base_url}/audio/transcriptions",
        json=body,
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=10,
    )
    assert response.status_code == 400


def test_documented_error_status_raises_its_exception(base_url: str, error_status: int) -> None:
    status = error_status
    with pytest.raises(APIStatusError) as info:
        transcribe("sync", base_url, make_audio("wav"), extra_headers={"Prefer": f"code={status}"})
    assert type(info.value) is STATUS_ERRORS[status]
    assert info.value.status_code == status
    assert info.value.attempts == 1
    assert info.value.message
