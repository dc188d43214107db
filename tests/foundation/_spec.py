"""The normalised spec, loaded at import time so tests can parametrize over it.

Parametrizing from the spec (not from hand-copied lists) means a new operation, status
code or named example in ``openapi.yaml`` / ``mock/overlay.yaml`` adds its tests
automatically, for every operation the spec documents.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))

from filter_spec import HTTP_METHODS  # noqa: E402
from normalise_spec import build_spec, merge_patch, normalise  # noqa: E402

__all__ = ["merge_patch", "normalise"]  # re-exported for the unit tests

from contracts import CONTRACTS  # noqa: E402

SPEC: dict[str, Any] = build_spec(ROOT / "openapi.yaml", ROOT / "mock" / "overlay.yaml")
JSON = "application/json"


def contract_spec(name: str) -> dict[str, Any]:
    """The normalised spec of a contract of tools/contracts.py, built fresh."""
    of = CONTRACTS[name]
    return build_spec(ROOT / of.spec, ROOT / of.overlay)


class Operation(NamedTuple):
    method: str
    path: str

    def __str__(self) -> str:  # the test id: "GET /models"
        return f"{self.method.upper()} {self.path}"

    @property
    def spec(self) -> dict[str, Any]:
        return SPEC["paths"][self.path][self.method]

    @property
    def responses(self) -> dict[str, Any]:
        return self.spec["responses"]

    @property
    def statuses(self) -> list[int]:
        """Every documented status code as an int (200, 400, ...)."""
        return sorted(int(code) for code in self.responses)

    @property
    def error_statuses(self) -> list[int]:
        return [code for code in self.statuses if code >= 400]

    def media(self, status: int) -> dict[str, Any]:
        return self.responses[str(status)]["content"][JSON]

    def examples(self, status: int = 200) -> dict[str, Any]:
        """The named examples Prism serves with ``Prefer: example=NAME``."""
        media = self.media(status)
        if "examples" not in media:
            pytest.fail(
                f"{self} {status} documents no example (neither on its media type nor its "
                "schema): add a named one in mock/overlay.yaml",
                pytrace=False,
            )
        return media["examples"]  # type: ignore[no-any-return]

    def default_example(self, status: int) -> Any:
        """The example Prism serves for a status (the normaliser moved ``example`` here)."""
        return self.examples(status)["default"]["value"]

    def schema_name(self, status: int) -> str:
        """The component a response's ``$ref`` points at, e.g. ``TooManyRequestsResponse``."""
        return self.media(status)["schema"]["$ref"].rsplit("/", 1)[-1]

    def valid_request(self) -> dict[str, Any]:
        """httpx keyword arguments for a request the spec accepts: the JSON body example
        when the operation takes a body; its optional parameters left out."""
        content = self.spec.get("requestBody", {}).get("content", {})
        if self == TRANSCRIPTION:
            return {"json": VALID_BODY}  # real base64, not the spec's elided "UklGRiQA..."
        if JSON in content:
            return {"json": content[JSON]["examples"]["default"]["value"]}
        return {}


#: Every operation the spec documents, in its order.
OPERATIONS: list[Operation] = [
    Operation(method, path)
    for path, item in SPEC["paths"].items()
    for method in item
    if method in HTTP_METHODS
]
#: (operation, status) for every documented response of every operation.
OPERATION_STATUSES: list[tuple[Operation, int]] = [
    (operation, status) for operation in OPERATIONS for status in operation.statuses
]
#: (operation, name) for every named 200 example.
OPERATION_EXAMPLES: list[tuple[Operation, str]] = [
    (operation, name) for operation in OPERATIONS for name in sorted(operation.examples(200))
]
#: Every error status any operation documents.
ERROR_STATUSES: list[int] = sorted({code for op in OPERATIONS for code in op.error_statuses})


def cases(rows: list[tuple[Any, ...]]) -> list[Any]:
    """``rows`` as pytest params with readable ids, e.g. ``GET /models 403``."""
    return [
        pytest.param(*row, id=" ".join(str(x) for x in row if isinstance(x, (tuple, str, int))))
        for row in rows
    ]


#: The operation the request-validation canaries are about.
TRANSCRIPTION = Operation("post", "/audio/transcriptions")
PATH = TRANSCRIPTION.path

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
