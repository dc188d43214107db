"""stream=True against a real local server that streams its events as they come
(chunked, each flushed on its own): text deltas, then the final Transcription."""

from __future__ import annotations

import json
from typing import Any

import anyio
import pytest
from _util import KEY, json_reply, openai_error
from audio_samples import make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import (
    APIResponseError,
    APIStatusError,
    AsyncOpenAIClient,
    ConfigurationError,
    OpenAIClient,
    RateLimitError,
    Transcription,
    TranscriptionStream,
    no_retry_waits,
)

WAV = make_audio("wav")
USAGE = {"type": "tokens", "input_tokens": 14, "output_tokens": 3, "total_tokens": 17}
EVENTS = [
    {"type": "transcript.text.delta", "delta": "I see"},
    {"type": "transcript.text.delta", "delta": " skies"},
    {"type": "transcript.text.delta", "delta": " of blue"},
    {"type": "transcript.text.done", "text": "I see skies of blue", "usage": USAGE},
]


def sse(events: list[Any], *, done: bool = False) -> Reply:
    chunks = tuple(f"data: {json.dumps(e)}\n\n".encode() for e in events)
    if done:
        chunks += (b"data: [DONE]\n\n",)
    return Reply(200, b"", {"Content-Type": "text/event-stream"}, chunks=chunks, chunk_delay=0.01)


def streamed(base_url: str, kind: str, **options: Any) -> list[str | Transcription]:
    if kind == "sync":
        with (
            OpenAIClient(api_key=KEY, base_url=base_url, max_retries=1) as client,
            client.transcribe(WAV, stream=True, model="gpt-4o-transcribe", **options) as stream,
        ):
            assert isinstance(stream, TranscriptionStream)
            return list(stream)

    async def run() -> list[str | Transcription]:
        async with AsyncOpenAIClient(api_key=KEY, base_url=base_url, max_retries=1) as client:
            stream = await client.transcribe(WAV, stream=True, model="gpt-4o-transcribe", **options)
            async with stream:
                return [item async for item in stream]

    return anyio.run(run)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("done", [False, True])
def test_deltas_then_the_final_transcription_with_its_usage(
    server: ScriptedServer, kind: str, done: bool
) -> None:
    server.script = [sse(EVENTS, done=done)]
    *deltas, final = streamed(server.url, kind)
    assert deltas == ["I see", " skies", " of blue"]
    assert isinstance(final, Transcription)
    assert final.text == "I see skies of blue"
    assert final.usage is not None and final.usage.total_tokens == 17
    request = server.requests[0]
    assert ("stream", None, b"true") in request.form()
    assert request.headers["accept"] == "text/event-stream"


def test_the_stream_keeps_the_final_transcription(server: ScriptedServer) -> None:
    server.script = [sse(EVENTS)]
    with OpenAIClient(api_key=KEY, base_url=server.url) as client:
        stream = client.transcribe(WAV, stream=True)
        assert "".join(stream.text_deltas()) == "I see skies of blue"
        assert stream.transcription is not None and stream.transcription.usage is not None


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_server_that_ignores_stream_and_answers_json_still_works(
    server: ScriptedServer, kind: str
) -> None:
    server.script = [
        json_reply({"text": "whole answer", "usage": {"type": "duration", "seconds": 2}})
    ]
    *deltas, final = streamed(server.url, kind)
    assert deltas == ["whole answer"]
    assert isinstance(final, Transcription) and final.usage is not None and final.usage.seconds == 2


def test_a_stream_that_ends_before_done_keeps_the_text_so_far(server: ScriptedServer) -> None:
    server.script = [sse(EVENTS[:2])]
    seen: list[Any] = []
    with (
        pytest.raises(APIResponseError, match=r"ended before transcript\.text\.done") as raised,
        OpenAIClient(api_key=KEY, base_url=server.url) as client,
    ):
        for item in client.transcribe(WAV, stream=True):
            seen.append(item)
    assert seen == ["I see", " skies"]
    assert raised.value.body == "I see skies"


def test_a_429_before_the_stream_starts_is_retried(server: ScriptedServer) -> None:
    server.script = [openai_error(429, "slow", **{"Retry-After": "1"}), sse(EVENTS)]
    with no_retry_waits() as waits:
        items = streamed(server.url, "sync")
    assert waits == [1.0] and len(items) == 4


def test_a_429_after_retries_raises_before_any_delta(server: ScriptedServer) -> None:
    server.script = [openai_error(429, "slow", **{"Retry-After": "0"})]
    with pytest.raises(RateLimitError), no_retry_waits():
        streamed(server.url, "sync")


def test_streaming_a_recording_that_would_be_split_is_refused(server: ScriptedServer) -> None:
    pytest.importorskip("av")
    from audio_samples import speech_like_wav

    long = speech_like_wav([(10.0, 11.0)], seconds=20.0)
    with (
        OpenAIClient(api_key=KEY, base_url=server.url) as client,
        pytest.raises(ConfigurationError, match="split='never'"),
    ):
        client.transcribe(long, stream=True, split=12.0)
    assert server.requests == []


def test_an_error_event_in_the_stream_is_raised_with_its_message(server: ScriptedServer) -> None:
    error = {"type": "error", "error": {"message": "audio too short", "code": "bad_audio"}}
    server.script = [sse([EVENTS[0], error])]
    with pytest.raises(APIStatusError, match="audio too short"):
        streamed(server.url, "sync")


def test_diarized_segment_events_become_speakers(server: ScriptedServer) -> None:
    segment = {"type": "transcript.text.segment", "id": "s1", "start": 0.0, "end": 1.0}
    events = [
        {**segment, "text": "Hi.", "speaker": "A"},
        {**segment, "id": "s2", "start": 1.0, "end": 2.0, "text": "Yes?", "speaker": "B"},
        {"type": "transcript.text.done", "text": "Hi. Yes?"},
    ]
    server.script = [sse(events)]
    *_, final = streamed(server.url, "async", response_format="diarized_json")
    assert isinstance(final, Transcription)
    assert [s.speaker for s in final.segments] == [0, 1] and final.speakers == (0, 1)


def test_an_undecodable_answer_to_a_stream_is_an_api_response_error(server: ScriptedServer) -> None:
    broken = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    server.script = [Reply(200, b"not gzip at all", broken)]
    with pytest.raises(APIResponseError, match="Content-Encoding: gzip"):
        streamed(server.url, "sync")
