"""The normalised spec, loaded at import time so tests can parametrize over it.

Parametrizing from the spec (not from hand-copied lists) means a new status code or
named example in ``openapi.yaml`` / ``mock/overlay.yaml`` adds its tests automatically.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))

from normalise_spec import build_spec, merge_patch, normalise  # noqa: E402

__all__ = ["merge_patch", "normalise"]  # re-exported for the unit tests

PATH = "/audio/transcriptions"
SPEC: dict[str, Any] = build_spec(ROOT / "openapi.yaml", ROOT / "mock" / "overlay.yaml")
RESPONSES: dict[str, Any] = SPEC["paths"][PATH]["post"]["responses"]

#: Every documented status code as an int (200, 400, ... 529).
STATUSES: list[int] = sorted(int(code) for code in RESPONSES)
ERROR_STATUSES: list[int] = [code for code in STATUSES if code >= 400]
#: The named 200 examples Prism serves with ``Prefer: example=NAME``.
EXAMPLES_200: dict[str, Any] = RESPONSES["200"]["content"]["application/json"]["examples"]

#: A request body the STTRequest schema accepts.
VALID_BODY: dict[str, Any] = {
    "model": "openai/whisper-large-v3",
    "input_audio": {
        "data": base64.b64encode(b"RIFF\x00\x00\x00\x00WAVE").decode(),
        "format": "wav",
    },
}
AUTH = {"Authorization": "Bearer test"}
TIMEOUT = 10.0


def media(status: int) -> dict[str, Any]:
    return RESPONSES[str(status)]["content"]["application/json"]


def default_example(status: int) -> Any:
    """The example Prism serves for a status (the normaliser moved ``example`` here)."""
    return media(status)["examples"]["default"]["value"]


def schema_name(status: int) -> str:
    """The component name the response's ``$ref`` points at, e.g. ``TooManyRequestsResponse``."""
    return media(status)["schema"]["$ref"].rsplit("/", 1)[-1]
