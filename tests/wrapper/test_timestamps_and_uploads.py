"""Timestamps, speakers, both upload bodies and extra_body: against Prism (which
validates the JSON and the multipart body alike) and a local server (which shows
what was sent, or that nothing was)."""

from __future__ import annotations

import io
import logging
import math
import struct
import time
from typing import Any

import httpx
import pytest
from audio_samples import make_audio
from local_server import ScriptedServer
from spec_features import form_carries, missing, needs, uploads

from openrouter_stt import (
    AudioTooLargeError,
    Client,
    ConfigurationError,
    Segment,
    Transcription,
    Word,
)

from ._util import CLIENT_KINDS, KEY, OneShotStream, transcribe

UPLOADS = ("json", "multipart")
VERBOSE = {"response_format": "verbose_json", "timestamp_granularities": ("word", "segment")}


def _example(spec: dict[str, Any], name: str) -> dict[str, Any]:
    operation = spec["paths"]["/audio/transcriptions"]["post"]
    return operation["responses"]["200"]["content"]["application/json"]["examples"][name]["value"]


def _wav_of_size(size: int) -> bytes:
    """A WAV file of exactly ``size`` bytes (silence)."""
    data = size - 44
    header = b"RIFF" + struct.pack("<I", size - 8) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16) + b"data"
    return header + struct.pack("<I", data) + bytes(data)


# --- against the mock ----------------------------------------------------------------------


@pytest.mark.parametrize("upload", uploads(*UPLOADS, language="en", **VERBOSE))
@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_word_timestamps_with_speakers_arrive_typed(
    base_url: str, spec: dict[str, Any], kind: str, upload: str
) -> None:
    example = _example(spec, "diarized")
    t = transcribe(
        kind,
        base_url,
        make_audio("wav"),
        upload=upload,
        language="en",
        temperature=0.0,
        extra_headers={"Prefer": "example=diarized"},
        **VERBOSE,
    )
    assert t.words == tuple(
        Word(word=w["word"], start=w["start"], end=w["end"], speaker=w["speaker"])
        for w in example["words"]
    )
    assert [s.speaker for s in t.segments] == [s["speaker"] for s in example["segments"]]
    assert all(isinstance(s, Segment) and isinstance(s.start, float) for s in t.segments)
    assert (t.language, t.duration, t.task) == ("english", 5.0, "transcribe")
    assert t.speakers == (0, 1)
    assert t.extra == {}


@pytest.mark.parametrize("fmt", ["wav", "mp3", "ogg", "m4a"])
@pytest.mark.parametrize("upload", uploads(*UPLOADS, **VERBOSE))
def test_both_bodies_pass_prisms_validation(base_url: str, fmt: str, upload: str) -> None:
    # Prism answers 400 to a body that breaks the schema of its media type.
    t = transcribe("sync", base_url, make_audio(fmt), upload=upload, **VERBOSE)
    assert t.text


@pytest.mark.parametrize(
    "field, value",
    [
        pytest.param("response_format", "xml", marks=needs("multipart", response_format="json")),
        pytest.param(
            "timestamp_granularities[]",
            "sentence",
            marks=needs("multipart", timestamp_granularities="word"),
        ),
    ],
)
def test_prism_rejects_a_multipart_body_that_breaks_the_schema(
    base_url: str, field: str, value: str
) -> None:
    # Canary: the multipart test above means nothing unless Prism validates form fields.
    files = {"file": ("a.wav", make_audio("wav"), "audio/wav")}
    data = {"model": "openai/whisper-large-v3", field: value}
    response = httpx.post(
        f"{base_url}/audio/transcriptions",
        files=files,
        data=data,
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=10,
    )
    assert response.status_code == 400


@needs(response_format="verbose_json", timestamp_granularities="segment")
def test_segments_only_example_has_no_words(base_url: str) -> None:
    t = transcribe(
        "sync",
        base_url,
        make_audio("wav"),
        response_format="verbose_json",
        timestamp_granularities=["segment"],
        extra_headers={"Prefer": "example=verbose-segments"},
    )
    assert len(t.segments) == 2 and t.words == ()
    assert t.segments[0].tokens and t.segments[0].avg_logprob == -0.21
    assert t.speakers == ()


def test_plain_json_answer_has_empty_timestamps(base_url: str) -> None:
    t = transcribe("sync", base_url, make_audio("wav"))
    assert (t.segments, t.words, t.language, t.duration, t.task) == ((), (), None, None, None)


# --- what is sent ----------------------------------------------------------------------


@needs("multipart", language="en", **VERBOSE)
@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_multipart_names_fields_as_the_spec_does(server: ScriptedServer, kind: str) -> None:
    transcribe(kind, server.url, make_audio("mp3"), upload="multipart", language="en", **VERBOSE)
    (request,) = server.requests
    parts = request.form()
    fields = [(name, content.decode()) for name, filename, content in parts if filename is None]
    assert fields == [
        ("model", "openai/whisper-large-v3"),
        ("language", "en"),
        ("response_format", "verbose_json"),
        ("timestamp_granularities[]", "word"),
        ("timestamp_granularities[]", "segment"),
    ]
    assert parts[-1][:2] == ("file", "audio.mp3")  # the file last, after the fields
    assert parts[-1][2] == make_audio("mp3")
    assert request.headers["content-length"] == str(len(request.body))


@pytest.mark.parametrize("upload", uploads(*UPLOADS))
def test_multipart_sends_a_quarter_fewer_bytes(server: ScriptedServer, upload: str) -> None:
    audio = make_audio("wav", seconds=2.0)
    transcribe("sync", server.url, audio, upload=upload)
    size = len(server.requests[0].body)
    if upload == "multipart":
        assert len(audio) < size < len(audio) + 600
    else:
        assert size > 4 * len(audio) // 3


@needs("multipart")
def test_a_one_shot_stream_goes_multipart_only_when_forced(server: ScriptedServer) -> None:
    audio = make_audio("wav")
    transcribe("sync", server.url, OneShotStream(audio))  # auto: size unknown, so JSON
    assert server.requests[0].headers["content-type"] == "application/json"
    transcribe("sync", server.url, OneShotStream(audio), upload="multipart")
    assert server.requests[1].audio() == (audio, "wav")
    assert "content-length" not in server.requests[1].headers  # chunked


@needs("multipart", language="en", **VERBOSE)
def test_auto_picks_multipart_unless_an_option_needs_json(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    audio = make_audio("wav")
    with caplog.at_level(logging.DEBUG, logger="openrouter_stt"):
        transcribe("sync", server.url, audio, language="en", **VERBOSE)
        transcribe("sync", server.url, audio, provider_options={"groq": {"prompt": "x"}})
        transcribe("sync", server.url, audio, extra_body={"diarize": True})
    kinds = [r.headers["content-type"].split(";")[0] for r in server.requests]
    # provider_options needs the JSON body unless the spec's form has a provider field.
    provider_body = "multipart/form-data" if form_carries("provider") else "application/json"
    assert kinds == ["multipart/form-data", provider_body, "application/json"]
    lines = [r.getMessage() for r in caplog.records if "upload='auto'" in r.getMessage()]
    assert len(lines) == 3
    assert "multipart" in lines[0] and "extra_body" in lines[2]
    assert ("multipart" if form_carries("provider") else "provider") in lines[1]


def test_auto_sends_json_above_25_mb(server: ScriptedServer) -> None:
    transcribe("sync", server.url, _wav_of_size(25_000_001))
    assert server.requests[0].headers["content-type"] == "application/json"


@needs("multipart")
def test_client_default_upload_and_per_call_override(server: ScriptedServer) -> None:
    with Client(api_key=KEY, base_url=server.url, upload="json", max_retries=0) as client:
        client.transcribe(make_audio("wav"))
        client.transcribe(make_audio("wav"), upload="multipart")
    kinds = [r.headers["content-type"].split(";")[0] for r in server.requests]
    assert kinds == ["application/json", "multipart/form-data"]


@pytest.mark.parametrize("upload", uploads(*UPLOADS))
def test_extra_body_reaches_the_wire(server: ScriptedServer, upload: str) -> None:
    extra = {"diarize": True, "keyterms": ["OpenRouter", "Prism"], "session_id": "s-1"}
    transcribe("sync", server.url, make_audio("wav"), upload=upload, extra_body=extra)
    request = server.requests[0]
    if upload == "json":
        assert {k: request.json()[k] for k in extra} == extra
    else:
        fields = [(n, c.decode()) for n, f, c in request.form() if f is None]
        assert fields[1:] == [
            ("diarize", "true"),
            ("keyterms", "OpenRouter"),
            ("keyterms", "Prism"),
            ("session_id", "s-1"),
        ]


def test_extra_body_may_set_a_field_the_call_leaves_unset(server: ScriptedServer) -> None:
    # provider.zdr is in newer clients; without provider_options the wrapper sets no provider.
    transcribe("sync", server.url, make_audio("wav"), extra_body={"provider": {"zdr": True}})
    assert server.requests[0].json()["provider"] == {"zdr": True}


def test_unknown_response_fields_are_kept_in_extra() -> None:
    body = {"text": "hi", "words": [{"word": "hi", "start": 0, "end": 1, "confidence": 0.9}]}
    body["x_new"] = {"a": 1}
    answer = httpx.Response(200, json=body)
    http = httpx.Client(transport=httpx.MockTransport(lambda request: answer))
    with Client(api_key=KEY, base_url="https://api.test/v1", http_client=http) as client:
        t = client.transcribe(make_audio("wav"))
    assert t.extra == {"x_new": {"a": 1}}
    assert t.words == (Word("hi", 0.0, 1.0, None, extra={"confidence": 0.9}),)


MALFORMED: dict[str, Any] = {
    "segments-not-a-list": {"segments": {"0": {"start": 0}}},
    "segment-not-an-object": {"segments": ["hello", 3]},
    "segment-missing-required": {"segments": [{"text": "hi"}]},
    "segment-wrong-types": {"segments": [{"id": "0", "start": "0", "end": None, "text": 5}]},
    "words-null": {"words": None},
    "word-missing-everything": {"words": [{}]},
    "duration-str": {"duration": "6.4", "language": 7, "task": None},
}


@pytest.mark.parametrize("case", MALFORMED)
def test_missing_or_malformed_timestamps_are_none_not_exceptions(case: str) -> None:
    answer = httpx.Response(200, json={"text": "hi", **MALFORMED[case]})
    http = httpx.Client(transport=httpx.MockTransport(lambda request: answer))
    with Client(api_key=KEY, base_url="https://api.test/v1", http_client=http) as client:
        t = client.transcribe(make_audio("wav"))
    assert isinstance(t, Transcription) and t.text == "hi"
    for item in (*t.segments, *t.words):
        assert item.start is None or isinstance(item.start, float)
        assert isinstance(getattr(item, "text", getattr(item, "word", "")), str)
    assert t.duration is None and t.language is None


# --- bad input: nothing is sent --------------------------------------------------------

BAD: dict[str, tuple[dict[str, Any], str]] = {
    "granularities-without-verbose": ({"timestamp_granularities": ["word"]}, "verbose_json"),
    "granularities-with-json": (
        {"response_format": "json", "timestamp_granularities": ["segment"]},
        "verbose_json",
    ),
    "unknown-granularity": (
        {"response_format": "verbose_json", "timestamp_granularities": ["sentence"]},
        "timestamp_granularities",
    ),
    "empty-granularities": (
        {"response_format": "verbose_json", "timestamp_granularities": []},
        "timestamp_granularities",
    ),
    "unknown-response-format": ({"response_format": "srt"}, "response_format"),
    "response-format-not-str": ({"response_format": 1}, "response_format"),
    "unknown-upload": ({"upload": "form"}, "upload"),
    "extra-body-list": ({"extra_body": [("a", 1)]}, "extra_body"),
    "extra-body-str": ({"extra_body": "diarize=true"}, "extra_body"),
    "extra-body-bytes-value": ({"extra_body": {"a": b"x"}}, "extra_body"),
    "extra-body-nan": ({"extra_body": {"a": math.nan}}, "extra_body"),
    "extra-body-object": ({"extra_body": {"a": object()}}, "extra_body"),
    "extra-body-int-key": ({"extra_body": {1: "x"}}, "extra_body"),
    "extra-body-sets-model": ({"extra_body": {"model": "x"}}, "'model'"),
    "extra-body-sets-audio": ({"extra_body": {"input_audio": {}}}, "'input_audio'"),
    "extra-body-sets-file": ({"extra_body": {"file": "x"}}, "'file'"),
    "extra-body-sets-language": ({"language": "en", "extra_body": {"language": "de"}}, "language"),
    "extra-body-sets-granularities": (
        {**VERBOSE, "extra_body": {"timestamp_granularities[]": "word"}},
        "timestamp_granularities[]",
    ),
    "multipart-with-provider-options": (
        {"upload": "multipart", "provider_options": {"groq": {"prompt": "x"}}},
        "upload='json'",
    ),
}


# Cases whose refusal is about an option's values: they need the option in the spec.
_TIMESTAMPS = needs(response_format="verbose_json", timestamp_granularities="word")
NEEDS = {
    "granularities-without-verbose": _TIMESTAMPS,
    "granularities-with-json": _TIMESTAMPS,
    "unknown-granularity": _TIMESTAMPS,
    "empty-granularities": _TIMESTAMPS,
    "extra-body-sets-granularities": _TIMESTAMPS,
    "extra-body-sets-file": needs("multipart"),
}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("case", [pytest.param(case, marks=NEEDS.get(case, ())) for case in BAD])
def test_bad_options_are_refused_before_sending(
    server: ScriptedServer, case: str, kind: str
) -> None:
    options, named = BAD[case]
    if case == "multipart-with-provider-options" and form_carries("provider"):
        pytest.skip("the vendored spec's form carries provider: nothing to refuse")
    with pytest.raises(ConfigurationError) as info:
        transcribe(kind, server.url, make_audio("wav"), **options)
    assert named in str(info.value)
    assert info.value.attempts == 0
    assert server.requests == []


def test_unknown_upload_for_a_client_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="upload"):
        Client(api_key=KEY, base_url="http://127.0.0.1:9", upload="raw")  # type: ignore[arg-type]


@pytest.mark.parametrize("source", ["bytes", "file"])
def test_multipart_forced_over_25_mb_is_refused_and_says_use_json(
    server: ScriptedServer, source: str
) -> None:
    audio: Any = _wav_of_size(25_000_001)
    if source == "file":
        audio = io.BytesIO(audio)
    with pytest.raises(AudioTooLargeError, match="upload='json'"):
        # split="auto" with PyAV installed would send it in pieces instead
        transcribe("sync", server.url, audio, upload="multipart", split="never")
    assert server.requests == []


@needs("multipart")
def test_multipart_of_exactly_25_mb_is_sent(server: ScriptedServer) -> None:
    audio = _wav_of_size(25_000_000)
    transcribe("sync", server.url, audio, upload="multipart")
    assert server.requests[0].audio() == (audio, "wav")


@needs("multipart")
def test_a_stream_forced_to_multipart_is_aborted_past_25_mb(server: ScriptedServer) -> None:
    with pytest.raises(AudioTooLargeError, match="upload='json'"):
        transcribe(
            "sync", server.url, OneShotStream(_wav_of_size(25_000_001), 1 << 20), upload="multipart"
        )
    # The server sees the connection end mid-body: wait for it, so that no later test
    # finds this request among its own.
    deadline = time.monotonic() + 10
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(server.requests[0].body) <= 25_000_000


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_timestamps_on_a_spec_without_them_are_refused_naming_the_way_around(
    server: ScriptedServer, kind: str
) -> None:
    why = missing(**VERBOSE)
    if why is None:
        pytest.skip("the vendored spec documents timestamps: nothing to refuse")
    with pytest.raises(ConfigurationError) as info:
        transcribe(kind, server.url, make_audio("wav"), **VERBOSE)
    assert "not an option of the API contract" in str(info.value)
    assert "extra_body=" in str(info.value)
    assert server.requests == []
