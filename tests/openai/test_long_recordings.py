"""A long recording to an OpenAI-compatible server goes through the shared orchestration:
cut at silences, each piece sent through this backend, the answers stitched."""

from __future__ import annotations

import pytest
import srt
from _util import CLIENT_KINDS, call, text_reply
from audio_samples import speech_like_wav
from local_server import ScriptedServer

pytest.importorskip("av")

PIECE_SRT = "1\n00:00:00,000 --> 00:00:02,000\nOne piece.\n\n"


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_srt_pieces_are_stitched_into_one_subrip_document(
    server: ScriptedServer, kind: str
) -> None:
    long = speech_like_wav([(9.0, 10.5), (19.0, 20.5)], seconds=28.0)
    server.script = [text_reply(PIECE_SRT)]
    result = call(
        kind,
        server.url,
        "translate",
        long,
        response_format="srt",
        split=12.0,
        max_concurrency=1,
    )
    assert len(server.requests) == len(result.chunks) >= 2
    assert all(r.path == "/audio/translations" for r in server.requests)
    cues = list(srt.parse(result.body or ""))
    # Each piece's cue, moved to where its piece lies in the recording.
    starts = [c.start.total_seconds() for c in cues]
    assert starts == pytest.approx([chunk.start for chunk in result.chunks], abs=0.01)
    assert result.text == " ".join(["One piece."] * len(result.chunks))


def test_text_pieces_are_joined(server: ScriptedServer) -> None:
    long = speech_like_wav([(9.0, 10.5)], seconds=20.0)
    server.script = [text_reply("Part.")]
    result = call("sync", server.url, "transcribe", long, response_format="text", split=12.0)
    assert result.body == result.text == " ".join(["Part."] * len(result.chunks))
    assert len(result.chunks) >= 2
