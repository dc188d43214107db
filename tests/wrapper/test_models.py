"""``list_models()`` on both clients: typed models from the mock's named example, the
query and headers sent, pages followed, and every malformed answer met with a clear
error or an empty list, never a KeyError."""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import pytest
from local_server import Reply, ScriptedServer

from openrouter_stt import (
    APIResponseError,
    AsyncClient,
    Client,
    ConfigurationError,
    Model,
    PermissionDeniedError,
)
from openrouter_stt.cli import MOCK_MODELS

from ._util import CLIENT_KINDS, EXTRA_HEADERS_INVALID, KEY

JSON_HEADERS = {"Content-Type": "application/json"}


def list_models(kind: str, base_url: str, **options: Any) -> list[Model]:
    """``list_models`` through a fresh ``Client`` or ``AsyncClient`` (``kind``)."""
    settings = {"api_key": KEY, "max_retries": 0}
    if kind == "sync":
        with Client(base_url=base_url, **settings) as client:
            return client.list_models(**options)

    async def run() -> list[Model]:
        async with AsyncClient(base_url=base_url, **settings) as client:
            return await client.list_models(**options)

    return anyio.run(run)


def page(*entries: Any, next: str | None = None, **extra: Any) -> bytes:
    body = {"data": list(entries), "total_count": len(entries), "links": {"next": next}}
    return json.dumps({**body, **extra}).encode()


def entry(id: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "name": id.title(), "pricing": {"prompt": "0", "completion": "0"}, **fields}


def query(server: ScriptedServer, index: int = -1) -> dict[str, list[str]]:
    return parse_qs(urlsplit(server.requests[index].path).query)


# --- against the mock ------------------------------------------------------------------


def mock_example(spec: dict[str, Any]) -> dict[str, Any]:
    content = spec["paths"]["/models"]["get"]["responses"]["200"]["content"]
    return content["application/json"]["examples"][MOCK_MODELS]["value"]


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_the_mock_example_arrives_as_typed_models(
    kind: str, base_url: str, spec: dict[str, Any]
) -> None:
    example = mock_example(spec)["data"]
    models = list_models(kind, base_url, extra_headers={"Prefer": f"example={MOCK_MODELS}"})
    assert len(example) >= 3
    assert [m.id for m in models] == [e["id"] for e in example]
    for model, raw in zip(models, example, strict=True):
        assert isinstance(model, Model)
        assert model.name == raw["name"]
        assert model.description == raw.get("description")
        assert model.context_length == raw["context_length"]
        assert model.created == raw["created"]
        assert model.pricing == {k: Decimal(v) for k, v in raw["pricing"].items()}
        assert all(isinstance(price, Decimal) for price in model.pricing.values())
        assert model.extra["architecture"] == raw["architecture"]
        assert model.to_dict() == raw  # nothing lost, prices as upstream wrote them
        assert "transcription" in model.extra["architecture"]["output_modalities"]


def test_the_mock_answers_every_page_of_its_default_example(base_url: str) -> None:
    # Upstream's own example (completed in the overlay): one model, no next page.
    with Client(api_key=KEY, base_url=base_url) as client:
        assert [m.id for m in client.list_models()] == ["openai/gpt-4"]


# --- the request -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_asks_for_transcription_models_with_the_key_and_no_body(
    kind: str, server: ScriptedServer
) -> None:
    server.script = [Reply(200, page(entry("openai/whisper-1")), JSON_HEADERS)]
    assert [m.id for m in list_models(kind, server.url)] == ["openai/whisper-1"]
    request = server.requests[0]
    assert request.method == "GET"
    assert urlsplit(request.path).path == "/models"
    assert query(server) == {"output_modalities": ["transcription"]}
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert "content-type" not in request.headers
    assert request.body == b""


@pytest.mark.parametrize(
    ("modalities", "sent"),
    [
        ("text", {"output_modalities": ["text"]}),
        (["audio", "text"], {"output_modalities": ["audio,text"]}),
        ("all", {"output_modalities": ["all"]}),
        (None, {}),
    ],
)
def test_output_modalities_can_ask_for_other_models(
    server: ScriptedServer, modalities: Any, sent: dict[str, list[str]]
) -> None:
    server.script = [Reply(200, page(), JSON_HEADERS)]
    list_models("sync", server.url, output_modalities=modalities)
    assert query(server) == sent


@pytest.mark.parametrize("modalities", ["", "  ", 3, [1, 2], b"text"])
def test_bad_output_modalities_raise_before_any_request(
    server: ScriptedServer, modalities: Any
) -> None:
    with pytest.raises(ConfigurationError, match="output_modalities"):
        list_models("sync", server.url, output_modalities=modalities)
    assert server.requests == []


def test_extra_headers_are_sent(server: ScriptedServer) -> None:
    server.script = [Reply(200, page(), JSON_HEADERS)]
    list_models("sync", server.url, extra_headers={"X-Title": "demo"})
    assert server.requests[0].headers["x-title"] == "demo"


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_an_authorization_in_extra_headers_is_refused_before_any_request(
    server: ScriptedServer, kind: str
) -> None:
    with pytest.raises(ConfigurationError, match="Authorization") as info:
        list_models(kind, server.url, extra_headers={"AUTHORIZATION": "Bearer other"})
    assert "api_key=" in str(info.value)
    assert info.value.attempts == 0
    assert server.requests == []


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("case", EXTRA_HEADERS_INVALID)
def test_extra_headers_http_cannot_carry_are_refused_before_any_request(
    server: ScriptedServer, kind: str, case: str
) -> None:
    # The same check as transcribe's: it used to raise UnicodeEncodeError, TypeError, or
    # call a CRLF value a bug in openrouter-stt.
    with pytest.raises(ConfigurationError, match="extra_headers") as info:
        list_models(kind, server.url, extra_headers=EXTRA_HEADERS_INVALID[case])
    assert info.value.attempts == 0
    assert server.requests == []
    assert "Café" not in str(info.value) or case == "non-ascii-name"  # values are not shown


# --- pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_every_page_is_read_through_links_next(kind: str, server: ScriptedServer) -> None:
    server.script = [
        Reply(
            200,
            page(entry("a/1"), entry("a/2"), next="/api/v1/models?offset=2&limit=2"),
            JSON_HEADERS,
        ),
        Reply(
            200,
            page(
                entry("a/3"),
                entry("a/2"),
                next="https://openrouter.ai/api/v1/models?offset=4&limit=2",
            ),
            JSON_HEADERS,
        ),
        Reply(200, page(entry("a/5")), JSON_HEADERS),
    ]
    models = list_models(kind, server.url)
    assert [m.id for m in models] == ["a/1", "a/2", "a/3", "a/5"]  # a/2 once
    assert [urlsplit(r.path).path for r in server.requests] == ["/models"] * 3
    assert query(server, 1) == {
        "output_modalities": ["transcription"],
        "offset": ["2"],
        "limit": ["2"],
    }
    assert query(server, 2)["offset"] == ["4"]


def test_a_next_link_back_to_a_read_page_stops_the_listing(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    loop = page(entry("a/1"), next="/api/v1/models?offset=0&limit=1")
    server.script = [Reply(200, loop, JSON_HEADERS)]
    with caplog.at_level(logging.WARNING, logger="openrouter_stt"):
        models = list_models("sync", server.url)
    assert [m.id for m in models] == ["a/1"]
    assert len(server.requests) == 2  # the first page, then offset=0 once; not forever
    assert "already read" in caplog.text


def test_an_empty_page_with_a_next_link_ends_the_listing(server: ScriptedServer) -> None:
    server.script = [Reply(200, page(next="/api/v1/models?offset=500&limit=500"), JSON_HEADERS)]
    assert list_models("sync", server.url) == []
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [503, 524])
def test_a_failed_page_is_retried(server: ScriptedServer, status: int) -> None:
    # A 524 too, which transcribe does not retry by default: a GET bills nothing.
    server.script = [
        Reply(
            status,
            b'{"error": {"code": 503, "message": "busy"}}',
            {**JSON_HEADERS, "Retry-After": "0"},
        ),
        Reply(200, page(entry("a/1")), JSON_HEADERS),
    ]
    with Client(api_key=KEY, base_url=server.url, max_retries=1) as client:
        assert [m.id for m in client.list_models()] == ["a/1"]
    assert len(server.requests) == 2


def test_an_error_status_raises_its_class(server: ScriptedServer) -> None:
    body = b'{"error": {"code": 403, "message": "Only management keys can perform this operation"}}'
    server.script = [Reply(403, body, JSON_HEADERS)]
    with pytest.raises(PermissionDeniedError, match="management keys"):
        list_models("sync", server.url)


# --- bad input -------------------------------------------------------------------------

HTML = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>portal</body></html>"


@pytest.mark.parametrize(
    ("body", "headers", "words"),
    [
        pytest.param(HTML, {"Content-Type": "text/html"}, "HTML page", id="html"),
        pytest.param(b'{"data": [{"id": "a/1"', JSON_HEADERS, "not JSON", id="truncated"),
        pytest.param(b"", JSON_HEADERS, "not JSON", id="empty-body"),
        pytest.param(b"[]", JSON_HEADERS, "no `data` list", id="a-list"),
        pytest.param(b"{}", JSON_HEADERS, "no `data` list", id="no-data"),
        pytest.param(b'{"data": {"id": "a/1"}}', JSON_HEADERS, "no `data` list", id="data-object"),
        pytest.param(b'{"data": null}', JSON_HEADERS, "no `data` list", id="data-null"),
    ],
)
@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_an_answer_that_is_no_list_of_models_is_a_clear_error(
    kind: str, server: ScriptedServer, body: bytes, headers: dict[str, str], words: str
) -> None:
    server.script = [Reply(200, body, headers)]
    with pytest.raises(APIResponseError, match=words) as info:
        list_models(kind, server.url)
    assert info.value.status_code == 200
    assert "GET /models" in str(info.value)


def test_an_empty_list_is_an_empty_list(server: ScriptedServer) -> None:
    server.script = [Reply(200, b'{"data": []}', JSON_HEADERS)]
    assert list_models("sync", server.url) == []


def test_partial_entries_give_models_with_what_they_have(server: ScriptedServer) -> None:
    server.script = [
        Reply(
            200,
            json.dumps({"data": [{"id": "bare/model"}, {"id": "b/1", "pricing": None}]}).encode(),
            JSON_HEADERS,
        ),
    ]
    bare, other = list_models("sync", server.url)
    assert bare == Model(id="bare/model")
    assert (bare.name, bare.description, bare.pricing, bare.context_length, bare.created) == (
        None,
        None,
        {},
        None,
        None,
    )
    assert other.pricing == {} and other.extra == {"pricing": None}


def test_entries_without_an_id_are_skipped_with_a_warning(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    data = [{"name": "no id"}, "a string", None, {"id": ""}, {"id": 7}, entry("ok/1")]
    server.script = [Reply(200, json.dumps({"data": data}).encode(), JSON_HEADERS)]
    with caplog.at_level(logging.WARNING, logger="openrouter_stt"):
        models = list_models("sync", server.url)
    assert [m.id for m in models] == ["ok/1"]
    assert caplog.text.count("skipped entry") == 5


def test_prices_are_exact_decimals_and_other_prices_stay_text(server: ScriptedServer) -> None:
    pricing = {
        "prompt": "0.0000001234567890123",
        "completion": 0.25,
        "request": "1e-7",
        "audio": "varies",
        "image": "NaN",
        "discount": 0,
        "overrides": [{"prompt": "0.1", "min_prompt_tokens": 200000}],
        "web_search": True,
    }
    server.script = [Reply(200, page(entry("p/1", pricing=pricing)), JSON_HEADERS)]
    (model,) = list_models("sync", server.url)
    assert model.pricing == {
        "prompt": Decimal("0.0000001234567890123"),
        "completion": Decimal("0.25"),
        "request": Decimal("1e-7"),
        "audio": "varies",
        "image": "NaN",
        "discount": Decimal(0),
        "overrides": pricing["overrides"],
        "web_search": True,
    }
    assert str(model.pricing["prompt"]) == "1.234567890123E-7"  # exact, not a float
    assert model.prices() == {
        "prompt": Decimal("0.0000001234567890123"),
        "completion": Decimal("0.25"),
        "request": Decimal("1e-7"),
        "audio": "varies",
        "image": "NaN",
    }


def test_fields_of_another_type_move_to_extra(server: ScriptedServer) -> None:
    odd = entry("o/1", name=["not", "text"], context_length="8k", created=True, new_field={"x": 1})
    server.script = [Reply(200, page(odd), JSON_HEADERS)]
    (model,) = list_models("sync", server.url)
    assert (model.name, model.context_length, model.created) == (None, None, None)
    assert model.extra == {
        "name": ["not", "text"],
        "context_length": "8k",
        "created": True,
        "new_field": {"x": 1},
    }
    assert model.to_dict()["name"] == ["not", "text"]  # shown as it came
