"""The command line's caption files: one per audio file, named after it, written whole
or not at all, so that ``--resume`` never finds half a caption file."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from ._errors import APIResponseError, ConfigurationError
from ._types import Transcription

CaptionFormat = Literal["srt", "vtt"]


def caption_text(transcription: Transcription, fmt: CaptionFormat) -> str:
    """The captions, or an APIResponseError when the answer carried no timestamps (the
    command line always asks for them: the model or provider did not send any)."""
    try:
        return transcription.to_srt() if fmt == "srt" else transcription.to_vtt()
    except ConfigurationError:
        raise APIResponseError(
            "the answer has no timestamps, so there are no captions: this model or "
            "provider may not return verbose_json timestamps; try another --model",
            status_code=200,
            body="",
        ) from None


def caption_paths(files: Iterable[Path], directory: Path, fmt: CaptionFormat) -> dict[Path, Path]:
    """Where each file's captions go: its path below the files' common folder, under
    ``directory``, with the caption extension (so ``a/x.wav`` and ``b/x.wav`` do not
    collide). Standard input (``-``) becomes ``stdin.<fmt>``."""
    files = list(files)
    real = [path.resolve() for path in files if str(path) != "-"]
    root = Path(os.path.commonpath([p.parent for p in real])) if real else Path("/")
    paths = {}
    for path in files:
        if str(path) == "-":
            paths[path] = directory / f"stdin.{fmt}"
        else:
            paths[path] = directory / path.resolve().relative_to(root).with_suffix(f".{fmt}")
    return paths


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, then rename
    it over ``path``: a reader sees the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
