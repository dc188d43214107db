"""`openrouter-stt models`: the table, JSON, search, and its errors, end to end."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from local_server import Reply, ScriptedServer

from openrouter_stt.cli import MOCK_MODELS

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="session")
def mock_models(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The models of the named example ``models --mock`` asks the mock for."""
    content = spec["paths"]["/models"]["get"]["responses"]["200"]["content"]
    return content["application/json"]["examples"][MOCK_MODELS]["value"]["data"]


def nonzero(model: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in model["pricing"].items() if Decimal(v) != 0}


def test_mock_prints_a_table_of_ids_names_and_non_zero_prices(cli, mock_models):
    done = cli("models", "--mock", key=None)

    assert done.returncode == 0, done.stderr
    header, *rows = done.stdout.splitlines()
    # A column per price that is not zero for some model, in upstream's order of prices.
    anywhere = {k for m in mock_models for k in nonzero(m)}
    shown = [
        k for k in dict.fromkeys(k for m in mock_models for k in m["pricing"]) if k in anywhere
    ]
    assert header.split() == ["id", "name", *(part for k in shown for part in (k, "$"))]
    assert "request" not in header  # zero for every model
    assert len(rows) == len(mock_models)
    for row, model in zip(rows, mock_models, strict=True):
        assert row.startswith(model["id"] + " ")  # one line per model when piped
        assert model["name"] in row
        for price in nonzero(model).values():
            assert price in row.split()
    assert "Prism mock" in done.stderr
    assert "Traceback" not in done.stderr


def test_json_output_is_every_model_as_upstream_wrote_it(cli, mock_models):
    done = cli("models", "--mock", "--output", "json", key=None)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == mock_models


@pytest.mark.parametrize("text", ["WHISPER", "whisper-1", "Chirp"])
def test_search_filters_by_id_or_name_ignoring_case(cli, mock_models, text):
    done = cli("models", "--mock", "--search", text, "--output", "json", key=None)

    wanted = [m["id"] for m in mock_models if text.lower() in (m["id"] + " " + m["name"]).lower()]
    assert wanted
    assert [m["id"] for m in json.loads(done.stdout)] == wanted


def test_a_search_without_matches_says_so_and_succeeds(cli):
    done = cli("models", "--mock", "--search", "no-such-model", key=None)

    assert done.returncode == 0
    assert done.stdout == ""
    assert "no models matching 'no-such-model'" in done.stderr


def test_output_modalities_reach_the_api(cli):
    with ScriptedServer(Reply(200, b'{"data": []}', JSON)) as server:
        done = cli("models", "--base-url", server.url, "--output-modalities", "all")
        assert done.returncode == 0, done.stderr
        assert server.requests[0].path == "/models?output_modalities=all"


@pytest.mark.parametrize(
    ("reply", "code", "needle"),
    [
        (Reply(200, b"<html><title>Portal</title></html>", {"Content-Type": "text/html"}), 5,
         "APIResponseError: GET /models answered 200 but with an HTML page"),
        (Reply(403, b'{"error": {"code": 403, "message": "Forbidden"}}', JSON), 5,
         "PermissionDeniedError: 403 Forbidden"),
        (Reply(401, b'{"error": {"code": 401, "message": "No auth"}}', JSON), 4,
         "AuthenticationError: 401 No auth"),
    ],
)  # fmt: skip
def test_errors_are_one_line_with_their_exit_code(cli, reply, code, needle):
    with ScriptedServer(reply) as server:
        done = cli("models", "--base-url", server.url, "--max-retries", "0")

    assert done.returncode == code
    assert done.stdout == ""
    assert needle in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_without_a_key_it_says_how_to_get_one(cli):
    done = cli("models", key=None)

    assert done.returncode == 4
    assert "OPENROUTER_API_KEY" in done.stderr
