"""What the vendored spec lets a transcription request carry, read from the spec.

``make update-spec`` may vendor any upstream version, and older ones lack options
(``response_format``, ``timestamp_granularities``) or the multipart body. A test of
something the vendored spec does not document is skipped, saying what is missing, the
same way the wrapper refuses it; everything else still runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from normalise_spec import build_spec

ROOT = Path(__file__).resolve().parents[1]
SPEC: dict[str, Any] = build_spec(ROOT / "openapi.yaml", ROOT / "mock" / "overlay.yaml")
BODIES = {"json": "application/json", "multipart": "multipart/form-data"}


def resolve(schema: dict[str, Any], root: dict[str, Any] | None = None) -> dict[str, Any]:
    """``schema`` with its ``$ref`` chain followed, in ``root`` (the vendored spec)."""
    while "$ref" in schema:
        node: Any = SPEC if root is None else root
        for key in schema["$ref"].removeprefix("#/").split("/"):
            node = node[key]
        schema = node
    return schema


def request_schema(upload: str) -> dict[str, Any] | None:
    """The request body schema for ``upload`` ("json" or "multipart"), or None."""
    content = SPEC["paths"]["/audio/transcriptions"]["post"]["requestBody"]["content"]
    media = content.get(BODIES[upload])
    return None if media is None else resolve(media["schema"])


def missing(upload: str = "json", **options: Any) -> str | None:
    """Why the spec's ``upload`` body cannot carry ``options`` (None when it can). A value
    is checked against the property's enum (each item's, for a list); no enum, any value."""
    schema = request_schema(upload)
    if schema is None:
        return f"the vendored spec documents no {BODIES[upload]} request"
    properties = schema.get("properties", {})
    for option, value in options.items():
        # A form sends each item of a list as its own part, named with "[]".
        prop = properties.get(option) or properties.get(f"{option}[]")
        if prop is None:
            return f"the vendored spec's {upload} request has no {option}"
        prop = resolve(prop)
        if prop.get("type") == "array" or "items" in prop:
            prop = resolve(prop.get("items", {}))
        values = value if isinstance(value, (list, tuple)) else [value]
        allowed = prop.get("enum")
        if allowed is not None and (wrong := [v for v in values if v not in allowed]):
            return f"the vendored spec's {upload} request allows no {option}={wrong[0]!r}"
    return None


def form_carries(option: str) -> bool:
    """Whether the spec's multipart form has a field for ``option`` (then ``upload="auto"``
    sends such a request as multipart, and the option travels in the form)."""
    return missing("multipart", **{option: None}) is None


def needs(upload: str = "json", **options: Any) -> pytest.MarkDecorator:
    """Skip, naming what is missing, unless the ``upload`` body can carry ``options``."""
    why = missing(upload, **options)
    return pytest.mark.skipif(why is not None, reason=why or "")


def uploads(*names: str, **options: Any) -> list[Any]:
    """``names`` as parameters, each skipped when its body cannot carry ``options``."""
    return [pytest.param(name, marks=needs(name, **options)) for name in names]
