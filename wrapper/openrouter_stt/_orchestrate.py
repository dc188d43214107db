"""Sending a split recording: its pieces as they are cut, at most ``max_concurrency`` at
a time, each through the caller's own client (so retries, errors and Retry-After apply
per piece), then one Transcription stitched from their results.

One scheduler for both clients, written once with anyio. ``Job.run`` takes how one
piece is sent (``send``: the backend's part, nothing else is); the async client awaits
it on its own event loop, and ``run_blocking`` runs it for the sync client on an event
loop in a thread of its own, each blocking send in a thread. The scheduler owns what
both clients must agree on:

- errors: one exception per failure, never a group. A piece the API refused after its
  retries raises ChunkError; so does a read or decode error once pieces have finished
  (before that, the AudioError itself). An exception from the progress callback stops
  the job and propagates as it is.
- cancellation: Ctrl-C in the sync client cancels the pieces in flight at once (their
  answers are not waited for) and raises SplitInterrupted, which keeps the finished
  pieces. The async client's task is cancelled the way its event loop cancels (the
  cancellation is never swallowed or replaced); its caller keeps the finished pieces
  from ``SplitProgress.completed``, given to the progress callback after each piece.
- context: every piece is sent in a copy of the caller's contextvars.

The previous piece's text is not passed as a prompt: pieces are sent concurrently, so
it does not exist yet when the next one starts, and few providers take a prompt.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import threading
from collections.abc import Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.abc
import anyio.lowlevel
import attrs

from . import _split
from ._errors import AudioError, ConfigurationError, OpenRouterSTTError
from ._plan import Plan
from ._types import Chunk, Transcription

if TYPE_CHECKING:
    import concurrent.futures

T = TypeVar("T")


class ChunkError(OpenRouterSTTError):
    """A split recording stopped partway: a piece failed after its retries, or the audio
    could not be read or decoded after some pieces were transcribed. ``start`` and
    ``end`` say which stretch (seconds) was not transcribed, ``error`` what happened,
    and ``completed`` holds the pieces that were, so no finished work is lost."""

    def __init__(
        self,
        message: str,
        *,
        index: int,
        start: float,
        end: float,
        error: OpenRouterSTTError,
        completed: tuple[Chunk, ...],
    ) -> None:
        super().__init__(message)
        self.index = index
        self.start = start
        self.end = end
        self.error = error
        self.completed = completed
        self.attempts = error.attempts


class SplitInterrupted(KeyboardInterrupt):
    """Ctrl-C while the sync client sent a split recording. The pieces in flight were
    cancelled without waiting for their answers; ``completed`` holds the pieces that
    had been transcribed. A KeyboardInterrupt, so Ctrl-C still stops a program."""

    def __init__(self, completed: tuple[Chunk, ...]) -> None:
        super().__init__(f"interrupted; the {len(completed)} finished piece(s) are in .completed")
        self.completed = completed


@attrs.frozen
class SplitProgress:
    """Where a split transcription stands, given to ``transcribe(progress=...)`` after
    each piece: pieces done, pieces in all (None while the recording is still being
    cut), and seconds of the recording transcribed, of ``seconds_total`` (None when the
    container's header does not say).

    ``completed`` holds the finished pieces so far, in order (a silent piece that was
    not sent has no ``transcription``). An async caller whose task is cancelled gets no
    exception carrying them (the cancellation propagates as its event loop's), so it
    keeps the last ``completed`` it was given: the pieces already paid for."""

    done: int
    total: int | None
    seconds_done: float
    seconds_total: float | None
    completed: tuple[Chunk, ...] = ()


ProgressCallback = Callable[[SplitProgress], None]
Send = Callable[[_split.AudioPiece], Awaitable[Transcription]]


async def in_thread(func: Callable[..., T], *args: Any) -> T:
    """``func(*args)`` in a daemon thread of its own, in a copy of the caller's context.
    Cancelling the wait abandons the thread, which finishes on its own; being a daemon,
    it never holds up the interpreter's exit (a blocking HTTP request cannot be
    interrupted, only left behind)."""
    token = anyio.lowlevel.current_token()
    done = anyio.Event()
    outcome: list[tuple[bool, Any]] = []

    def work() -> None:
        try:
            outcome.append((True, func(*args)))
        except BaseException as error:  # handed to the waiting task, which raises it
            outcome.append((False, error))
        _call_soon(token, done.set)

    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(work,), daemon=True).start()
    await done.wait()
    ok, value = outcome[0]
    if not ok:
        raise value
    result: T = value
    return result


def _call_soon(token: anyio.lowlevel.EventLoopToken, func: Callable[[], object]) -> None:
    """Have the event loop of ``token`` call ``func``, from any thread, without waiting
    for it: a loop that has finished meanwhile (the wait was abandoned) is no error."""
    with contextlib.suppress(RuntimeError):  # anyio.RunFinishedError, a closed loop
        token.backend_class.run_sync_soon(func, (), token.native_token)


def _pieces(plan: Plan) -> Generator[tuple[_split.AudioPiece, bool]]:
    """(piece, send it?) for every piece: silent pieces are not sent, unless the whole
    recording is silent, when its first piece is (one request, an honest empty text)."""
    held = None  # the first piece, while it is silent and nothing was sent
    sent = False
    for piece in _split.split(plan.audio, max_seconds=plan.max_seconds, max_bytes=plan.max_bytes):
        if piece.silent and held is None and not sent:
            held = piece
        elif piece.silent:
            yield piece, False
        else:
            if held is not None:
                yield held, False
                held = None
            sent = True
            yield piece, True
    if held is not None:
        yield held, True


def _when(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{int(seconds * 10) % 10}"


@attrs.frozen
class _Failure:
    what: str  # the stretch, as the message names it
    index: int
    start: float
    end: float
    error: OpenRouterSTTError


@attrs.define(eq=False)
class Job:
    """One split transcription: the pieces cut from ``plan``, sent with ``run(send)``,
    stitched into one Transcription or stopped by the first failure."""

    plan: Plan
    model: str
    progress: ProgressCallback | None = None
    _done: list[Chunk] = attrs.field(factory=list, init=False)
    _cut: int = attrs.field(default=0, init=False)  # pieces cut so far
    _cut_to: float = attrs.field(default=0.0, init=False)  # where the last one ends
    _finished_cutting: bool = attrs.field(default=False, init=False)
    _failed: _Failure | None = attrs.field(default=None, init=False)
    _fatal: Exception | None = attrs.field(default=None, init=False)
    # Set from the caller's thread by cancel(): the running job's scope and loop.
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)
    _cancelled: bool = attrs.field(default=False, init=False)
    _scope: tuple[anyio.CancelScope, anyio.lowlevel.EventLoopToken] | None = attrs.field(
        default=None, init=False
    )

    @property
    def completed(self) -> tuple[Chunk, ...]:
        """The pieces transcribed so far (and silent ones not sent), in order."""
        return tuple(sorted(self._done, key=lambda c: c.index))

    async def run(self, send: Send) -> Transcription:
        pieces = _pieces(self.plan)
        with anyio.CancelScope() as scope:
            with self._lock:
                self._scope = (scope, anyio.lowlevel.current_token())
                if self._cancelled:
                    scope.cancel()
            try:
                async with anyio.create_task_group() as group:
                    await self._feed(pieces, send, group)
            finally:
                # A piece being cut in an abandoned thread cannot be closed now: the
                # generator then closes when that thread lets it go.
                with contextlib.suppress(ValueError):
                    pieces.close()
        if scope.cancelled_caught:
            raise SplitInterrupted(self.completed)
        return self._result()

    def cancel(self) -> None:
        """Stop the job from another thread: pieces in flight are abandoned."""
        with self._lock:
            self._cancelled = True
            if self._scope is None:
                return  # run() cancels itself as it starts
            scope, token = self._scope
        _call_soon(token, scope.cancel)

    async def _feed(
        self,
        pieces: Generator[tuple[_split.AudioPiece, bool]],
        send: Send,
        group: anyio.abc.TaskGroup,
    ) -> None:
        """Cut the next piece and send it once a slot is free (so at most
        ``max_concurrency`` + 1 encoded pieces are in memory); stop at the first failure."""
        slots = anyio.Semaphore(self.plan.max_concurrency)
        try:
            while self._failed is None:
                try:
                    # Decoding and encoding block: in a thread, off the event loop.
                    item = await in_thread(next, pieces, None)
                except OpenRouterSTTError as error:  # the audio cannot be read or decoded
                    end = self.plan.length or self._cut_to
                    what = f"reading the audio after {_when(self._cut_to)}"
                    self._fail(_Failure(what, self._cut, self._cut_to, end, error))
                    return
                if item is None:
                    self._finished_cutting = True
                    return
                piece, wanted = item
                self._cut, self._cut_to = self._cut + 1, piece.end
                if not wanted:
                    self._add(piece, None)
                    continue
                await slots.acquire()
                if self._failed is not None:
                    return  # a piece failed meanwhile: this one is not sent
                group.start_soon(self._send, piece, send, slots, group)
        except Exception as error:  # the progress callback's, or a bug
            self._stop(error, group)

    async def _send(
        self,
        piece: _split.AudioPiece,
        send: Send,
        slots: anyio.Semaphore,
        group: anyio.abc.TaskGroup,
    ) -> None:
        try:
            try:
                result = await send(piece)
            except OpenRouterSTTError as error:
                what = f"the audio from {_when(piece.start)} to {_when(piece.end)}"
                self._fail(_Failure(what, piece.index, piece.start, piece.end, error))
                return
            self._add(piece, result)
        except Exception as error:  # the progress callback's, or a bug
            self._stop(error, group)
        finally:
            slots.release()

    def _add(self, piece: _split.AudioPiece, result: Transcription | None) -> None:
        self._done.append(Chunk(piece.index, piece.start, piece.end, len(piece.data), result))
        if self.progress is not None:
            self.progress(
                SplitProgress(
                    done=len(self._done),
                    total=self._cut if self._finished_cutting else None,
                    seconds_done=sum(c.end - c.start for c in self._done),
                    seconds_total=self.plan.length,
                    completed=self.completed,
                )
            )

    def _fail(self, failure: _Failure) -> None:
        """Keep the earliest failure; the pieces in flight finish (they are paid for)."""
        if self._failed is None or failure.index < self._failed.index:
            self._failed = failure

    def _stop(self, error: Exception, group: anyio.abc.TaskGroup) -> None:
        """Not a piece's failure: cancel everything and raise ``error`` as it is."""
        if self._fatal is None:
            self._fatal = error
        group.cancel_scope.cancel()

    def _result(self) -> Transcription:
        from ._stitch import stitch

        if self._fatal is not None:
            raise self._fatal
        if (failed := self._failed) is not None:
            finished = self.completed
            if isinstance(failed.error, (ConfigurationError, AudioError)) and not finished:
                raise failed.error  # nothing finished: the error as a single request gives it
            raise ChunkError(
                f"{failed.what} (piece {failed.index + 1}) failed: {failed.error}; the "
                f"{len(finished)} finished piece(s) are in .completed",
                index=failed.index,
                start=failed.start,
                end=failed.end,
                error=failed.error,
                completed=finished,
            )
        chunks = self.completed
        return stitch(chunks, duration=chunks[-1].end, model=self.model)


def run_blocking(job: Job, send: Callable[[_split.AudioPiece], Transcription]) -> Transcription:
    """``job.run`` for the sync client, each piece's blocking ``send`` in a thread.

    The event loop runs in a daemon thread of its own, in a copy of the caller's
    context, so the caller's thread only waits: Ctrl-C there cancels the job at once
    and raises SplitInterrupted with the finished pieces. This also works where the
    caller's thread already runs an event loop (a notebook)."""
    import concurrent.futures  # here: importing the package stays quick

    outcome: concurrent.futures.Future[Transcription] = concurrent.futures.Future()

    def loop() -> None:
        try:
            outcome.set_result(anyio.run(job.run, functools.partial(in_thread, send)))
        except BaseException as error:  # handed to the caller's thread
            outcome.set_exception(error)

    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(loop,), daemon=True)
    try:
        thread.start()
        return outcome.result()
    except KeyboardInterrupt:
        job.cancel()
        with contextlib.suppress(RuntimeError):  # a thread that never started
            thread.join()  # the cancelled job ends without waiting for any answer
        raise SplitInterrupted(job.completed) from None
