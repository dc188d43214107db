"""Hang-up and termination as an orderly exit, for a command that owns a child process."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

#: The terminal closing (SIGHUP), and ``kill``, a service manager or ``docker stop`` (SIGTERM).
ENDING_SIGNALS = (signal.SIGHUP, signal.SIGTERM)


@contextlib.contextmanager
def exit_on_ending_signals() -> Iterator[None]:
    """Inside, SIGHUP and SIGTERM raise ``SystemExit(128 + N)`` in the main thread, the
    status a shell reports for a death by that signal, so ``with`` blocks and ``finally``
    clauses run: by default Python dies on the spot, and a mock's temporary log stays behind.
    The previous handlers come back on the way out."""

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = {signum: signal.signal(signum, leave) for signum in ENDING_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
