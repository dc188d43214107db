"""The command line's progress bars, on stderr and only when it is a terminal: files of a
batch (audio bytes and cost so far), and pieces of one long recording."""

from __future__ import annotations

import sys
from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ._long import SplitProgress

#: The command line's stderr: messages and bars share it, so bars never garble a line.
stderr = Console(stderr=True, soft_wrap=True, highlight=False, emoji=False)


def progress_bar() -> Progress | None:
    """Files done/total, audio bytes and cost so far, on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        return None
    fields = "{task.completed}/{task.total} files, {task.fields[audio]}, {task.fields[cost]}"
    # Transcripts stay on stdout: through the bar's console only when both share the terminal.
    redirect = sys.stdout.isatty()
    columns = (BarColumn(), TextColumn(fields), TimeElapsedColumn())
    return Progress(*columns, console=stderr, transient=True, redirect_stdout=redirect)


def pieces_bar() -> Progress | None:
    """Pieces of a split recording done/total and audio covered, on a terminal's stderr."""
    if not sys.stderr.isatty():
        return None
    columns = (BarColumn(), TextColumn("{task.fields[pieces]}"), TimeElapsedColumn())
    return Progress(*columns, console=stderr, transient=True, redirect_stdout=sys.stdout.isatty())


def show_pieces(progress: Progress) -> Callable[[SplitProgress], None]:
    task = progress.add_task("", total=None, pieces="splitting")

    def update(state: SplitProgress) -> None:
        total = "?" if state.total is None else str(state.total)
        covered = clock(state.seconds_done)
        if state.seconds_total is not None:
            covered += f" of {clock(state.seconds_total)}"
        fraction = state.seconds_done / state.seconds_total if state.seconds_total else None
        progress.update(
            task,
            total=1.0 if fraction is not None else None,
            completed=min(fraction or 0.0, 1.0),
            pieces=f"{state.done}/{total} pieces, {covered} of audio",
        )

    return update


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
