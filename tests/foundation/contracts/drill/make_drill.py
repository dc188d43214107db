"""Build the drill document: upstream's newest contract plus the next one, before upstream
publishes it. It is a drill, not the contract: it never goes into openapi.yaml.

    python tests/foundation/contracts/drill/make_drill.py    # rewrites openapi-drill.yaml

It starts from upstream's 2026-08-22 version (``../openapi-2026-08-22.yaml``) and adds
what the ``openrouter`` SDK 1.3.84 shows of the transcription contract (built from a
spec upstream has not published):

- ``input_audio`` is ``anyOf`` inline ``{data, format}`` or ``{url, format?}``; the form
  gains ``source_url`` and ``file`` is no longer required;
- ``diarize``, ``keyterms``, ``provider``, ``trace``, ``session_id`` and ``user`` in the
  JSON body and in the form (the form's ``provider`` and ``trace`` are JSON text);
- ``confidence``, ``language_confidence`` and ``entities`` in the answer; words with
  ``channel``, ``confidence``, ``speaker_label`` and ``type`` (``word``/``audio_event``);
- statuses 403 and 413 (with a media-type example, as upstream writes them) and 504
  (its example only on the schema, as some upstream responses have it).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
BASE = HERE.parent / "openapi-2026-08-22.yaml"
OUTPUT = HERE / "openapi-drill.yaml"
STT = "/audio/transcriptions"

DIARIZE = {
    "description": "Label each word with the speaker who said it (words[].speaker, "
    'words[].speaker_label). Requires response_format "verbose_json".',
    "type": "boolean",
}
KEYTERMS = {
    "description": "Domain terms, names, or phrases to bias recognition toward. Only "
    "supported by some providers.",
    "items": {"type": "string"},
    "type": "array",
}
SESSION_ID = {
    "description": "A unique identifier for grouping related requests; never sent to the provider.",
    "type": "string",
}
USER = {
    "description": "A unique identifier representing your end-user; never sent to the provider.",
    "type": "string",
}


def error_schema(code: int, title: str, message: str) -> tuple[dict[str, Any], dict[str, Any]]:
    data = {
        "description": f"Error data for {title} responses",
        "example": {"code": code, "message": message},
        "properties": {
            "code": {"type": "integer"},
            "message": {"type": "string"},
            "metadata": {"additionalProperties": {}, "type": ["object", "null"]},
        },
        "required": ["code", "message"],
        "type": "object",
    }
    return data, {
        "description": f"{title} response",
        "example": {"error": {"code": code, "message": message}},
        "properties": {
            "error": {"$ref": f"#/components/schemas/{title}ResponseErrorData"},
            "openrouter_metadata": {"additionalProperties": {}, "type": ["object", "null"]},
            "user_id": {"type": ["string", "null"]},
        },
        "required": ["error"],
        "type": "object",
    }


def build(spec: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]
    inline = schemas.pop("STTInputAudio")
    schemas["STTInlineInputAudio"] = {**inline, "description": "Inline base64 audio input"}
    schemas["STTURLInputAudio"] = {
        "description": "Audio input fetched by the provider from a URL",
        "example": {"url": "https://example.com/audio.wav"},
        "properties": {
            "format": {
                "description": "Audio format of the file at the URL. Defaults to the "
                "extension of the URL path.",
                "type": "string",
            },
            "url": {
                "description": "Publicly reachable http(s) URL of the audio file.",
                "type": "string",
            },
        },
        "required": ["url"],
        "type": "object",
    }
    schemas["STTInputAudio"] = {
        "anyOf": [
            {"$ref": "#/components/schemas/STTInlineInputAudio"},
            {"$ref": "#/components/schemas/STTURLInputAudio"},
        ],
        "description": "Audio to transcribe: inline base64 bytes, or a URL the provider "
        "downloads directly.",
    }
    schemas["TraceConfig"] = {
        "additionalProperties": {},
        "description": "Metadata for observability and tracing.",
        "example": {"trace_id": "trace-abc123", "trace_name": "my-app-trace"},
        "properties": {
            name: {"type": "string"}
            for name in ("generation_name", "parent_span_id", "span_name", "trace_id", "trace_name")
        },
        "type": "object",
    }
    request = schemas["STTRequest"]["properties"]
    provider = request["provider"]
    provider.setdefault("properties", {}).update(
        data_collection={"enum": ["deny", "allow", None], "type": ["string", "null"]},
        zdr={"type": ["boolean", "null"]},
    )
    request.update(
        diarize=DIARIZE,
        keyterms=KEYTERMS,
        session_id=SESSION_ID,
        trace={"$ref": "#/components/schemas/TraceConfig"},
        user=USER,
    )
    answer = schemas["STTResponse"]["properties"]
    answer.update(
        confidence={
            "description": "Provider confidence for the whole transcript, 0 to 1",
            "format": "double",
            "type": "number",
        },
        language_confidence={
            "description": "Provider confidence in the detected language, 0 to 1",
            "format": "double",
            "type": "number",
        },
        entities={
            "description": "Detected entities with character offsets into text",
            "items": {"$ref": "#/components/schemas/STTEntity"},
            "type": "array",
        },
    )
    schemas["STTEntity"] = {
        "description": "A detected entity",
        "properties": {
            "end_char": {"type": "integer"},
            "start_char": {"type": "integer"},
            "text": {"type": "string"},
            "type": {"type": "string"},
        },
        "required": ["start_char", "end_char", "text", "type"],
        "type": "object",
    }
    words = schemas["STTWord"]["properties"]
    words.update(
        channel={"description": "Zero-based audio channel index", "type": "integer"},
        confidence={
            "description": "Provider confidence for the word, 0 to 1",
            "format": "double",
            "type": "number",
        },
        speaker_label={"description": "Provider speaker label", "type": "string"},
        type={
            "description": 'Kind of entry; omitted or "word" for spoken words',
            "enum": ["word", "audio_event"],
            "type": "string",
        },
    )

    operation = spec["paths"][STT]["post"]
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    form["required"] = ["model"]
    form["properties"].update(
        {
            "source_url": {
                "description": "Publicly reachable http(s) URL of the audio "
                "file. Exactly one of file or source_url is required.",
                "type": "string",
            },
            "diarize": DIARIZE,
            "keyterms[]": KEYTERMS,
            "provider": {
                "description": "JSON-encoded provider preferences object, the "
                "same shape as the JSON body field.",
                "type": "string",
            },
            "trace": {"description": "JSON-encoded trace metadata object.", "type": "string"},
            "session_id": SESSION_ID,
            "user": USER,
        }
    )

    responses = operation["responses"]
    for code, title, message in (
        (403, "Forbidden", "Only management keys can perform this operation"),
        (413, "PayloadTooLarge", "Request payload too large"),
        (504, "GatewayTimeout", "Gateway timed out"),
    ):
        data, body = error_schema(code, title, message)
        schemas.setdefault(f"{title}ResponseErrorData", data)
        schemas.setdefault(f"{title}Response", body)
        media: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{title}Response"}}
        if code != 504:
            media = {"example": {"error": {"code": code, "message": message}}, **media}
        responses[str(code)] = {
            "content": {"application/json": media},
            "description": f"{title} error",
        }
    operation["responses"] = dict(sorted(responses.items()))
    spec["components"]["schemas"] = dict(sorted(schemas.items()))
    return spec


def main() -> None:
    spec = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    text = yaml.safe_dump(build(spec), sort_keys=False, allow_unicode=True, width=100)
    header = "# The drill: upstream's 2026-08-22 contract plus the next one (make_drill.py).\n"
    OUTPUT.write_text(header + text, encoding="utf-8")


if __name__ == "__main__":
    main()
