"""What an OpenAI-compatible server answers becomes the same Transcription as
OpenRouter's: the parser follows the format asked for, plain-text answers are kept
verbatim, captions are read into segments, errors get the same typed exceptions."""

from __future__ import annotations

import io

import pytest
import srt
import webvtt
from _util import CLIENT_KINDS, call, json_reply, openai_error, text_reply
from audio_samples import make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import (
    STATUS_ERRORS,
    APIResponseError,
    APIStatusError,
    RateLimitError,
    ServerError,
    no_retry_waits,
)

WAV = make_audio("wav")
SRT = (
    "1\n00:00:00,000 --> 00:00:01,250\nHello there.\n\n"
    "2\n00:00:01,250 --> 00:00:02,500\nGeneral Kenobi.\n\n"
)
VTT = (
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.250\nHello there.\n\n"
    "00:00:01.250 --> 00:00:02.500\nGeneral Kenobi.\n\n"
)


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_a_text_answer_is_the_servers_text_unchanged(server: ScriptedServer, kind: str) -> None:
    server.script = [text_reply("  Hello there.\n")]
    result = call(kind, server.url, "transcribe", WAV, response_format="text")
    assert result.text == result.body == "  Hello there.\n"
    assert server.requests[0].headers["accept"] == "text/plain"


@pytest.mark.parametrize(("fmt", "document"), [("srt", SRT), ("vtt", VTT)])
@pytest.mark.parametrize("method", ["transcribe", "translate"])
def test_caption_answers_are_kept_verbatim_and_read_into_segments(
    server: ScriptedServer, fmt: str, document: str, method: str
) -> None:
    server.script = [text_reply(document)]
    result = call("sync", server.url, method, WAV, response_format=fmt)
    assert result.body == document
    assert result.text == "Hello there. General Kenobi."
    assert [(s.start, s.end, s.text) for s in result.segments] == [
        (0.0, 1.25, "Hello there."),
        (1.25, 2.5, "General Kenobi."),
    ]
    # Written again by the shared caption writers, read by parsers the project did not write.
    cues = list(srt.parse(result.to_srt()))
    assert " ".join(c.content for c in cues) == "Hello there. General Kenobi."
    assert (cues[0].start.total_seconds(), cues[-1].end.total_seconds()) == (0.0, 2.5)
    vtt = webvtt.from_buffer(io.StringIO(result.to_vtt()))
    assert " ".join(c.text for c in vtt) == "Hello there. General Kenobi."


def test_a_caption_answer_that_is_not_one_is_an_api_response_error(server: ScriptedServer) -> None:
    server.script = [text_reply("<html>oops</html>")]
    with pytest.raises(APIResponseError, match="srt answer"):
        call("sync", server.url, "transcribe", WAV, response_format="srt")


def test_verbose_json_becomes_typed_segments_and_words(server: ScriptedServer) -> None:
    server.script = [
        json_reply(
            {
                "task": "transcribe",
                "language": "english",
                "duration": 2.5,
                "text": "Hello there.",
                "segments": [
                    {
                        "id": 0,
                        "seek": 0,
                        "start": 0.0,
                        "end": 2.5,
                        "text": " Hello there.",
                        "tokens": [1, 2],
                        "temperature": 0.0,
                        "avg_logprob": -0.2,
                        "compression_ratio": 1.1,
                        "no_speech_prob": 0.01,
                    }
                ],
                "words": [
                    {"word": "Hello", "start": 0.0, "end": 0.5},
                    {"word": "there", "start": 0.6, "end": 1.0},
                ],
                "usage": {"type": "duration", "seconds": 3},
            }
        )
    ]
    result = call(
        "sync",
        server.url,
        "transcribe",
        WAV,
        response_format="verbose_json",
        timestamp_granularities=["word", "segment"],
    )
    assert (result.language, result.duration, result.task) == ("english", 2.5, "transcribe")
    assert result.segments[0].tokens == (1, 2) and result.segments[0].avg_logprob == -0.2
    assert [(w.word, w.start, w.end) for w in result.words] == [
        ("Hello", 0.0, 0.5),
        ("there", 0.6, 1.0),
    ]
    assert (
        result.usage is not None and result.usage.seconds == 3 and result.usage.kind == "duration"
    )
    assert result.body is None


def test_diarized_json_speaker_labels_become_speaker_indices(server: ScriptedServer) -> None:
    segments = [
        {
            "type": "transcript.text.segment",
            "id": "seg_1",
            "start": 0.0,
            "end": 1.0,
            "text": "Hi.",
            "speaker": "agent",
        },
        {
            "type": "transcript.text.segment",
            "id": "seg_2",
            "start": 1.0,
            "end": 2.0,
            "text": "Hello.",
            "speaker": "A",
        },
        {
            "type": "transcript.text.segment",
            "id": "seg_3",
            "start": 2.0,
            "end": 3.0,
            "text": "Bye.",
            "speaker": "agent",
        },
    ]
    server.script = [
        json_reply(
            {"task": "transcribe", "duration": 3.0, "text": "Hi. Hello. Bye.", "segments": segments}
        )
    ]
    result = call(
        "sync",
        server.url,
        "transcribe",
        WAV,
        model="gpt-4o-transcribe-diarize",
        response_format="diarized_json",
    )
    assert [s.speaker for s in result.segments] == [0, 1, 0]
    assert [s.extra["speaker_label"] for s in result.segments] == ["agent", "A", "agent"]
    assert result.speakers == (0, 1)
    assert "[Speaker 1]" in result.to_srt()


def test_json_with_token_usage(server: ScriptedServer) -> None:
    usage = {
        "type": "tokens",
        "input_tokens": 14,
        "input_token_details": {"text_tokens": 0, "audio_tokens": 14},
        "output_tokens": 45,
        "total_tokens": 59,
    }
    server.script = [json_reply({"text": "Imagine", "usage": usage})]
    result = call("sync", server.url, "transcribe", WAV)
    assert result.usage is not None
    assert (result.usage.input_tokens, result.usage.output_tokens, result.usage.total_tokens) == (
        14,
        45,
        59,
    )
    assert result.usage.extra["input_token_details"] == {"text_tokens": 0, "audio_tokens": 14}


@pytest.mark.parametrize(
    "body", [b"not json", b"[1]", b'{"txt": "x"}', b'{"text": "x", "usage": 3}']
)
def test_a_json_answer_that_is_not_a_transcription_is_an_api_response_error(
    server: ScriptedServer, body: bytes
) -> None:
    server.script = [Reply(200, body)]
    with pytest.raises(APIResponseError):
        call("sync", server.url, "transcribe", WAV)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413, 429, 500, 503])
def test_openai_shaped_errors_raise_the_same_typed_exceptions(
    server: ScriptedServer, status: int
) -> None:
    server.script = [openai_error(status, f"failure {status}", "some_code")]
    with pytest.raises(APIStatusError) as raised:
        call("sync", server.url, "transcribe", WAV)
    error = raised.value
    assert type(error) is STATUS_ERRORS[status]
    assert (error.status_code, error.message, error.code) == (
        status,
        f"failure {status}",
        "some_code",
    )
    assert error.metadata == {"type": "invalid_request_error"}
    assert "openrouter" not in str(error).lower()  # this backend's own hints
    assert isinstance(error, ServerError) == (status >= 500)


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_a_429_is_retried_after_retry_after(server: ScriptedServer, kind: str) -> None:
    server.script = [
        openai_error(429, "slow down", "rate_limit_exceeded", **{"Retry-After": "2"}),
        json_reply({"text": "ok"}),
    ]
    with no_retry_waits() as waits:
        result = call(kind, server.url, "translate", WAV, client_options={"max_retries": 2})
    assert result.text == "ok" and len(server.requests) == 2
    assert waits == [2.0]


def test_a_429_after_the_retries_is_a_rate_limit_error(server: ScriptedServer) -> None:
    server.script = [openai_error(429, "slow down", **{"Retry-After": "0"})]
    with pytest.raises(RateLimitError) as raised:
        call("sync", server.url, "translate", WAV, client_options={"max_retries": 1})
    assert raised.value.attempts == 2


def test_json_answers_are_asked_for_as_json(server: ScriptedServer) -> None:
    server.script = [json_reply({"text": "x"})]
    call("sync", server.url, "transcribe", WAV, response_format="verbose_json")
    assert server.requests[0].headers["accept"] == "application/json"


def test_a_server_that_ignores_a_text_format_and_answers_json_still_works(
    server: ScriptedServer,
) -> None:
    server.script = [json_reply({"text": "Hello.", "usage": {"type": "duration", "seconds": 1}})]
    result = call("sync", server.url, "transcribe", WAV, response_format="text")
    assert result.text == "Hello." and result.body is None
    assert result.usage is not None and result.usage.seconds == 1
