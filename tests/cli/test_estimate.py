"""What a batch will cost before it runs (`estimate`), and --max-cost stopping a batch
before its spend would pass the cap; prices from the mock's model list."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from audio_samples import make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import _estimate


@pytest.fixture(scope="module")
def listed(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The speech-to-text models of the mock's GET /models example."""
    content = spec["paths"]["/models"]["get"]["responses"]["200"]["content"]
    return content["application/json"]["examples"]["transcription"]["value"]["data"]


def priced(listed: list[dict[str, Any]], by_tokens: bool) -> dict[str, Any]:
    """A model priced per second of audio, or one priced by tokens."""

    def tokens(model: dict[str, Any]) -> bool:
        return any(Decimal(model["pricing"][name]) for name in ("prompt", "completion"))

    return next(m for m in listed if tokens(m) == by_tokens and Decimal(m["pricing"]["audio"]))


def expected_cost(model: dict[str, Any], seconds: float, pieces: int) -> Decimal:
    pricing = model["pricing"]
    per_request = Decimal(pricing.get("request", "0"))
    return Decimal(pricing["audio"]) * Decimal(str(seconds)) + per_request * pieces


def wav_of(path: Path, seconds: float) -> Path:
    path.write_bytes(make_audio("wav", seconds=seconds, sample_rate=8000))
    return path


def test_estimate_reads_lengths_and_prices_each_file(cli, tmp_path, listed):
    pytest.importorskip("av")
    model = priced(listed, by_tokens=False)
    short, long = wav_of(tmp_path / "short.wav", 30), wav_of(tmp_path / "long.wav", 70)
    done = cli(
        "estimate", short, long, "--mock", "--model", model["id"], "--split", "30",
        "--output", "json", key=None,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert files["short.wav"]["seconds"] == pytest.approx(30)
    assert (files["short.wav"]["pieces"], files["long.wav"]["pieces"]) == (1, 3)
    costs = [expected_cost(model, 30, 1), expected_cost(model, 70, 3)]
    assert [Decimal(files[n]["cost"]) for n in ("short.wav", "long.wav")] == costs
    assert Decimal(report["total"]["cost"]) == sum(costs)
    assert "provider" in report["total"]["caveats"]


def test_a_token_priced_model_gets_no_estimate_and_says_why(cli, tmp_path, listed):
    model = priced(listed, by_tokens=True)
    done = cli(
        "estimate", wav_of(tmp_path / "a.wav", 3), "--mock", "--model", model["id"], key=None
    )

    assert done.returncode == 0, done.stderr
    assert "unknown" in done.stdout and "0:00:03" in done.stdout
    assert "token-priced" in done.stdout + done.stderr
    assert "provider" in done.stdout  # what no estimate can know


def test_a_model_the_list_lacks_is_an_error(cli, tmp_path):
    done = cli("estimate", wav_of(tmp_path / "a.wav", 1), "--mock", "--model", "no/such", key=None)
    assert done.returncode == 3
    assert "no/such" in done.stderr and "openrouter-stt models" in done.stderr


def test_dollars_are_shown_to_the_micro_dollar():
    assert [_estimate.usd(v) for v in (Decimal("1.5"), 0.00030833, 12, 0.1234567)] == [
        "$1.50",
        "$0.000308",
        "$12.00",
        "$0.123457",
    ]


def test_without_pyav_only_wav_lengths_are_known(tmp_path, listed, monkeypatch):
    pytest.importorskip("av")
    monkeypatch.setattr(_estimate._split, "available", lambda: False)
    price = _estimate.Price.of(_model(priced(listed, by_tokens=False)))
    mp3 = tmp_path / "a.mp3"
    mp3.write_bytes(make_audio("mp3", seconds=2))

    wav = _estimate.estimate(wav_of(tmp_path / "a.wav", 2), price)
    unknown = _estimate.estimate(mp3, price)

    assert wav.seconds == pytest.approx(2) and wav.cost is not None
    assert unknown.seconds is None and unknown.cost is None
    assert "pip install 'openrouter-stt[long]'" in unknown.note


def _model(data: dict[str, Any]) -> Any:
    from openrouter_stt._models import Model

    return Model.from_dict(data)


def models_reply(listed: list[dict[str, Any]]) -> Reply:
    body = {"data": listed, "total_count": len(listed), "links": {"next": None}}
    return Reply(200, json.dumps(body).encode())


@pytest.mark.parametrize("concurrency", ["1", "3"])
def test_max_cost_stops_before_the_next_file_would_pass_it(cli, tmp_path, listed, concurrency):
    model = priced(listed, by_tokens=False)
    files = [wav_of(tmp_path / f"{i}.wav", 10) for i in range(3)]
    estimate = expected_cost(model, 10, 1)
    # Each answer costs more than its estimate: the spend is read from usage.cost.
    cost = float(estimate * Decimal("1.5"))
    answer = Reply(200, json.dumps({"text": "hi", "usage": {"cost": cost}}).encode())
    cap = estimate * Decimal("2.2")  # two estimates fit; one answer and one estimate fit
    with ScriptedServer(models_reply(listed), answer) as server:
        done = cli(
            "transcribe", *files, "--base-url", server.url, "--model", model["id"],
            "--max-cost", str(cap), "--concurrency", concurrency,
        )  # fmt: skip

    posts = [r for r in server.requests if r.path.endswith("/audio/transcriptions")]
    started = 1 if concurrency == "1" else 2  # in flight together: two estimates reserved
    assert len(posts) == started, done.stderr
    assert done.returncode == 6, done.stderr
    assert f"{3 - started} not started" in done.stderr
    assert "stopped by --max-cost" in done.stderr
    assert f"past --max-cost {_estimate.usd(cap)}" in done.stderr


def test_max_cost_against_the_mock(cli, tmp_path):
    files = [wav_of(tmp_path / f"{i}.wav", 2) for i in range(2)]
    done = cli("transcribe", *files, "--mock", "--max-cost", "100", key=None)

    assert done.returncode == 0, done.stderr
    assert "2 ok" in done.stderr and "--max-cost" not in done.stderr
