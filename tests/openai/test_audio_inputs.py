"""Every audio input kind the shared audio layer takes reaches an OpenAI-compatible
server byte for byte, in the file part; bad audio is refused before anything is sent."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from _util import CLIENT_KINDS, call, openai_error
from local_server import ScriptedServer
from wrapper._util import OneShotStream
from wrapper.test_audio_inputs import CLIP, INPUTS, NOISE

from openrouter_stt import EmptyAudioError, ServiceUnavailableError, UnsupportedFormatError


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("source", INPUTS)
def test_input_reaches_the_server_byte_for_byte(
    server: ScriptedServer, tmp_path: Path, source: str, kind: str
) -> None:
    with contextlib.ExitStack() as stack:
        call(kind, server.url, "transcribe", INPUTS[source](tmp_path, CLIP, stack))
    assert server.requests[0].audio() == (CLIP, "wav")
    request = server.requests[0]
    if source == "one-shot-stream":  # length unknown up front: sent chunked
        assert request.headers.get("transfer-encoding") == "chunked"
    else:
        assert request.headers.get("content-length") == str(len(request.body))


def test_a_one_shot_stream_is_sent_once_and_never_retried(server: ScriptedServer) -> None:
    server.script = [openai_error(503, "busy", **{"Retry-After": "0"})]
    with pytest.raises(ServiceUnavailableError):
        call(
            "sync", server.url, "translate", OneShotStream(CLIP), client_options={"max_retries": 3}
        )
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("audio", "error"), [(b"", EmptyAudioError), (NOISE, UnsupportedFormatError)]
)
def test_bad_audio_is_refused_before_sending(
    server: ScriptedServer, audio: bytes, error: type[Exception]
) -> None:
    with pytest.raises(error):
        call("sync", server.url, "translate", audio)
    assert server.requests == []
