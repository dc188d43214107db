"""What an OpenAI-compatible server receives: the multipart form of every documented
field, the file part named and typed by the sniffed container, the key as the server
wants it, and nothing at all when an argument is wrong."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from _util import CLIENT_KINDS, KEY, call
from audio_samples import make_audio
from local_server import ScriptedServer

from openrouter_stt import (
    AudioTooLargeError,
    ConfigurationError,
    MissingAPIKeyError,
    OpenAIClient,
    _contract,
    _openai,
)

WAV = make_audio("wav")


#: Every field of a transcription request, as passed and as the form carries it.
EVERY_FIELD: dict[str, tuple[Any, list[tuple[str, str]]]] = {
    "model": ("gpt-4o-transcribe", [("model", "gpt-4o-transcribe")]),
    "prompt": ("loudly", [("prompt", "loudly")]),
    "response_format": ("verbose_json", [("response_format", "verbose_json")]),
    "temperature": (0.8, [("temperature", "0.8")]),
    "language": ("de", [("language", "de")]),
    "languages": (["de", "en"], [("languages[]", "de"), ("languages[]", "en")]),
    "keywords": (["OneRouter"], [("keywords[]", "OneRouter")]),
    "timestamp_granularities": (
        ["word", "segment"],
        [("timestamp_granularities[]", "word"), ("timestamp_granularities[]", "segment")],
    ),
    "include": (["logprobs"], [("include[]", "logprobs")]),
    "chunking_strategy": (
        {"type": "server_vad", "threshold": 0.4},
        [("chunking_strategy", '{"type": "server_vad", "threshold": 0.4}')],
    ),
    "known_speaker_names": (["agent"], [("known_speaker_names[]", "agent")]),
    "known_speaker_references": (
        ["data:audio/wav;base64,UklGRg=="],
        [("known_speaker_references[]", "data:audio/wav;base64,UklGRg==")],
    ),
}


def documented_fields() -> frozenset[str]:
    """What the vendored OpenAI contract's transcription request documents: an older
    version lacks some fields (``languages`` and ``keywords`` came on 2026-08-21)."""
    return _contract.fields(_openai._request_model(_openai.TRANSCRIBE))


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_every_transcription_field_is_sent_as_openai_compatible_servers_read_it(
    server: ScriptedServer, kind: str
) -> None:
    sent = {name: value for name, value in EVERY_FIELD.items() if name in documented_fields()}
    assert {"model", "prompt", "response_format", "timestamp_granularities"} <= set(sent)
    call(kind, server.url, "transcribe", WAV, **{k: value for k, (value, _) in sent.items()})
    request = server.requests[0]
    assert request.path == "/audio/transcriptions"
    form = [(name, filename, content) for name, filename, content in request.form()]
    fields = [(name, content.decode()) for name, filename, content in form if filename is None]
    assert fields == [part for _, parts in sent.values() for part in parts]
    # The file goes last, so that a server can refuse the fields before the audio.
    assert form[-1] == ("file", "audio.wav", WAV)
    assert request.headers["authorization"] == f"Bearer {KEY}"


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_a_field_the_vendored_contract_lacks_is_refused_naming_extra_body(
    server: ScriptedServer, kind: str
) -> None:
    lacking = sorted(set(EVERY_FIELD) - documented_fields())
    if not lacking:
        pytest.skip("the vendored OpenAI contract documents every field: nothing to refuse")
    value, _ = EVERY_FIELD[lacking[0]]
    with pytest.raises(ConfigurationError, match=rf"extra_body=\{{'{lacking[0]}'"):
        call(kind, server.url, "transcribe", WAV, **{lacking[0]: value})
    assert server.requests == []


def test_every_field_the_contract_documents_has_a_keyword() -> None:
    from openrouter_stt._openai_client import TranscribeOptions, TranslateOptions

    for operation, options in (
        (_openai.TRANSCRIBE, TranscribeOptions),
        (_openai.TRANSLATE, TranslateOptions),
    ):
        model = _contract.model(operation.model, _openai.PACKAGE)
        documented = _contract.fields(model) - {"file", "stream"}
        assert documented <= set(options.__annotations__), operation.path


@pytest.mark.parametrize("fmt", ["mp3", "flac", "ogg", "m4a", "webm"])
def test_the_sniffed_container_names_and_types_the_file_part(
    server: ScriptedServer, fmt: str
) -> None:
    audio = make_audio(fmt)
    call("sync", server.url, "translate", audio)
    ((headers, filename),) = [
        (part_headers, name)
        for part_headers, name in _file_parts(server.requests[0].body, server.requests[0].headers)
    ]
    assert filename == f"audio.{fmt}"
    expected = {"mp3": "audio/mpeg", "m4a": "audio/mp4"}.get(fmt, f"audio/{fmt}")
    assert f"Content-Type: {expected}" in headers


def _file_parts(body: bytes, headers: Any) -> list[tuple[str, str]]:
    boundary = headers["content-type"].split("boundary=")[1].encode()
    found = []
    for part in body.split(b"--" + boundary):
        head = part.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        if 'filename="' in head:
            found.append((head, head.split('filename="')[1].split('"')[0]))
    return found


def test_translate_posts_to_translations_with_its_own_fields(server: ScriptedServer) -> None:
    call("sync", server.url, "translate", WAV, prompt="in English", temperature=0)
    request = server.requests[0]
    assert request.path == "/audio/translations"
    assert [(n, c) for n, f, c in request.form() if f is None] == [
        ("model", b"whisper-1"),
        ("prompt", b"in English"),
        ("temperature", b"0.0"),
    ]


@pytest.mark.parametrize(
    ("method", "options", "names"),
    [
        ("transcribe", {"provider_options": {"groq": {}}}, "provider_options"),
        ("translate", {"language": "de"}, "language"),
        ("translate", {"response_format": "diarized_json"}, "'diarized_json'"),
        ("transcribe", {"response_format": "xml"}, "'xml'"),
        ("transcribe", {"include": ["everything"]}, "include"),
        ("transcribe", {"timestamp_granularities": ["word"]}, "verbose_json"),
        ("transcribe", {"temperature": float("nan")}, "temperature"),
        ("transcribe", {"chunking_strategy": "manual"}, "chunking_strategy"),
        ("transcribe", {"model": " "}, "model"),
        ("transcribe", {"file": "other.wav"}, "first argument"),
        ("transcribe", {"extra_body": {"prompt": "x"}, "prompt": "y"}, "extra_body"),
    ],
)
def test_wrong_options_are_refused_before_anything_is_sent(
    server: ScriptedServer, method: str, options: dict[str, Any], names: str
) -> None:
    with pytest.raises(ConfigurationError, match=names):
        call("sync", server.url, method, WAV, **options)
    assert server.requests == []


def test_an_option_the_contract_lacks_is_refused_naming_extra_body(server: ScriptedServer) -> None:
    with pytest.raises(ConfigurationError, match=r"extra_body=\{'diarize': \.\.\.\}"):
        call("sync", server.url, "transcribe", WAV, diarize=True)
    assert server.requests == []


def test_extra_body_fields_reach_the_form(server: ScriptedServer) -> None:
    call(
        "sync",
        server.url,
        "transcribe",
        WAV,
        extra_body={"vad_filter": True, "hotwords": ["a", "b"]},
    )
    fields = [(n, c) for n, f, c in server.requests[0].form() if f is None]
    assert ("vad_filter", b"true") in fields
    assert [c for n, c in fields if n == "hotwords"] == [b"a", b"b"]


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_raw_auth_sends_the_bare_key_as_onerouter_documents(
    server: ScriptedServer, kind: str
) -> None:
    call(kind, server.url, "translate", WAV, client_options={"auth": "raw"})
    assert server.requests[0].headers.get_list("authorization") == [KEY]


def test_an_authorization_in_extra_headers_is_honoured(server: ScriptedServer) -> None:
    call("sync", server.url, "transcribe", WAV, extra_headers={"Authorization": "Token other"})
    assert server.requests[0].headers.get_list("authorization") == ["Token other"]


def test_an_unknown_auth_scheme_is_refused_naming_both() -> None:
    with pytest.raises(ConfigurationError, match=r"'bearer'.*'raw'"):
        OpenAIClient(api_key=KEY, auth="basic")  # type: ignore[arg-type]


def test_the_key_comes_from_openai_api_key(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    with OpenAIClient(max_retries=0) as client:
        assert client.base_url == server.url
        client.translate(WAV)
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_no_key_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(MissingAPIKeyError, match="OPENAI_API_KEY"):
        OpenAIClient()


def test_the_default_model_and_base_url() -> None:
    with OpenAIClient(api_key=KEY) as client:
        assert client.base_url == "https://api.openai.com/v1"
    assert _openai.DEFAULT_MODEL == "whisper-1"


def test_audio_over_25_mb_is_refused_before_sending(server: ScriptedServer) -> None:
    big = make_audio("wav")[:44] + bytes(25_000_001)
    with pytest.raises(AudioTooLargeError, match="25 MB"):
        call("sync", server.url, "transcribe", big, split="never")
    assert server.requests == []


def test_the_key_is_in_no_repr_log_or_message(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    from _util import openai_error

    server.script = [openai_error(401, "Incorrect API key provided", "invalid_api_key")]
    caplog.set_level(logging.DEBUG)
    with OpenAIClient(api_key=KEY, base_url=server.url, auth="raw", max_retries=0) as client:
        with pytest.raises(Exception) as raised:
            client.transcribe(WAV)
        seen = [repr(client), str(raised.value), repr(raised.value), caplog.text]
    assert not [text for text in seen if KEY in text]


def test_known_speaker_references_may_be_paths_or_bytes(
    server: ScriptedServer, tmp_path: Any
) -> None:
    import base64

    sample = make_audio("mp3")
    path = tmp_path / "agent.mp3"
    path.write_bytes(sample)
    call(
        "sync",
        server.url,
        "transcribe",
        WAV,
        model="gpt-4o-transcribe-diarize",
        known_speaker_names=["agent", "customer", "other"],
        known_speaker_references=[path, WAV, "data:audio/wav;base64,UklGRg=="],
    )
    sent = [
        c.decode() for n, f, c in server.requests[0].form() if n == "known_speaker_references[]"
    ]
    assert sent == [
        "data:audio/mpeg;base64," + base64.b64encode(sample).decode(),
        "data:audio/wav;base64," + base64.b64encode(WAV).decode(),
        "data:audio/wav;base64,UklGRg==",
    ]
