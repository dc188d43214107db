"""OpenAI's audio contract: vendored with its licence, corrected only by the normaliser and
the overlay (which adds, never replaces), and served by Prism as the spec says.

Statuses, named examples and media types are read from the normalised spec, so an example
or status added to ``mock/openai/overlay.yaml`` is tested here without a new line.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest
import srt
import webvtt
import yaml
from contracts import CONTRACTS, OPENAI, OPENROUTER
from filter_spec import filter_contract, filter_text
from normalise_spec import build_spec, normalise
from update_spec import check

from openrouter_stt._prism_install import MOCK_CONTRACTS
from openrouter_stt.mock import MockServer, _serves_spec

from ._spec import ROOT, contract_spec

SPEC = contract_spec("openai")
OLDER = sorted((Path(__file__).parent / "contracts" / "openai").glob("openai-openapi-*.yaml"))
AUTH = {"Authorization": "Bearer test"}
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt "
ERROR_STATUSES = [400, 401, 403, 404, 413, 429, 500, 503]
TEXT_FORMATS = ["text", "srt", "vtt"]


def operations() -> list[tuple[str, dict[str, Any]]]:
    return [(path, item["post"]) for path, item in SPEC["paths"].items()]


def statuses() -> list[Any]:
    return [
        pytest.param(path, int(code), id=f"{path} {code}")
        for path, operation in operations()
        for code in operation["responses"]
    ]


def named_examples() -> list[Any]:
    return [
        pytest.param(path, media_type, name, id=f"{path} {name}")
        for path, operation in operations()
        for media_type, media in operation["responses"]["200"]["content"].items()
        for name in media.get("examples", {})
    ]


def validator(schema: dict[str, Any]) -> jsonschema_rs.Validator:
    document = {**schema, "components": SPEC["components"]}
    return jsonschema_rs.Draft202012Validator(document)


# ----------------------------------------------------------------- vendored, with its licence


def test_the_vendored_spec_is_what_its_lock_says() -> None:
    assert check(ROOT, OPENAI) == []


def test_the_vendored_spec_keeps_the_licence_notice_and_the_licence_beside_it() -> None:
    text = (ROOT / OPENAI.spec).read_text(encoding="utf-8")
    head = [line for line in text.splitlines()[:10] if line.startswith("#")]
    assert any("MIT licence" in line for line in head) and any("LICENSE" in line for line in head)
    licence = (ROOT / OPENAI.spec).with_name("LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("The MIT License") and "Copyright (c) OpenAI" in licence


def test_the_vendored_spec_has_both_operations_and_no_code_samples() -> None:
    document = yaml.safe_load((ROOT / OPENAI.spec).read_text(encoding="utf-8"))
    assert [(m, p) for p, item in document["paths"].items() for m in item] == list(
        OPENAI.operations
    )
    assert "x-oaiMeta" not in json.dumps(document) and "webhooks" not in document


def test_dropped_keys_go_at_the_top_and_as_extensions_only() -> None:
    """``webhooks`` goes at the top level; a property of that name inside a schema stays;
    ``x-oaiMeta`` goes wherever it is, with its whole block."""
    text = """\
openapi: 3.1.0
paths:
  /a:
    post:
      x-oaiMeta:
        name: A
        examples:
          - request: |
              curl ...
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/A"}
webhooks:
  ping:
    post: {}
components:
  schemas:
    A:
      type: object
      properties:
        webhooks: {type: string}
"""
    out = yaml.safe_load(filter_text(text, (("post", "/a"),), frozenset({"x-oaiMeta", "webhooks"})))
    assert "webhooks" not in out and "x-oaiMeta" not in out["paths"]["/a"]["post"]
    assert out["components"]["schemas"]["A"]["properties"] == {"webhooks": {"type": "string"}}
    # Without the drop list the document is cut as before: both kept.
    kept = yaml.safe_load(filter_text(text, (("post", "/a"),)))
    assert "webhooks" in kept and "x-oaiMeta" in kept["paths"]["/a"]["post"]


@pytest.mark.parametrize("older", OLDER, ids=lambda path: path.stem)
def test_filtering_an_older_version_again_changes_nothing(older: Path) -> None:
    text = older.read_text(encoding="utf-8")
    again = filter_contract(text, OPENAI)
    assert yaml.safe_load(again) == yaml.safe_load(text)
    assert filter_contract(again, OPENAI) == again


def test_the_mock_serves_the_files_tools_contracts_names() -> None:
    assert {
        name: (of.spec, of.overlay, of.normalised) for name, of in CONTRACTS.items()
    } == MOCK_CONTRACTS


# ------------------------------------------------------------------------ local corrections


def test_a_default_its_own_schema_rejects_is_dropped() -> None:
    """TranscriptionInclude: ``default: []`` on a string enum (openapi-python-client#721)."""
    assert normalise({"type": "string", "enum": ["logprobs"], "default": []}) == {
        "type": "string",
        "enum": ["logprobs"],
    }
    assert "default" not in normalise({"type": "string", "enum": ["a"], "default": "b"})
    assert "default" not in normalise({"type": "integer", "default": True})


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "enum": ["json", "text"], "default": "json"},
        {"type": "array", "items": {"type": "string"}, "default": ["segment"]},
        {"type": "number", "default": 0},
        {"type": "boolean", "default": False},
        {"type": "integer", "default": 300},
        {"anyOf": [{"type": "string"}], "default": "auto"},  # no own type: not judged
    ],
)
def test_a_default_that_conforms_is_kept(schema: dict[str, Any]) -> None:
    assert normalise(schema)["default"] == schema["default"]


def test_the_normalised_transcription_include_has_no_default_and_codegen_keeps_both_calls() -> None:
    assert "default" not in SPEC["components"]["schemas"]["TranscriptionInclude"]
    from openai_stt_api.api.audio import create_transcription, create_translation
    from openai_stt_api.models import CreateTranscriptionRequest, TranscriptionInclude

    assert callable(create_transcription.sync_detailed)
    assert callable(create_translation.sync_detailed)
    assert [member.value for member in TranscriptionInclude] == ["logprobs"]
    assert "include" in CreateTranscriptionRequest.__annotations__


def test_a_verbose_answer_breaks_upstreams_one_of_so_answers_are_any_of() -> None:
    """Json requires only ``text``: a verbose_json answer is also a Json one, which
    ``oneOf`` forbids; the normalised spec says ``anyOf`` (the same list)."""
    media = SPEC["paths"]["/audio/transcriptions"]["post"]["responses"]["200"]["content"]
    verbose = media["application/json"]["examples"]["verbose_json"]["value"]
    alternatives = media["application/json"]["schema"]["anyOf"]
    assert "oneOf" not in media["application/json"]["schema"]
    with pytest.raises(jsonschema_rs.ValidationError, match="more than one"):
        validator({"oneOf": alternatives}).validate(verbose)
    validator({"anyOf": alternatives}).validate(verbose)


def leaves(node: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(node, dict) and node:
        for key, value in node.items():
            yield from leaves(value, (*at, key))
    else:
        yield at, node


def lookup(node: Any, at: tuple[Any, ...]) -> Any:
    for key in at:
        node = node[key]
    return node


@pytest.mark.parametrize(
    "vendored",
    [ROOT / OPENAI.spec, *OLDER],
    ids=lambda path: "vendored" if path.name == "openapi.yaml" else path.stem,
)
def test_the_overlay_only_adds_to_what_upstream_wrote(vendored: Path) -> None:
    upstream = build_spec(vendored)
    patched = build_spec(vendored, ROOT / OPENAI.overlay)
    changed = [at for at, value in leaves(upstream) if lookup(patched, at) != value]
    assert changed == []


@pytest.mark.parametrize("path", [path for path, _ in operations()])
def test_every_status_real_servers_send_is_documented_in_openais_error_shape(path: str) -> None:
    responses = SPEC["paths"][path]["post"]["responses"]
    assert sorted(int(code) for code in responses) == [200, *ERROR_STATUSES]
    for code in ERROR_STATUSES:
        media = responses[str(code)]["content"]["application/json"]
        assert media["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}
        check_value = validator(media["schema"])
        for example in media["examples"].values():
            assert set(example["value"]["error"]) == {"message", "type", "param", "code"}
            check_value.validate(example["value"])
    assert "Retry-After" in responses["429"]["headers"]


@pytest.mark.parametrize(("path", "media_type", "name"), named_examples())
def test_every_named_200_example_is_valid_against_its_schema(
    path: str, media_type: str, name: str
) -> None:
    media = SPEC["paths"][path]["post"]["responses"]["200"]["content"][media_type]
    validator(media["schema"]).validate(media["examples"][name]["value"])


@pytest.mark.parametrize("path", [path for path, _ in operations()])
def test_text_srt_and_vtt_are_plain_text_answers_their_parsers_read(path: str) -> None:
    content = SPEC["paths"][path]["post"]["responses"]["200"]["content"]
    examples = {name: e["value"] for name, e in content["text/plain"]["examples"].items()}
    assert sorted(examples) == sorted(TEXT_FORMATS)
    cues = list(srt.parse(examples["srt"]))
    assert [cue.content for cue in cues] == ["The quick brown fox.", "It jumps."]
    captions = webvtt.from_buffer(io.StringIO(examples["vtt"]))
    assert [caption.text for caption in captions] == ["The quick brown fox.", "It jumps."]
    assert examples["text"].strip() == "The quick brown fox. It jumps."


def test_every_response_format_has_a_named_example() -> None:
    formats = SPEC["components"]["schemas"]["AudioResponseFormat"]["enum"]
    content = SPEC["paths"]["/audio/transcriptions"]["post"]["responses"]["200"]["content"]
    named = {name for media in content.values() for name in media.get("examples", {})}
    assert set(formats) <= named


# ---------------------------------------------------------------------------- through Prism


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    log = tmp_path_factory.mktemp("openai-mock") / "prism.log"
    with MockServer(api="openai", log=log) as server:
        yield server


def post(mock: MockServer, path: str, headers: dict[str, str]) -> httpx.Response:
    files = {"file": ("a.wav", WAV, "audio/wav")}
    data = {"model": "whisper-1"}
    return httpx.post(
        mock.base_url + path, files=files, data=data, headers={**AUTH, **headers}, timeout=10
    )


@pytest.mark.parametrize(("path", "status"), statuses())
def test_prism_answers_each_documented_status_with_its_example(
    mock: MockServer, path: str, status: int
) -> None:
    response = post(mock, path, mock.headers(code=status))
    assert response.status_code == status
    media = SPEC["paths"][path]["post"]["responses"][str(status)]["content"]["application/json"]
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == next(iter(media["examples"].values()))["value"]


@pytest.mark.parametrize(("path", "media_type", "name"), named_examples())
def test_prism_serves_each_named_example_in_its_media_type(
    mock: MockServer, path: str, media_type: str, name: str
) -> None:
    response = post(mock, path, mock.headers(example=name))
    expected = SPEC["paths"][path]["post"]["responses"]["200"]["content"][media_type]
    value = expected["examples"][name]["value"]
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert (response.json() if media_type == "application/json" else response.text) == value


def test_prism_chooses_the_media_type_by_accept_so_headers_send_it(mock: MockServer) -> None:
    """Prism 5.16.0 looks for ``Prefer: example=srt`` under the Accept'ed media type only
    (stoplightio/prism#288): without ``Accept: text/plain`` it answers 404."""
    assert mock.headers(example="srt") == {"Prefer": "example=srt", "Accept": "text/plain"}
    assert mock.headers(example="json") == {"Prefer": "example=json"}
    bare = post(mock, "/audio/transcriptions", {"Prefer": "example=srt"})
    assert bare.status_code == 404


def test_prism_cannot_stream_so_streaming_is_not_mocked(mock: MockServer) -> None:
    """text/event-stream is documented, but Prism's text serialiser refuses a schema-made
    object (500 NO_COMPLEX_OBJECT_TEXT, stoplightio/prism#560). The day this fails, Prism
    streams and the mock can too."""
    response = post(mock, "/audio/transcriptions", {"Accept": "text/event-stream"})
    assert response.status_code == 500 and "NO_COMPLEX_OBJECT_TEXT" in response.text


def test_prism_rejects_a_request_without_a_file_or_a_key(mock: MockServer) -> None:
    no_file = httpx.post(
        mock.base_url + "/audio/transcriptions", data={"model": "whisper-1"}, headers=AUTH
    )
    assert no_file.status_code == 400 and set(no_file.json()["error"]) >= {"message", "type"}
    no_key = httpx.post(
        mock.base_url + "/audio/translations",
        files={"file": ("a.wav", WAV, "audio/wav")},
        data={"model": "whisper-1"},
    )
    assert no_key.status_code == 401


def test_readiness_tells_the_two_contracts_apart(mock: MockServer) -> None:
    openrouter = build_spec(ROOT / OPENROUTER.spec, ROOT / OPENROUTER.overlay)
    assert _serves_spec(mock.base_url, mock.document)
    assert not _serves_spec(mock.base_url, openrouter)


def test_an_unknown_api_is_refused_naming_the_choices() -> None:
    from openrouter_stt import ConfigurationError

    with pytest.raises(ConfigurationError, match="openrouter, openai"):
        MockServer(api="whisper")


def test_prism_rejects_a_field_the_form_does_not_declare(mock: MockServer) -> None:
    """OpenAI's forms say ``additionalProperties: false``; Prism 5.16.0 validated only the
    declared parts, so any unknown field passed (patched in mock/patches/)."""
    for path in ("/audio/transcriptions", "/audio/translations"):
        response = httpx.post(
            mock.base_url + path,
            files={"file": ("a.wav", WAV, "audio/wav")},
            data={"model": "whisper-1", "no_such_field": "1"},
            headers=AUTH,
        )
        assert response.status_code == 400, path


@pytest.mark.parametrize(
    ("values", "status"), [(["word", "segment"], 200), (["word", "sentence"], 400)]
)
def test_prism_validates_array_items_sent_as_name_brackets(
    mock: MockServer, values: list[str], status: int
) -> None:
    """The openai SDK sends ``timestamp_granularities[]`` once per item: they are the
    declared array's items, validated as such (Prism dropped them as undeclared)."""
    response = httpx.post(
        mock.base_url + "/audio/transcriptions",
        files={"file": ("a.wav", WAV, "audio/wav")},
        data={"model": "whisper-1", "timestamp_granularities[]": values},
        headers=AUTH,
    )
    assert response.status_code == status
