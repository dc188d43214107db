"""``openrouter-stt detect``: the container sniffed from each file's first bytes."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import AudioError, detect_format
from .._audio import read_head
from .._batch import STDIN
from ._shared import EXIT_INPUT, PATHS, collect, command, say


@command()
def detect(paths: Annotated[list[Path], PATHS]) -> None:
    """Print the container sniffed from each file's bytes: what transcribe would send."""
    code = 0
    for path in collect(paths)[0]:
        try:
            stdin = contextlib.nullcontext(sys.stdin.buffer)
            with stdin if path == STDIN else path.open("rb") as file:
                head = read_head(file.read, str(path))
        except OSError as error:
            say(f"{path}: cannot read it ({error.strerror or error})")
            found = None
        except AudioError as error:  # a read that failed past the first bytes
            say(str(error))
            found = None
        else:
            found = detect_format(head)
            if not head:
                print(f"{path}: empty (no audio to transcribe)")
            else:
                print(f"{path}: {found or 'unknown (not audio the endpoint accepts)'}")
        code = code or (EXIT_INPUT if found is None else 0)
    raise typer.Exit(code)
