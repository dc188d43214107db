"""transcribe(split=...) end to end against a real local server and the Prism mock:
pieces sent concurrently, stitched with offset timestamps and summed usage; failures
keep the finished pieces; bad arguments fail before any work."""

from __future__ import annotations

import json
import os

import pytest

pytest.importorskip("av")
pytest.importorskip("numpy")

from audio_samples import make_audio, silence_wav, speech_like_wav
from local_server import Reply
from spec_features import needs, uploads

from openrouter_stt import (
    AsyncClient,
    AudioTooLargeError,
    AuthenticationError,
    BadRequestError,
    ChunkError,
    Client,
    ConfigurationError,
    RequestTooLargeError,
    _split,
)

# 70 s with a pause before each 30 s boundary: pieces 0-28.3, 28.3-56.8, 56.8-70.
PAUSES = [(28.0, 28.6), (56.5, 57.1)]
SPEECH = speech_like_wav(PAUSES, 70.0)
VERBOSE = json.dumps(
    {
        "text": " piece ",
        "duration": 30.0,
        "language": "english",
        "usage": {"cost": 0.25, "seconds": 30.0, "input_token_details": {"audio_tokens": 7}},
        "segments": [
            {"id": 0, "start": 0.5, "end": 2.0, "text": "a", "seek": 0},
            {"id": 1, "start": 2.0, "end": 4.25, "text": "b", "seek": 0},
        ],
        "words": [{"word": "a", "start": 0.5, "end": 0.9}],
    }
).encode()


def _srt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    return f"00:00:{millis // 1000:02d},{millis % 1000:03d}"


def client(server, **kwargs) -> Client:
    return Client(api_key="k", base_url=server.url, **kwargs)


def check_stitched(t, server) -> None:
    assert len(server.requests) == 3
    for request in server.requests:
        audio, fmt = request.audio()
        assert fmt == "ogg" and audio[:4] == b"OggS"
    assert [(c.index, c.sent) for c in t.chunks] == [(0, True), (1, True), (2, True)]
    starts = [c.start for c in t.chunks]
    assert starts[0] == 0 and 28.0 < starts[1] < 28.6 and 56.5 < starts[2] < 57.1
    assert t.chunks[-1].end == pytest.approx(70.0)
    assert sorted(c.bytes for c in t.chunks) == sorted(len(r.audio()[0]) for r in server.requests)
    assert t.text == "piece piece piece"
    assert t.duration == pytest.approx(70.0)
    assert t.language == "english"
    assert [s.id for s in t.segments] == list(range(6))
    assert [s.start for s in t.segments] == [
        pytest.approx(start + offset) for offset in starts for start in (0.5, 2.0)
    ]
    assert t.segments[5].end == pytest.approx(starts[2] + 4.25)
    assert [w.start for w in t.words] == [pytest.approx(0.5 + o) for o in starts]
    assert t.usage.cost == pytest.approx(0.75) and t.usage.seconds == pytest.approx(90.0)
    assert t.usage.kind == "duration"
    assert t.usage.extra == {"input_token_details": {"audio_tokens": 21}}
    assert [c.usage.cost for c in t.chunks] == [0.25] * 3
    # Captions work on the stitched result unchanged (from the words, when there are).
    srt = t.to_srt()
    assert srt.count("-->") == 3 and f"{_srt_time(starts[2] + 0.5)} -->" in srt


@pytest.mark.parametrize("upload", uploads("json", "multipart", response_format="verbose_json"))
def test_split_sends_pieces_and_stitches(server, upload) -> None:
    server.script = [Reply(200, VERBOSE)]
    with client(server) as c:
        t = c.transcribe(SPEECH, split=30, upload=upload, response_format="verbose_json")
    check_stitched(t, server)


@needs(response_format="verbose_json")
@pytest.mark.anyio
async def test_the_async_client_splits_the_same(server, tmp_path) -> None:
    server.script = [Reply(200, VERBOSE)]
    path = tmp_path / "talk.wav"
    path.write_bytes(SPEECH)
    async with AsyncClient(api_key="k", base_url=server.url, max_chunk_seconds=30) as c:
        t = await c.transcribe(path, response_format="verbose_json")
    check_stitched(t, server)


def test_auto_sends_short_audio_whole_and_untouched(server) -> None:
    wav = make_audio("wav", seconds=1.0)
    with client(server) as c:
        t = c.transcribe(wav)
    assert server.requests[0].audio() == (wav, "wav")
    assert t.chunks == () and t.text == "hello"


def test_auto_splits_audio_longer_than_max_chunk_seconds(server, tmp_path) -> None:
    path = tmp_path / "talk.wav"
    path.write_bytes(SPEECH)
    with client(server) as c:
        whole = c.transcribe(path, max_chunk_seconds=120)
        assert len(server.requests) == 1 and whole.chunks == ()
        t = c.transcribe(path, max_chunk_seconds=30)
    assert len(server.requests) == 4 and len(t.chunks) == 3
    assert t.usage.cost == pytest.approx(0.003)


def test_auto_splits_a_body_over_max_chunk_bytes(server) -> None:
    with client(server) as c:
        t = c.transcribe(SPEECH, max_chunk_bytes=200_000, upload="json")
    assert len(t.chunks) >= 2  # 70 s of 3.1 kB/s Opus, base64: about 290 kB
    assert all(len(r.body) <= 200_000 for r in server.requests)


def test_a_failing_piece_names_its_time_range_and_keeps_the_rest(server) -> None:
    server.script = [Reply(200, VERBOSE), Reply(400, b'{"error":{"code":400,"message":"no"}}')]
    with client(server, max_concurrency=1, max_retries=0) as c, pytest.raises(ChunkError) as info:
        c.transcribe(SPEECH, split=30)
    error = info.value
    assert error.index == 1 and 28.0 < error.start < 28.6 and 56.5 < error.end < 57.1
    assert isinstance(error.error, BadRequestError)
    assert "0:00:28." in str(error) and "0:00:56." in str(error) and "400 no" in str(error)
    assert [c.index for c in error.completed] == [0]
    assert error.completed[0].transcription.text == " piece "
    assert len(server.requests) == 2  # nothing sent after the failure


def test_retries_and_retry_after_apply_per_piece(server) -> None:
    server.script = [Reply(429, b"{}", {"Retry-After": "0"}), Reply()]
    with client(server, max_concurrency=1, max_retries=1) as c:
        t = c.transcribe(SPEECH, split=30)
    assert len(server.requests) == 4 and len(t.chunks) == 3


def test_all_silence_is_one_request_and_an_empty_transcript(server) -> None:
    server.script = [Reply(200, b'{"text": ""}')]
    with client(server) as c:
        t = c.transcribe(silence_wav(70.0), split=30)
    assert len(server.requests) == 1
    assert t.text == "" and t.duration == pytest.approx(70.0)
    assert [c.sent for c in t.chunks] == [True, False, False]


def test_silent_pieces_between_speech_are_not_sent(server) -> None:
    wav = speech_like_wav([(25.0, 70.0)], 95.0)  # speech, 45 s of silence, speech
    with client(server) as c:
        t = c.transcribe(wav, split=20)
    assert [c.sent for c in t.chunks].count(False) >= 1
    assert len(server.requests) == sum(c.sent for c in t.chunks)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"split": "sometimes"}, "split must be"),
        ({"split": 5}, "split must be at least 10"),
        ({"split": -1}, "split must be at least 10"),
        ({"max_chunk_seconds": 9}, "max_chunk_seconds must be at least 10"),
        ({"max_concurrency": 0}, "max_concurrency must be an int >= 1"),
        ({"max_chunk_bytes": 0}, "max_chunk_bytes must be a positive int"),
    ],
)
def test_bad_split_arguments_fail_before_any_work(server, kwargs, match) -> None:
    with client(server) as c, pytest.raises(ConfigurationError, match=match):
        c.transcribe(SPEECH, **kwargs)
    assert server.requests == []


def test_bad_client_defaults_are_refused(server) -> None:
    with pytest.raises(ConfigurationError, match="max_chunk_seconds"):
        client(server, max_chunk_seconds=2)


def test_without_the_extra(server, monkeypatch) -> None:
    monkeypatch.setattr(_split, "available", lambda: False)
    with client(server, max_audio_bytes=100_000) as c:
        with pytest.raises(ConfigurationError, match=r"openrouter-stt\[long\]"):
            c.transcribe(SPEECH, split=30)
        with pytest.raises(AudioTooLargeError, match=r"openrouter-stt\[long\]"):
            c.transcribe(SPEECH)
        t = c.transcribe(make_audio("wav", seconds=1.0))  # short audio: as before
    assert len(server.requests) == 1 and t.chunks == ()


@pytest.mark.parametrize("upload", uploads("json", "multipart"))
def test_pieces_pass_the_mocks_contract(base_url, upload) -> None:
    with Client(api_key="k", base_url=base_url, max_retries=0) as c:
        t = c.transcribe(SPEECH, split=30, upload=upload)
    assert len(t.chunks) == 3
    assert t.text.startswith("Hello") and t.usage.cost == pytest.approx(3 * 0.000508)


@pytest.mark.parametrize(
    ("status", "message", "error", "hinted"),
    [
        (413, "Payload Too Large", RequestTooLargeError, True),
        (400, "Audio duration exceeds the maximum of 1500 seconds", BadRequestError, True),
        (400, "File size too large", BadRequestError, True),
        (400, "Invalid request parameters", BadRequestError, False),
        (401, "Missing Authentication header", AuthenticationError, False),
    ],
)
@pytest.mark.parametrize("installed", [True, False])
def test_errors_that_look_like_a_cap_say_how_to_split(
    server, monkeypatch, status, message, error, hinted, installed
) -> None:
    monkeypatch.setattr(_split, "available", lambda: installed)
    body = json.dumps({"error": {"code": status, "message": message}}).encode()
    server.script = [Reply(status, body)]
    with client(server, max_retries=0) as c, pytest.raises(error) as info:
        c.transcribe(make_audio("wav", seconds=1.0))
    assert type(info.value) is error and info.value.status_code == status
    assert message in info.value.message
    advice = (
        "to send it in shorter pieces, pass split= or a lower max_chunk_seconds"
        if installed
        else "long audio can be sent in pieces cut at silences: pip install 'openrouter-stt[long]'"
    )
    assert info.value.hint is not None or not hinted
    assert (advice in (info.value.hint or "")) is hinted
    assert (advice in str(info.value)) is hinted


def test_progress_reports_each_piece(server) -> None:
    seen = []
    with client(server, max_concurrency=1) as c:
        c.transcribe(SPEECH, split=30, progress=seen.append)
    assert [p.done for p in seen] == [1, 2, 3]
    assert seen[-1].total == 3 and seen[0].total is None
    assert seen[-1].seconds_done == pytest.approx(70.0)
    assert all(p.seconds_total == pytest.approx(70.0) for p in seen)


def test_a_one_shot_stream_is_sent_whole_with_auto(server) -> None:
    read, write = os.pipe()
    wav = make_audio("wav", seconds=1.0)
    os.write(write, wav)
    os.close(write)
    with client(server) as c, os.fdopen(read, "rb") as pipe:
        c.transcribe(pipe)
    assert server.requests[0].audio() == (wav, "wav")


def test_a_one_shot_stream_cannot_be_split(server) -> None:
    read, write = os.pipe()
    os.close(write)
    with (
        client(server) as c,
        os.fdopen(read, "rb") as pipe,
        pytest.raises(ConfigurationError, match="one-shot stream"),
    ):
        c.transcribe(pipe, split=30)
    assert server.requests == []


@needs(response_format="verbose_json")
def test_speakers_of_different_pieces_are_kept_apart(server) -> None:
    # Every piece answers with its own "speaker 0" and "speaker 1", as providers number
    # the speakers of each request from 0.
    body = {
        "text": "hi there",
        "segments": [
            {"id": 0, "start": 0.5, "end": 1.0, "text": "hi", "speaker": 0},
            {"id": 1, "start": 1.0, "end": 2.0, "text": "there", "speaker": 1},
        ],
        "words": [
            {"word": "hi", "start": 0.5, "end": 1.0, "speaker": 0},
            {"word": "there", "start": 1.0, "end": 2.0, "speaker": 1},
        ],
    }
    server.script = [Reply(200, json.dumps(body).encode())]
    with client(server) as c:
        t = c.transcribe(SPEECH, split=30, response_format="verbose_json")
    assert t.speakers == (0, 1, 2, 3, 4, 5)
    assert [w.speaker for w in t.words] == [0, 1, 2, 3, 4, 5]
    assert [s.speaker for s in t.segments] == [0, 1, 2, 3, 4, 5]
    assert [w["speaker"] for w in t.raw["words"]] == [0, 1, 2, 3, 4, 5]
    assert t.to_srt().count("[Speaker 2]") == 1 and "[Speaker 5]" in t.to_srt()
    # Each piece keeps its own numbering.
    assert [w.speaker for w in t.chunks[1].transcription.words] == [0, 1]


@pytest.mark.parametrize(("seconds", "pieces"), [(30.0, 0), (30.5, 2)])
def test_auto_splits_only_audio_longer_than_max_chunk_seconds(server, seconds, pieces) -> None:
    # Exactly max_chunk_seconds fits one request; half a second more does not.
    with client(server) as c:
        t = c.transcribe(speech_like_wav([], seconds), max_chunk_seconds=30)
    assert len(t.chunks) == pieces
    assert len(server.requests) == max(pieces, 1)
