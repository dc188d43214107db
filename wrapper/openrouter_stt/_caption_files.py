"""The command line's caption files: one per audio file, named after it, written whole
or not at all, so that ``--resume`` never finds half a caption file."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from ._errors import APIResponseError, ConfigurationError
from ._types import Transcription

CaptionFormat = Literal["srt", "vtt"]


#: Why an answer has no timestamps, against the API: the command line always asks.
NO_TIMESTAMPS = "this model or provider may not return verbose_json timestamps; try another --model"


def caption_text(
    transcription: Transcription, fmt: CaptionFormat, advice: str | None = None
) -> str:
    """The captions, or an APIResponseError when the answer carried no timestamps;
    ``advice`` says what to do (the mock's example is the cause, not the model)."""
    try:
        return transcription.to_srt() if fmt == "srt" else transcription.to_vtt()
    except ConfigurationError:
        raise APIResponseError(
            f"the answer has no timestamps, so there are no captions: {advice or NO_TIMESTAMPS}",
            status_code=200,
            body="",
        ) from None


def caption_paths(files: Iterable[Path], directory: Path, fmt: CaptionFormat) -> dict[Path, Path]:
    """Where each file's captions go: its path below the files' common folder, under
    ``directory``, with the caption extension (so ``a/x.wav`` and ``b/x.wav`` do not
    collide). Standard input (``-``) becomes ``stdin.<fmt>``. Files that would still
    share a name (``talk.wav`` and ``talk.mp3``; ``Talk.wav`` and ``talk.wav`` on a
    file system that ignores case) keep their own extension: ``talk.wav.srt``."""
    files = list(files)
    real = [path.resolve() for path in files if str(path) != "-"]
    root = Path(os.path.commonpath([p.parent for p in real])) if real else Path("/")
    paths = {}
    for path in files:
        if str(path) == "-":
            paths[path] = directory / f"stdin.{fmt}"
        else:
            paths[path] = directory / path.resolve().relative_to(root).with_suffix(f".{fmt}")
    taken = Counter(str(target).casefold() for target in paths.values())
    for path, target in paths.items():
        if taken[str(target).casefold()] > 1 and str(path) != "-":
            paths[path] = target.with_name(f"{path.name}.{fmt}")
    return paths


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, then rename
    it over ``path``: a reader sees the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own: two writers (threads, processes) never share a temporary file.
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        os.fchmod(fd, 0o644)  # as any file the user writes, not mkstemp's 0600
        with open(fd, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
