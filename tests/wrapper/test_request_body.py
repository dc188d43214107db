"""The streamed request: its body is exactly the generated STTRequest's JSON for the
same inputs, its headers carry the key and attribution, and bad arguments send nothing."""

from __future__ import annotations

import base64
import json
import logging
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from audio_samples import make_audio
from local_server import RecordedRequest, ScriptedServer
from spec_features import form_carries

from openrouter_stt import DEFAULT_MODEL, AsyncClient, Client, ConfigurationError
from openrouter_stt_api.models import STTRequest

from ._util import CLIENT_KINDS, EXTRA_HEADERS_INVALID, KEY, transcribe

AUDIO = {fmt: make_audio(fmt) for fmt in ("wav", "mp3", "ogg")}

#: name -> (audio format, transcribe() keyword arguments)
CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "minimal": ("wav", {}),
    "model-and-language": ("mp3", {"model": "openai/gpt-4o-transcribe", "language": "ja"}),
    "temperature-float": ("wav", {"temperature": 0.2}),
    "temperature-int": ("wav", {"temperature": 0}),
    "groq-prompt": ("ogg", {"provider_options": {"groq": {"prompt": "OpenRouter, API"}}}),
    "documented-slugs": (
        "wav",
        {
            "language": "en",
            "temperature": 1.0,
            "provider_options": {
                "01ai": {"max_tokens": 10},
                "aion-labs": {"nested": {"list": [1, 2.5, None, True, "x"]}},
                "groq": {"prompt": 'Café, 東京, "quoted" \\ back'},
            },
        },
    ),
    "unknown-slug": ("mp3", {"provider_options": {"not-a-provider": {"k": "v"}}}),
    "empty-options-of-a-slug": ("wav", {"provider_options": {"openai": {}}}),
}


def expected_body(fmt: str, options: dict[str, Any]) -> dict[str, Any]:
    """The request the generated model renders for these inputs, built independently."""
    body: dict[str, Any] = {
        "model": options.get("model", DEFAULT_MODEL),
        "input_audio": {"data": base64.b64encode(AUDIO[fmt]).decode(), "format": fmt},
    }
    for name in ("language", "temperature"):
        if name in options:
            body[name] = options[name]
    if "provider_options" in options:
        body["provider"] = {"options": options["provider_options"]}
    return STTRequest.from_dict(body).to_dict()


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("case", CASES)
def test_streamed_body_parses_to_the_generated_models_json(
    server: ScriptedServer, case: str, kind: str
) -> None:
    fmt, options = CASES[case]
    transcribe(kind, server.url, AUDIO[fmt], upload="json", **options)
    request = server.requests[0]
    assert request.json() == expected_body(fmt, options)
    assert request.headers.get("content-type") == "application/json"
    assert request.headers.get("content-length") == str(len(request.body))


def test_each_call_of_one_client_sends_the_body_of_its_own_options(
    server: ScriptedServer,
) -> None:
    # The rendering is reused across calls with equal options: no call may get another's.
    sequence = [
        ("wav", {}),
        ("mp3", {}),
        ("wav", {"language": "en"}),
        ("wav", {"language": "fr"}),
        ("wav", {"temperature": 0}),
        ("wav", {"temperature": 0.5}),
        ("wav", {"provider_options": {"groq": {"prompt": "a"}}}),
        ("wav", {"provider_options": {"groq": {"prompt": "b"}}}),
        ("wav", {"provider_options": {"groq": {"prompt": "b", "n": [1, 2]}}}),
        ("wav", {"provider_options": {"groq": {"n": [1, 2], "prompt": "b"}}}),
        ("ogg", {"model": "openai/gpt-4o-transcribe", "language": "fr"}),
        ("wav", {}),
        ("wav", {"language": "en"}),
    ]
    with Client(api_key=KEY, base_url=server.url, max_retries=0) as client:
        for fmt, options in sequence:
            client.transcribe(AUDIO[fmt], upload="json", **options)
    sent = [request.json() for request in server.requests]
    assert sent == [expected_body(fmt, options) for fmt, options in sequence]


def test_temperature_is_sent_as_a_json_number(server: ScriptedServer) -> None:
    transcribe("sync", server.url, AUDIO["wav"], temperature=0, upload="json")
    assert isinstance(server.requests[0].json()["temperature"], float)


def test_optional_fields_left_out_are_absent_from_the_body(server: ScriptedServer) -> None:
    transcribe("sync", server.url, AUDIO["wav"], upload="json")
    assert set(server.requests[0].json()) == {"model", "input_audio"}


# --- provider slugs ----------------------------------------------------------------------


def provider_sent(request: RecordedRequest) -> Any:
    """The provider object the request carried: in the JSON body, or (once the spec's form
    has a provider field) as the form's JSON text."""
    if request.headers["content-type"].startswith("multipart/form-data"):
        fields = {name: content for name, filename, content in request.form() if filename is None}
        return json.loads(fields["provider"])
    return request.json()["provider"]


def test_unknown_provider_slug_is_sent_and_logged_as_a_warning(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    options = {"not-a-provider": {"k": "v"}, "groq": {"prompt": "p"}}
    with caplog.at_level(logging.WARNING, logger="openrouter_stt"):
        transcribe("sync", server.url, AUDIO["wav"], provider_options=options)
    assert provider_sent(server.requests[0])["options"] == options
    warnings = [
        r for r in caplog.records if r.name == "openrouter_stt" and r.levelno == logging.WARNING
    ]
    assert len(warnings) == 1
    assert "not-a-provider" in warnings[0].getMessage()


@pytest.mark.parametrize("slug", ["01ai", "aion-labs", "groq", "openai", "google-vertex"])
def test_documented_provider_slug_is_sent_without_a_warning(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture, slug: str
) -> None:
    with caplog.at_level(logging.DEBUG, logger="openrouter_stt"):
        transcribe("sync", server.url, AUDIO["wav"], provider_options={slug: {"x": 1}})
    assert provider_sent(server.requests[0])["options"] == {slug: {"x": 1}}
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("slug", ["aion_labs", "Groq", "field_01ai"])
def test_near_miss_of_a_documented_slug_is_warned_about(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture, slug: str
) -> None:
    # The generated model's Python names (aion_labs, field_01ai) are not slugs.
    with caplog.at_level(logging.WARNING, logger="openrouter_stt"):
        transcribe("sync", server.url, AUDIO["wav"], provider_options={slug: {"x": 1}})
    assert provider_sent(server.requests[0])["options"] == {slug: {"x": 1}}
    assert any(slug in r.getMessage() for r in caplog.records)


# --- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_authorization_attribution_and_extra_headers_arrive(
    server: ScriptedServer, kind: str
) -> None:
    transcribe(
        kind,
        server.url,
        AUDIO["wav"],
        client_options={
            "app_url": "https://example.com/my-app",
            "app_title": "My Transcriber",
            "app_categories": ["cli-agent", "programming-app"],
        },
        extra_headers={"X-Trace": "abc-123", "Prefer": "example=tokens"},
    )
    headers = server.requests[0].headers
    assert headers.get("authorization") == f"Bearer {KEY}"
    assert headers.get("http-referer") == "https://example.com/my-app"
    assert headers.get("x-openrouter-title") == "My Transcriber"
    assert headers.get("x-openrouter-categories") == "cli-agent,programming-app"
    assert headers.get("x-trace") == "abc-123"
    assert headers.get("prefer") == "example=tokens"


def test_categories_given_as_a_string_are_sent_as_is(server: ScriptedServer) -> None:
    with Client(api_key=KEY, base_url=server.url, app_categories="cli-agent,other") as client:
        client.transcribe(AUDIO["wav"])
    assert server.requests[0].headers.get("x-openrouter-categories") == "cli-agent,other"


def test_no_attribution_headers_without_attribution(server: ScriptedServer) -> None:
    transcribe("sync", server.url, AUDIO["wav"])
    headers = server.requests[0].headers
    assert not {"http-referer", "x-openrouter-title", "x-openrouter-categories"} & set(headers)


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("name", ["Authorization", "authorization"])
def test_an_authorization_in_extra_headers_is_refused_before_sending(
    server: ScriptedServer, kind: str, name: str
) -> None:
    # OpenRouter takes only "Bearer <key>": another Authorization is refused, naming
    # what to do, rather than silently replaced by the client's key.
    with pytest.raises(ConfigurationError, match="extra_headers") as info:
        transcribe(kind, server.url, AUDIO["wav"], extra_headers={name: "Bearer other"})
    assert "api_key=" in str(info.value) and "auth='raw'" in str(info.value)
    assert "other" not in str(info.value)
    assert info.value.attempts == 0
    assert server.requests == []


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize(
    "option",
    [{"app_title": "Café Notes"}, {"app_url": "https://例え.jp/app"}, {"app_title": "a\nb"}],
)
def test_attribution_http_cannot_carry_is_refused_when_the_client_is_made(
    server: ScriptedServer, kind: str, option: dict[str, str]
) -> None:
    # A header carries ASCII only; rather than send mojibake or percent-escapes that
    # OpenRouter would show as they are, the client refuses it, naming the header.
    client_class = Client if kind == "sync" else AsyncClient
    with pytest.raises(ConfigurationError) as info:
        client_class(api_key=KEY, base_url=server.url, **option)
    header = "X-OpenRouter-Title" if "app_title" in option else "HTTP-Referer"
    assert header in str(info.value) and "ASCII" in str(info.value)
    assert len(server.requests) == 0


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("case", EXTRA_HEADERS_INVALID)
def test_extra_headers_that_http_cannot_carry_are_refused_before_sending(
    server: ScriptedServer, case: str, kind: str
) -> None:
    with pytest.raises(ConfigurationError, match="extra_headers") as info:
        transcribe(kind, server.url, AUDIO["wav"], extra_headers=EXTRA_HEADERS_INVALID[case])
    assert info.value.attempts == 0
    assert len(server.requests) == 0
    assert "Café" not in str(info.value) or case == "non-ascii-name"  # values are not shown


@pytest.mark.parametrize("name", ["user-agent", "content-type"])
def test_extra_headers_are_merged_case_insensitively(server: ScriptedServer, name: str) -> None:
    transcribe("sync", server.url, AUDIO["wav"], extra_headers={name: "application/json"})
    assert len(server.requests[0].headers.get_list(name)) == 1


# --- invalid arguments ---------------------------------------------------------------------

INVALID: dict[str, dict[str, Any]] = {
    "temperature-str": {"temperature": "hot"},
    "temperature-nan": {"temperature": math.nan},
    "temperature-inf": {"temperature": math.inf},
    "temperature-bool": {"temperature": True},
    "model-empty": {"model": ""},
    "model-blank": {"model": "   "},
    "model-none": {"model": None},
    "language-empty": {"language": ""},
    "language-int": {"language": 5},
    "options-str": {"provider_options": "groq"},
    "options-list-of-slugs": {"provider_options": ["groq"]},
    "options-value-str": {"provider_options": {"groq": "prompt"}},
    "options-value-list": {"provider_options": {"groq": ["prompt"]}},
    "options-slug-int": {"provider_options": {1: {"x": 1}}},
    "options-object-value": {"provider_options": {"groq": {"x": object()}}},
    "options-bytes-value": {"provider_options": {"groq": {"prompt": b"bytes"}}},
    "options-nan-value": {"provider_options": {"groq": {"x": math.nan}}},
    "options-set-value": {"provider_options": {"groq": {"x": {1, 2}}}},
}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("case", INVALID)
def test_invalid_argument_is_refused_before_sending(
    server: ScriptedServer, case: str, kind: str
) -> None:
    with pytest.raises(ConfigurationError) as info:
        transcribe(kind, server.url, AUDIO["wav"], **INVALID[case])
    assert info.value.attempts == 0
    assert len(server.requests) == 0


def test_temperature_too_large_for_a_float_is_refused(server: ScriptedServer) -> None:
    with pytest.raises(ConfigurationError):
        transcribe("sync", server.url, AUDIO["wav"], temperature=10**400)
    assert len(server.requests) == 0


def models_used_by(*modules: str) -> set[str]:
    """The generated model modules these import, directly or through each other (a
    module the vendored spec does not generate is left out)."""
    import openrouter_stt_api.models as models

    folder, found, todo = Path(models.__path__[0]), set(), list(modules)
    while todo:
        name = todo.pop()
        if name not in found and (folder / f"{name}.py").exists():
            found.add(name)
            source = (folder / f"{name}.py").read_text(encoding="utf-8")
            todo += re.findall(r"from \.\.models\.(\w+) import", source)
    return {f"{models.__name__}.{name}" for name in found}


def test_a_first_call_loads_only_the_models_it_renders_and_parses(
    server: ScriptedServer, tmp_path: Path
) -> None:
    audio = tmp_path / "speech.wav"
    audio.write_bytes(AUDIO["wav"])
    code = (
        "import sys\n"
        "from openrouter_stt import Client\n"
        f"with Client(api_key={KEY!r}, base_url={server.url!r}, max_retries=0) as client:\n"
        f"    client.transcribe({str(audio)!r}, provider_options={{'groq': {{}}}})\n"
        "print(*sorted(m for m in sys.modules if m.startswith('openrouter_stt_api.models.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    request = ("stt_request", "create_audio_transcriptions_files_body", "provider_options")
    used = models_used_by(*request, "stt_response", "stt_segment", "stt_word")
    assert loaded <= used
    # The body upload="auto" picks: multipart once the spec's form carries provider.
    body = "create_audio_transcriptions_files_body" if form_carries("provider") else "stt_request"
    assert f"openrouter_stt_api.models.{body}" in loaded
