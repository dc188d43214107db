"""Odd answers from an OpenAI-compatible server meet the same rules as OpenRouter's: a
number no float holds (``1e400``, ``NaN``, ``Infinity``) or an id past 64 bits is dropped
with a warning (in ``usage`` it moves to ``usage.extra``), captions still work, and a body
nested deeper than Python reads is an ``APIResponseError`` (an error body is read as
text). Never a raw OverflowError, ValueError, RecursionError or ZeroDivisionError."""

from __future__ import annotations

import logging

import anyio
import pytest
from _util import CLIENT_KINDS, KEY, call
from audio_samples import make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import (
    APIResponseError,
    AsyncOpenAIClient,
    InternalServerError,
    OpenAIClient,
    Transcription,
)

WAV = make_audio("wav")
JSON = {"Content-Type": "application/json"}
#: Nested deeper than Python's JSON reader recurses (about 1,000 levels).
DEEP = "[" * 100_000 + "]" * 100_000
#: An integer past 64 bits, and one past float's range: JSON has no limit on either.
HUGE_INT = "1" + "0" * 32
HUGER_INT = "1" + "0" * 400
SEGMENT = '{"id": 0, "seek": 0, "start": 0, "end": 0.5, "text": " hi", "tokens": [1]}'
WORD = '{"word": "hi", "start": 0, "end": 0.4}'


def verbose(duration: str = "2", segment: str = SEGMENT, word: str = WORD) -> Reply:
    """A verbose_json answer written by hand: ``1e400`` or ``NaN`` survive no json.dumps."""
    body = (
        '{"task": "transcribe", "language": "english", "duration": @d, "text": "hi there", '
        '"segments": [@s, {"id": 1, "seek": 0, "start": 0.5, "end": 0.9, "text": " there"}], '
        '"words": [@w, {"word": "there", "start": 0.5, "end": 0.9}]}'
    )
    body = body.replace("@d", duration).replace("@s", segment).replace("@w", word)
    return Reply(200, body.encode(), JSON)


ODD_VALUES: dict[str, tuple[Reply, str]] = {
    # name: (answer, what the warning names)
    "duration-1e400": (verbose(duration="1e400"), "duration"),
    "duration-NaN": (verbose(duration="NaN"), "duration"),
    "duration-huge-int": (verbose(duration=HUGER_INT), "duration"),
    "word-start-NaN": (verbose(word='{"word": "hi", "start": NaN, "end": 0.4}'), "words: start"),
    "word-end-Infinity": (
        verbose(word='{"word": "hi", "start": 0, "end": Infinity}'),
        "words: end",
    ),
    "word-end--1e400": (verbose(word='{"word": "hi", "start": 0, "end": -1e400}'), "words: end"),
    "segment-start-NaN": (
        verbose(segment=SEGMENT.replace('"start": 0', '"start": NaN')),
        "segments: start",
    ),
    "segment-end-1e400": (verbose(segment=SEGMENT.replace("0.5", "1e400")), "segments: end"),
    "segment-id-past-64-bits": (
        verbose(segment=SEGMENT.replace('"id": 0', f'"id": {HUGE_INT}')),
        "segments: id",
    ),
    "segment-speaker-past-64-bits": (
        verbose(segment=SEGMENT.replace('"seek"', f'"speaker": {HUGE_INT}, "seek"')),
        "segments: speaker",
    ),
    "segment-token-past-64-bits": (
        verbose(segment=SEGMENT.replace("[1]", f"[{HUGE_INT}]")),
        "segments: tokens",
    ),
}


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("case", ODD_VALUES)
def test_an_odd_number_is_dropped_with_a_warning_and_captions_still_work(
    server: ScriptedServer, kind: str, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    answer, named = ODD_VALUES[case]
    server.script = [answer]
    result = call(kind, server.url, "transcribe", WAV, response_format="verbose_json")
    assert result.text == "hi there"
    assert [w.word for w in result.words] == ["hi", "there"]
    assert len(result.segments) == 2
    field = case.split("-")[1] if not case.startswith("duration") else "duration"
    segment, word = result.segments[0], result.words[0]
    values = {
        "duration": result.duration,
        "start": (segment if case.startswith("segment") else word).start,
        "end": (segment if case.startswith("segment") else word).end,
        "id": segment.id,
        "speaker": segment.speaker,
        "token": segment.tokens,
    }
    assert values[field] is None
    assert any(named in message for message in warnings_of(caplog)), warnings_of(caplog)
    assert "there" in result.to_srt() and "there" in result.to_vtt()


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_a_diarized_answer_with_odd_times_keeps_its_speakers_and_captions(
    server: ScriptedServer, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    segments = (
        '[{"id": "seg_1", "start": NaN, "end": 1e400, "text": "Hi.", "speaker": "agent"}, '
        '{"id": "seg_2", "start": 1, "end": 2, "text": "Hello.", "speaker": "A"}]'
    )
    body = '{"task": "transcribe", "duration": Infinity, "text": "Hi. Hello.", "segments": @}'
    server.script = [Reply(200, body.replace("@", segments).encode(), JSON)]
    result = call(
        kind,
        server.url,
        "transcribe",
        WAV,
        model="gpt-4o-transcribe-diarize",
        response_format="diarized_json",
    )
    assert [s.speaker for s in result.segments] == [0, 1]
    assert (result.segments[0].start, result.segments[0].end, result.duration) == (None,) * 3
    assert warnings_of(caplog)
    assert "Hello." in result.to_srt() and "Hello." in result.to_vtt()


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("kind_field", ["", '"type": "segment", ', '"type": null, '])
def test_a_diarized_segment_of_no_or_another_type_is_still_read(
    server: ScriptedServer, kind: str, kind_field: str
) -> None:
    # The generated model wants type "transcript.text.segment"; servers of this family
    # leave it out or spell it otherwise. It used to raise KeyError or ValueError.
    segment = '{@"id": "s1", "start": 0, "end": 1, "text": "Hi.", "speaker": "A"}'
    body = '{"text": "Hi.", "segments": [' + segment.replace("@", kind_field) + "]}"
    server.script = [Reply(200, body.encode(), JSON)]
    result = call(
        kind,
        server.url,
        "transcribe",
        WAV,
        model="gpt-4o-transcribe-diarize",
        response_format="diarized_json",
    )
    assert [(s.start, s.end, s.text, s.speaker) for s in result.segments] == [(0, 1, "Hi.", 0)]
    assert "Hi." in result.to_srt() and "Hi." in result.to_vtt()


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_an_odd_number_in_usage_moves_to_extra_with_a_warning(
    server: ScriptedServer, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    usage = '{"type": "duration", "seconds": NaN, "cost": 1e400, "total_tokens": @}'
    body = '{"text": "hi", "duration": 1, "usage": ' + usage.replace("@", HUGE_INT) + "}"
    server.script = [Reply(200, body.encode(), JSON)]
    result = call(kind, server.url, "transcribe", WAV, response_format="verbose_json")
    assert result.usage is not None and result.usage.extra["type"] == "duration"
    assert (result.usage.seconds, result.usage.cost) == (None, None)
    assert result.usage.extra["cost"] == float("inf")
    assert result.usage.total_tokens == int(HUGE_INT)  # a count: any int is one
    warned = sorted(w.split(" ")[0] for w in warnings_of(caplog))
    assert warned == ["usage.cost", "usage.seconds"]


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("fmt", ["json", "verbose_json", "diarized_json"])
@pytest.mark.parametrize(
    "body",
    [DEEP, '{"text": "hi", "segments": ' + DEEP + "}", '{"text": "hi", "x": {"y": ' + DEEP + "}}"],
    ids=["deep-array", "deep-segments", "deep-extra"],
)
def test_a_200_nested_too_deeply_is_an_api_response_error(
    server: ScriptedServer, kind: str, fmt: str, body: str
) -> None:
    server.script = [Reply(200, body.encode(), JSON)]
    with pytest.raises(APIResponseError, match="nested too deeply") as info:
        call(kind, server.url, "transcribe", WAV, response_format=fmt)
    assert info.value.body == body


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_a_text_answer_labelled_json_and_nested_too_deeply_is_kept_as_text(
    server: ScriptedServer, kind: str
) -> None:
    # A server that mislabels its text answer: the text asked for is what it sent.
    server.script = [Reply(200, DEEP.encode(), JSON)]
    result = call(kind, server.url, "transcribe", WAV, response_format="text")
    assert result.text == DEEP


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize(
    "body",
    [DEEP, '{"error": ' + DEEP + "}", '{"error": {"message": ' + DEEP + "}}"],
    ids=["deep-array", "deep-error", "deep-message"],
)
def test_an_error_body_nested_too_deeply_still_gives_its_status_error(
    server: ScriptedServer, kind: str, body: str
) -> None:
    server.script = [Reply(500, body.encode(), JSON)]
    with pytest.raises(InternalServerError) as info:
        call(kind, server.url, "transcribe", WAV)
    assert info.value.message.startswith(body[:20]) and len(info.value.message) <= 500


def stream_reply(*events: str) -> Reply:
    chunks = tuple(f"data: {event}\n\n".encode() for event in events)
    return Reply(200, b"", {"Content-Type": "text/event-stream"}, chunks=chunks)


def streamed(kind: str, base_url: str) -> list[str | Transcription]:
    options = {"stream": True, "model": "gpt-4o-transcribe"}
    if kind == "sync":
        with (
            OpenAIClient(api_key=KEY, base_url=base_url, max_retries=0) as client,
            client.transcribe(WAV, **options) as stream,  # type: ignore[call-overload]
        ):
            return list(stream)

    async def run() -> list[str | Transcription]:
        async with AsyncOpenAIClient(api_key=KEY, base_url=base_url, max_retries=0) as client:
            stream = await client.transcribe(WAV, **options)  # type: ignore[call-overload]
            async with stream:
                return [item async for item in stream]

    return anyio.run(run)


DELTA = '{"type": "transcript.text.delta", "delta": "hi"}'


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize(
    "event",
    [DEEP, '{"type": "transcript.text.delta", "delta": ' + DEEP + "}",
     '{"type": "transcript.text.done", "text": "hi", "usage": ' + DEEP + "}",
     '{"type": "error", "error": {"message": ' + DEEP + "}}"],
    ids=["deep-event", "deep-delta", "deep-done", "deep-error"],
)  # fmt: skip
def test_a_stream_event_nested_too_deeply_is_an_api_response_error(
    server: ScriptedServer, kind: str, event: str
) -> None:
    server.script = [stream_reply(DELTA, event)]
    with pytest.raises(APIResponseError) as info:
        streamed(kind, server.url)
    assert info.value.body == "hi"  # the text so far


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_a_streams_odd_numbers_are_dropped_and_its_text_kept(
    server: ScriptedServer, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    segment = (
        '{"type": "transcript.text.segment", "id": "s1", "start": NaN, "end": 1e400, '
        '"text": "hi", "speaker": "A"}'
    )
    usage = '{"type": "tokens", "input_tokens": 1e400, "output_tokens": @, "total_tokens": 3}'
    done = '{"type": "transcript.text.done", "text": "hi", "usage": @u}'.replace(
        "@u", usage.replace("@", HUGER_INT)
    )
    second = '{"type": "transcript.text.segment", "start": 1, "end": 2, "text": "there"}'
    server.script = [stream_reply(DELTA, segment, second, done)]
    *deltas, final = streamed(kind, server.url)
    assert deltas == ["hi"]
    assert isinstance(final, Transcription) and final.text == "hi"
    assert final.usage is not None and final.usage.total_tokens == 3
    assert final.usage.input_tokens is None and "input_tokens" in final.usage.extra
    assert final.segments[0].start is None and final.segments[0].end is None
    assert warnings_of(caplog)
    assert "there" in final.to_srt() and "there" in final.to_vtt()
