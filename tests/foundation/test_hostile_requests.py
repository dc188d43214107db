"""No request can kill the mock: hostile bodies get a 4xx, and the same Prism goes on serving.

Prism 5.16.0 died on a multipart file part without Content-Type (stoplightio/prism#2672), on
an unquoted filename and on an unparseable Content-Type, and hung forever on a JSON body that
did not parse. mock/patches/ fixes them; this sweep pins them on one running process, for
each contract the mock serves (OpenRouter's, and OpenAI's multipart-only operations).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from openrouter_stt.mock import MockServer

from ._spec import AUTH, PATH, SPEC, VALID_BODY, contract_spec

BOUNDARY = "sweep-boundary"
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt "


def part(name: str, data: bytes, *headers: str, filename: str | None = '"a.wav"') -> bytes:
    disposition = f'Content-Disposition: form-data; name="{name}"'
    if filename is not None:
        disposition += f"; filename={filename}"
    head = "\r\n".join([disposition, *headers])
    return f"--{BOUNDARY}\r\n{head}\r\n\r\n".encode() + data + b"\r\n"


def form(*parts: bytes) -> bytes:
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def multipart_schema(spec: dict[str, Any]) -> dict[str, Any] | None:
    content = spec["paths"][PATH]["post"]["requestBody"]["content"]
    schema: dict[str, Any] | None = content.get("multipart/form-data", {}).get("schema")
    if schema is not None and "$ref" in schema:  # OpenAI's names its form schema
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def hostile_requests(multipart: dict[str, Any] | None) -> list[tuple[str, str | None, bytes]]:
    """(name, Content-Type header or None, body). A 4xx is always an acceptable answer; 200
    is too for the two that are legal multipart (a file part may omit Content-Type, RFC 7578
    4.4; a filename may be unquoted), provided the spec has a multipart request at all."""

    def text_fields() -> list[bytes]:
        """A part for each required multipart field but the file (the spec names them)."""
        required = multipart.get("required", []) if multipart else ["model"]
        return [part(name, b"whisper-1", filename=None) for name in required if name != "file"]

    return [
    ("file part without Content-Type", MULTIPART_TYPE, form(part("file", WAV), *text_fields())),
    ("unquoted filename", MULTIPART_TYPE,
     form(part("file", WAV, "Content-Type: audio/wav", filename="a.wav"), *text_fields())),
    ("part without Content-Disposition", MULTIPART_TYPE,
     form(f"--{BOUNDARY}\r\nContent-Type: audio/wav\r\n\r\n".encode() + WAV + b"\r\n")),
    ("multipart without boundary", "multipart/form-data", form(*text_fields())),
    ("truncated multipart", MULTIPART_TYPE, form(part("file", WAV), *text_fields())[:40]),
    ("part with an unknown charset", MULTIPART_TYPE,
     form(part("model", b"\xff\xfe", "Content-Type: text/plain; charset=klingon", filename=None))),
    ("30 MB part", MULTIPART_TYPE,
     form(part("file", bytes(30 * 1024 * 1024), "Content-Type: audio/wav"), *text_fields())),
    ("truncated JSON", "application/json", b'{"model":'),
    ("invalid JSON", "application/json", b"{nope"),
    ("Content-Type: undefined", "undefined", b"{}"),
    ("Content-Type: undefined, no body", "undefined", b""),
    ("Content-Type: ;;;", ";;;", b"{}"),
    ("malformed escape in a part name", MULTIPART_TYPE,
     form(part("%zz", b"%zz", filename=None), *text_fields())),
    ("empty boundary", "multipart/form-data; boundary=", form(*text_fields())),
    ("unknown media type", "application/x-unknown", b"abc"),
        ("no Content-Type", None, b"{}"),
    ]  # fmt: skip


MULTIPART_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
LEGAL = {"file part without Content-Type", "unquoted filename"}
#: Once the spec's form no longer requires a file (the audio may come by source_url), a
#: form of the required text fields is a valid request, so a part the spec does not name
#: or a text part in an odd charset may be served as well.
LEGAL_WITHOUT_FILE = {"malformed escape in a part name", "part with an unknown charset"}


@pytest.fixture(scope="module", params=["openrouter", "openai"])
def mock(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, spec_path: Path
) -> Iterator[MockServer]:
    """A Prism of its own per contract: the sweep must not take the session's mock down."""
    log = tmp_path_factory.mktemp("hostile") / "prism.log"
    api = request.param
    with MockServer(spec=spec_path if api == "openrouter" else None, log=log, api=api) as server:
        yield server


def test_every_hostile_request_gets_a_4xx_and_the_same_prism_then_serves(
    mock: MockServer,
) -> None:
    spec = SPEC if mock.api == "openrouter" else contract_spec(mock.api)
    multipart = multipart_schema(spec)
    statuses = [int(code) for code in spec["paths"][PATH]["post"]["responses"]]
    file_optional = multipart is not None and "file" not in multipart.get("required", [])
    pid = mock.pid
    assert pid is not None
    answers: dict[str, int | str] = {}
    with httpx.Client(base_url=mock.base_url, timeout=10.0) as http:
        for name, content_type, body in hostile_requests(multipart):
            headers = {**AUTH, **({"Content-Type": content_type} if content_type else {})}
            try:
                answers[name] = http.post(PATH, content=body, headers=headers).status_code
            except httpx.HTTPError as error:  # no answer, or the connection died
                answers[name] = type(error).__name__
        if mock.api == "openrouter":
            valid = http.post(PATH, json=VALID_BODY, headers=AUTH)
        else:
            files = {"file": ("a.wav", WAV, "audio/wav")}
            valid = http.post(PATH, files=files, data={"model": "whisper-1"}, headers=AUTH)

    def acceptable(name: str, status: int | str) -> bool:
        if isinstance(status, str):
            return False
        if (name in LEGAL and multipart is not None) or (
            name in LEGAL_WITHOUT_FILE and file_optional
        ):
            return status in statuses  # 200 once parsed as octet-stream, or another documented
        return 400 <= status < 500

    wrong = {name: status for name, status in answers.items() if not acceptable(name, status)}
    assert wrong == {}
    if multipart is not None:
        assert {answers[name] for name in LEGAL} == {200}
    assert valid.status_code == 200
    assert mock.pid == pid  # the same process, not a restarted one
    os.kill(pid, 0)
