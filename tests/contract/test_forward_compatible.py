"""A field upstream adds reaches the wire and the Transcription with no change to the
wrapper: a copy of the spec gains a required request field (in the JSON and the
multipart schema) and a response field, Prism serves the copy, and ``extra_body``
and ``Transcription.extra`` carry them through. Nothing is regenerated."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from audio_samples import make_audio
from spec_features import uploads

from openrouter_stt import BadRequestError, Client
from openrouter_stt.mock import MockServer

OPERATION = ("/audio/transcriptions", "post")
NEW_REQUEST_FIELD = "x_speaker_hints"
NEW_RESPONSE_FIELD = "x_entities"
HINTS = "Alice,Bob"
ENTITIES = [{"type": "person", "text": "Alice", "start": 0.4}]


def with_new_fields(spec: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(spec)
    operation = changed["paths"][OPERATION[0]][OPERATION[1]]
    content = operation["requestBody"]["content"]
    schemas = changed["components"]["schemas"]
    # Required, so Prism answers 400 unless the field arrives, in either body.
    forms = [media["schema"] for name, media in content.items() if name == "multipart/form-data"]
    for schema in (schemas["STTRequest"], *forms):
        schema["properties"][NEW_REQUEST_FIELD] = {"type": "string", "minLength": 3}
        schema["required"] = [*schema["required"], NEW_REQUEST_FIELD]
    schemas["STTResponse"]["properties"][NEW_RESPONSE_FIELD] = {
        "type": "array",
        "items": {"type": "object", "additionalProperties": True},
    }
    examples = operation["responses"]["200"]["content"]["application/json"]["examples"]
    examples["new-field"] = {"value": {"text": "Alice met Bob.", NEW_RESPONSE_FIELD: ENTITIES}}
    return changed


@pytest.fixture(scope="module")
def changed_mock(spec: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("changed-spec")
    path: Path = directory / "openapi.json"
    path.write_text(json.dumps(with_new_fields(spec)), encoding="utf-8")
    with MockServer(spec=path, log=directory / "prism.log") as server:
        yield server.base_url


@pytest.mark.parametrize("upload", uploads("json", "multipart"))
def test_a_new_request_field_and_response_field_travel_end_to_end(
    changed_mock: str, upload: str
) -> None:
    with Client(api_key="test", base_url=changed_mock, max_retries=0) as client:
        t = client.transcribe(
            make_audio("wav"),
            upload=upload,
            extra_body={NEW_REQUEST_FIELD: HINTS},
            extra_headers={"Prefer": "example=new-field"},
        )
        assert t.extra == {NEW_RESPONSE_FIELD: ENTITIES}
        assert t.raw[NEW_RESPONSE_FIELD] == ENTITIES
        # Canary: without the field the changed spec's Prism refuses the request.
        with pytest.raises(BadRequestError):
            client.transcribe(make_audio("wav"), upload=upload)
