"""openapi.yaml is upstream's document cut to our operations (tools/filter_spec.py), as locked.

An honest `make update-spec` is green; a hand edit of openapi.yaml is red.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from filter_spec import OPERATIONS, FilterError, filter_text
from update_spec import check

from ._spec import ROOT

LOCK = json.loads((ROOT / "openapi.lock.json").read_text(encoding="utf-8"))
SOURCE = ROOT / LOCK["source"]

# A small whole document in upstream's style: two operations on one path, one elsewhere,
# components reached directly, through another component (as a property and as the
# `items` of an array), and not at all; quoted values.
UPSTREAM = """\
components:
  parameters: {}
  schemas:
    Direct:
      description: 'kept: referenced by the operation'
      properties:
        listed:
          items:
            $ref: '#/components/schemas/Item'
          type: 'array'
        nested:
          $ref: '#/components/schemas/Transitive'
      type: 'object'
    Item:
      description: 'kept: the items of an array in Direct'
      type: 'string'
    Other:
      description: 'dropped: only the other path uses it'
      type: 'object'
    Transitive:
      description: "kept: through Direct"
      example: 0.000508
      type:
        - 'number'
        - 'null'
  securitySchemes:
    apiKey:
      scheme: 'bearer'
      type: 'http'
    unused:
      type: 'apiKey'
info:
  title: 'API'
  version: '1.0.0'
openapi: '3.1.0'
paths:
  /audio/transcriptions:
    parameters:
      - in: 'header'
        name: 'X-Shared'
        schema:
          type: 'string'
    delete:
      responses:
        '204':
          description: 'dropped: another method of the same path'
    post:
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Direct'
      responses:
        '200':
          description: 'OK'
      tags:
        - 'STT'
  /other:
    get:
      responses:
        '200':
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Other'
          description: 'OK'
      tags:
        - 'Other'
security:
  - apiKey: []
tags:
  - description: 'Other endpoints'
    name: 'Other'
  - description: 'Speech-to-text endpoints'
    name: 'STT'
x-retry-strategy:
  backoff: 'exponential'
"""
POST = (("post", "/audio/transcriptions"),)


def test_the_filter_keeps_the_operation_and_what_it_references() -> None:
    out = filter_text(UPSTREAM, POST)
    document = yaml.safe_load(out)
    assert list(document["paths"]) == ["/audio/transcriptions"]
    assert set(document["paths"]["/audio/transcriptions"]) == {"parameters", "post"}
    assert set(document["components"]["schemas"]) == {"Direct", "Item", "Transitive"}
    assert set(document["components"]["securitySchemes"]) == {"apiKey"}
    assert document["components"]["parameters"] == {}
    assert [tag["name"] for tag in document["tags"]] == ["STT"]
    assert document["x-retry-strategy"] == {"backoff": "exponential"}


def test_the_filter_copies_every_kept_line_as_upstream_wrote_it() -> None:
    out = filter_text(UPSTREAM, POST)
    upstream_lines = UPSTREAM.splitlines()
    assert all(line in upstream_lines for line in out.splitlines())
    assert "      example: 0.000508\n" in out  # not re-spelled
    assert '      description: "kept: through Direct"\n' in out  # quoting kept
    assert out.splitlines()[0] == "components:"  # upstream's key order


def test_filtering_a_filtered_document_changes_nothing() -> None:
    once = filter_text(UPSTREAM, POST)
    assert filter_text(once, POST) == once


def test_the_filter_refuses_a_document_without_the_operation() -> None:
    with pytest.raises(FilterError, match="no GET /missing"):
        filter_text(UPSTREAM, (("get", "/missing"),))


def test_the_filter_refuses_a_dangling_reference() -> None:
    dangling = UPSTREAM.replace("#/components/schemas/Transitive", "#/components/schemas/Gone")
    with pytest.raises(FilterError, match="Gone is referenced but not defined"):
        filter_text(dangling, POST)


def test_openapi_yaml_matches_its_lock() -> None:
    assert check(ROOT) == []
    assert LOCK["operations"] == [f"{m.upper()} {p}" for m, p in OPERATIONS]


@pytest.mark.skipif(not SOURCE.is_file(), reason=f"the locked source {LOCK['source']} is absent")
def test_refiltering_the_locked_source_reproduces_openapi_yaml() -> None:
    assert filter_text(SOURCE.read_text(encoding="utf-8")) == (ROOT / "openapi.yaml").read_text(
        encoding="utf-8"
    )


def copy_of_the_project(tmp_path: Path) -> Path:
    for name in ("openapi.yaml", "openapi.lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_a_hand_edit_of_openapi_yaml_is_caught(tmp_path: Path) -> None:
    root = copy_of_the_project(tmp_path)
    spec = root / "openapi.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "x-local-addition: true\n", "utf-8")
    assert any("hand edit" in problem for problem in check(root))


def minimal_document(operations: tuple[tuple[str, str], ...]) -> str:
    """A whole document with just ``operations``, each answering 200."""
    lines = ["info:", "  title: 'API'", "  version: '1'", "openapi: '3.1.0'", "paths:"]
    for path in dict.fromkeys(path for _, path in operations):
        lines.append(f"  '{path}':")
        for method in (m for m, p in operations if p == path):
            lines += [f"    {method}:", "      responses:", "        '200':",
                      "          description: 'OK'"]  # fmt: skip
    return "\n".join(lines) + "\n"


def test_update_spec_writes_the_spec_and_a_lock_that_checks(tmp_path: Path) -> None:
    source = tmp_path / "upstream.yaml"
    source.write_text(minimal_document(OPERATIONS), encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    done = subprocess.run(
        [sys.executable, ROOT / "tools" / "update_spec.py", source, "--ref", "abc123 (2026-08-22)",
         "--root", root],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lock = json.loads((root / "openapi.lock.json").read_text(encoding="utf-8"))
    assert lock["source"] == "../upstream.yaml"
    assert lock["ref"] == "abc123 (2026-08-22)"
    assert (root / "openapi.yaml").read_text(encoding="utf-8") == source.read_text("utf-8")
    assert check(root) == []
    source.write_text(minimal_document(OPERATIONS) + "x-new: 1\n", encoding="utf-8")
    assert any("changed since the lock" in problem for problem in check(root))


def test_update_spec_names_a_missing_operation_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "upstream.yaml"
    source.write_text(UPSTREAM.replace("/audio/transcriptions", "/audio/speech"), "utf-8")
    done = subprocess.run(
        [sys.executable, ROOT / "tools" / "update_spec.py", source, "--root", tmp_path],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "no POST /audio/transcriptions" in done.stderr
    assert not (tmp_path / "openapi.yaml").exists()


def test_update_spec_fetches_a_url_source_with_httpx(tmp_path: Path) -> None:
    import http.server
    import threading

    document = minimal_document(OPERATIONS).encode()

    class Upstream(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(document)))
            self.end_headers()
            self.wfile.write(document)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/openapi/openapi.yaml"
    try:
        done = subprocess.run(
            [sys.executable, ROOT / "tools" / "update_spec.py", url, "--root", tmp_path],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    lock = json.loads((tmp_path / "openapi.lock.json").read_text(encoding="utf-8"))
    assert lock["source"] == url
    assert (tmp_path / "openapi.yaml").read_bytes() == document
    assert check(tmp_path) == []  # a URL is not re-fetched: the hashes decide
