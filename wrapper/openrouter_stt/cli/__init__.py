"""The ``openrouter-stt`` command: transcribe files and folders, estimate their cost,
serve the mock, sniff formats, list models. One module per command.

    openrouter-stt transcribe meeting.m4a                 # the transcript, nothing else
    openrouter-stt transcribe calls/ --out results.jsonl  # a batch; add --resume after a crash
    openrouter-stt transcribe sample.wav --mock --output srt
    openrouter-stt transcribe talk.m4a --api openai --base-url https://api.groq.com/openai/v1
    openrouter-stt translate speech.m4a --base-url https://audio.onerouter.pro/v1 --auth raw
    ffmpeg -i talk.mkv -f mp3 - | openrouter-stt transcribe -   # audio from stdin
    openrouter-stt estimate calls/ --model openai/whisper-1
    openrouter-stt mock --port 4010
    openrouter-stt detect calls/
    openrouter-stt models --search whisper                # the slugs --model takes

Exit codes: 0 all ok, 2 usage, 3 bad input (audio, arguments), 4 authentication or
payment (or no API key), 5 other API or network errors, 6 some files failed, others ok
(or --max-cost left some unstarted), 7 the results could not be written (a full disk),
130 Ctrl-C (SIGINT), 143 SIGTERM.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .._version import __version__
from . import detect, estimate, mock, models, transcribe, translate
from ._shared import MOCK_MODELS, app

__all__ = ["MOCK_MODELS", "app", "main"]
_COMMANDS = (
    detect,
    estimate,
    mock,
    models,
    transcribe,
    translate,
)  # each registers itself on `app`


def _show_version(value: bool) -> None:
    if value:
        print(f"openrouter-stt {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Transcribe audio with OpenRouter's speech-to-text endpoint, or translate and
    transcribe it with any OpenAI-compatible server (--api openai)."""


def main() -> None:
    app()
