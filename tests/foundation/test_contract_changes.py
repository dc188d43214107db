"""`make update-spec` logs what changed; `make check-upstream` tells scripts whether it did.

Both run as the Makefile runs them (the tools as subprocesses) on a scratch project
root, with upstream's real versions from ``contracts/`` served by a local HTTP server.
"""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ._spec import ROOT

CONTRACTS = Path(__file__).parent / "contracts"
TOOLS = ROOT / "tools"
CHANGELOG = "docs/contract-changes.md"


def tool(name: str, *args: str | Path, root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, TOOLS / name, *map(str, args), "--root", str(root)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def vendor(root: Path, date: str, ref: str | None = None) -> subprocess.CompletedProcess[str]:
    extra = ("--ref", ref) if ref else ()
    done = tool("update_spec.py", CONTRACTS / f"openapi-{date}.yaml", *extra, root=root)
    assert done.returncode == 0, done.stderr
    return done


def test_update_spec_prints_and_logs_one_classified_entry_per_update(tmp_path: Path) -> None:
    vendor(tmp_path, "2026-06-16", "1c9b4627 (2026-06-16)")
    done = vendor(tmp_path, "2026-07-07", "014af035 (2026-07-07)")
    # What the person running it reads: the multipart request as additive, nothing breaking.
    assert "**Breaking** (0)" in done.stdout
    additive = done.stdout.split("**Additive**")[1].split("**Equivalent**")[0]
    assert "POST /audio/transcriptions request multipart/form-data: media type added" in additive
    log = (tmp_path / CHANGELOG).read_text(encoding="utf-8")
    entries = log.split("\n## ")[1:]
    assert len(entries) == 2
    assert entries[0].startswith("2026-") and "First vendored" in entries[0]
    assert "· openrouter · 014af035 (2026-07-07)" in entries[1]
    assert "- Source: " in entries[1] and "openapi-2026-07-07.yaml" in entries[1]
    assert "- Compared with: " in entries[1] and "1c9b4627 (2026-06-16)" in entries[1]
    assert entries[1].strip() in done.stdout

    back = tool("update_spec.py", CONTRACTS / "openapi-2026-06-16.yaml", root=tmp_path)
    assert back.returncode == 0, back.stderr
    breaking = back.stdout.split("**Breaking**")[1].split("**Additive**")[0]
    assert "multipart/form-data: media type removed" in breaking
    assert len((tmp_path / CHANGELOG).read_text(encoding="utf-8").split("\n## ")) == 4


def test_update_spec_over_a_broken_vendored_file_says_so_and_still_updates(
    tmp_path: Path,
) -> None:
    vendor(tmp_path, "2026-06-16")
    (tmp_path / "openapi.yaml").write_text("paths: [unclosed\n", encoding="utf-8")
    done = vendor(tmp_path, "2026-07-07")
    assert "- Findings: none; the vendored openapi.yaml could not be read" in done.stdout
    assert "Traceback" not in done.stderr
    expected = (CONTRACTS / "openapi-2026-07-07.yaml").read_bytes()
    assert (tmp_path / "openapi.yaml").read_bytes() == expected


def test_update_spec_vendors_openais_contract_beside_openrouters(tmp_path: Path) -> None:
    older = CONTRACTS / "openai" / "openai-openapi-2026-07-27.yaml"
    first = tool("update_spec.py", older, "--contract", "openai", "--ref", "b9fc3bc", root=tmp_path)
    assert first.returncode == 0, first.stderr
    source = CONTRACTS / "openai" / "openai-openapi-2026-08-21.yaml"
    done = tool("update_spec.py", source, "--contract", "openai", "--ref", "f85dbe2", root=tmp_path)
    assert done.returncode == 0, done.stderr
    vendored = (tmp_path / "vendored" / "openai" / "openapi.yaml").read_text(encoding="utf-8")
    assert vendored.startswith("# OpenAI's API description") and "MIT licence" in vendored
    assert not (tmp_path / "openapi.yaml").exists()  # OpenRouter's is not touched
    lock = json.loads((tmp_path / "vendored" / "openai" / "openapi.lock.json").read_text())
    assert lock["operations"] == ["POST /audio/transcriptions", "POST /audio/translations"]
    entry = (tmp_path / CHANGELOG).read_text(encoding="utf-8").split("\n## ")[-1]
    assert "· openai · f85dbe2" in entry
    assert "POST /audio/transcriptions request multipart/form-data: languages: added" in entry


class Upstream:
    """A local HTTP server publishing one document at /openapi.yaml, swappable."""

    def __init__(self) -> None:
        self.document = b""
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200 if self.path == "/openapi.yaml" else 404)
                body = owner.document if self.path == "/openapi.yaml" else b"not here"
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/openapi.yaml"

    def publish(self, date: str) -> None:
        self.document = (CONTRACTS / f"openapi-{date}.yaml").read_bytes()


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_check_upstream_tells_same_changed_and_unreachable_apart(
    tmp_path: Path, upstream: Upstream
) -> None:
    upstream.publish("2026-07-09")
    done = tool("update_spec.py", upstream.url, "--ref", "7e2184ae", root=tmp_path)
    assert done.returncode == 0, done.stderr
    logged = (tmp_path / CHANGELOG).read_text(encoding="utf-8")

    same = tool("check_upstream.py", upstream.url, root=tmp_path)
    assert (same.returncode, same.stderr) == (0, "")
    assert "nothing openrouter covers changed" in same.stdout

    upstream.publish("2026-07-24")
    changed = tool("check_upstream.py", upstream.url, root=tmp_path)
    assert changed.returncode == 1, changed.stderr
    assert f"SRC={upstream.url}" in changed.stdout
    assert "- Compared with: " in changed.stdout and "(7e2184ae)" in changed.stdout
    assert "200 application/json: words[]: speaker: added" in changed.stdout
    assert "null now written as type [..., 'null'] (3.1)" in changed.stdout
    # It only says what update-spec would write: nothing is written.
    assert (tmp_path / CHANGELOG).read_text(encoding="utf-8") == logged

    missing = tool("check_upstream.py", upstream.url.replace("openapi.yaml", "gone"), root=tmp_path)
    assert missing.returncode == 2
    assert "could not reach upstream" in missing.stderr and "404" in missing.stderr

    upstream.document = b"<html>maintenance</html>"
    garbage = tool("check_upstream.py", upstream.url, root=tmp_path)
    assert garbage.returncode == 2
    assert "did not answer with an OpenAPI document" in garbage.stderr


def test_check_upstream_offline_says_so_without_a_traceback(tmp_path: Path) -> None:
    vendor(tmp_path, "2026-08-22")
    with socket.socket() as probe:  # a port nobody listens on, once closed
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/openapi.yaml"
    done = tool("check_upstream.py", url, "--timeout", "5", root=tmp_path)
    assert done.returncode == 2
    assert "check-upstream: could not reach upstream: cannot fetch " + url in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_make_check_upstream_fails_on_a_change(tmp_path: Path, upstream: Upstream) -> None:
    """The Makefile target passes the tool's status on: a scheduled job goes red."""
    vendored = (ROOT / "openapi.yaml").read_bytes()
    upstream.document = vendored
    same = subprocess.run(["make", "-s", "check-upstream", f"SRC={upstream.url}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert same.returncode == 0, same.stdout + same.stderr
    upstream.document = next(
        text for path in sorted(CONTRACTS.glob("openapi-*.yaml"))
        if (text := path.read_bytes()) != vendored
    )  # fmt: skip
    changed = subprocess.run(["make", "-s", "check-upstream", f"SRC={upstream.url}"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert changed.returncode != 0
    assert "differs from openapi.yaml in the covered operations" in changed.stdout


def test_the_scheduled_workflow_watches_every_vendored_contract() -> None:
    import yaml

    sys.path.insert(0, str(TOOLS))
    try:
        from contracts import CONTRACTS as LISTED
    finally:
        sys.path.remove(str(TOOLS))
    workflow = yaml.safe_load((ROOT / ".github/workflows/check-upstream.yml").read_text())
    matrix = workflow["jobs"]["check-upstream"]["strategy"]["matrix"]["contract"]
    assert sorted(matrix) == sorted(name for name, c in LISTED.items() if c.vendored)
