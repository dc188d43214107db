"""The command line's batches: files transcribed concurrently, each recorded as it
finishes in a JSON Lines results file that ``--resume`` reads back.

Memory stays bounded however many files a batch holds: a finished file leaves counters
and, with ``--out``, a line on disk. A failure keeps its class and message, never the
exception, whose traceback holds the file's bytes.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import stat
import sys
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import anyio
import anyio.to_thread
import attrs
from rich.filesize import decimal
from rich.progress import Progress

from ._caption_files import CaptionFormat, caption_text, write_atomically
from ._client import AsyncClient
from ._errors import (
    AuthenticationError,
    ConfigurationError,
    OpenRouterSTTError,
    PaymentRequiredError,
)
from ._estimate import Estimate, Price, estimate, usd
from ._long import ChunkError, SplitProgress
from ._records import STDIN as STDIN
from ._records import interrupted_record, make_record
from ._types import Chunk, Transcription

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger("openrouter_stt")

Output = Literal["text", "json", "jsonl", "srt", "vtt"]
#: The options that change a transcript: recorded with every file, compared by --resume.
RECORDED_OPTIONS = (
    "model",
    "language",
    "format",
    "temperature",
    "provider_options",
    "response_format",
    "timestamp_granularities",
    "prompt",
)
# Errors every remaining file would hit too: a batch starts no new file after one.
FATAL = (AuthenticationError, PaymentRequiredError, ConfigurationError)


class ResultsError(Exception):
    """The results file cannot be used (another run holds it, it cannot be opened)."""


class ResultsWriteError(ResultsError):
    """Results could not be written (a full disk): to the --out file or to stdout."""


def write_error(where: str, error: OSError, hint: str) -> ResultsWriteError:
    why = {
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "the disk quota is exceeded",
    }.get(error.errno or 0, error.strerror or str(error))
    return ResultsWriteError(f"cannot write the results to {where}: {why}; {hint}")


def to_json(record: Any, indent: int | None = None) -> str:
    """A record (or a list of them) as JSON text. A file name that is not UTF-8 holds
    surrogate escapes (``os.fsdecode``); they become JSON ``\\udcXX`` escapes, which
    ``json.loads`` and ``os.fsencode`` turn back into the name's own bytes."""
    text = json.dumps(record, ensure_ascii=False, indent=indent)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def emit(text: str) -> None:
    """A line on stdout, flushed. A failed write (a full disk) is a ResultsWriteError."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        raise  # stdout closed early (`| head`): click exits quietly
    except OSError as error:
        # What is still buffered would fail again at exit ("Exception ignored ...").
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise write_error("stdout", error, "free some space or redirect elsewhere") from None


def recorded_options(options: dict[str, Any]) -> dict[str, Any]:
    """The options that shape a transcript, as they read back from JSON."""
    picked: dict[str, Any] = json.loads(json.dumps({k: options.get(k) for k in RECORDED_OPTIONS}))
    return picked


class ResultsFile:
    """The append-only JSON Lines file of ``--out``, written by one run at a time.

    Each record is one write() of a whole line, then fsync: a kill at any moment loses
    no finished record and tears no line. The lock is flock(2) on the file itself: the
    kernel drops it when the process ends, even by SIGKILL, so a crash leaves neither a
    stale lock nor a lock file behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as error:
            if error.errno in (errno.ENOSPC, errno.EDQUOT):
                raise write_error(str(path), error, "free some space") from None
            raise ResultsError(f"cannot open {path}: {error.strerror or error}") from None
        if not self._lock():
            os.close(self.fd)
            raise ResultsError(
                f"another openrouter-stt run is writing to {path}; wait for it to end "
                "(then --resume), or give this run another --out file"
            )
        if os.fstat(self.fd).st_size:
            os.lseek(self.fd, -1, os.SEEK_END)
            if os.read(self.fd, 1) != b"\n":
                self._write(b"\n")  # close a line torn by a crash, so ours start clean

    def _lock(self) -> bool:
        """Lock the file for this run; False when another process holds it."""
        if fcntl is None:  # Windows: no flock(2)
            logger.warning("no file locks here: two runs must not share one --out file")
            return True
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as error:  # a file system without locks (some network mounts)
            logger.warning(f"cannot lock {self.path} ({error.strerror}); run one batch at a time")
        return True

    @property
    def regular(self) -> bool:
        """A file on disk, not a device or pipe (``/dev/full``, ``/dev/stdout``)."""
        return stat.S_ISREG(os.fstat(self.fd).st_mode)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record in the file, in order. Only whole lines count: a torn line, or
        any line that is not a record, is skipped; a record whose path no file can have
        (a NUL byte: the file was edited or damaged) is skipped with a warning."""
        if not self.regular:
            return
        with open(self.fd, "rb", closefd=False) as file:
            file.seek(0)
            for number, line in enumerate(file, 1):
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if not (isinstance(record, dict) and isinstance(record.get("path"), str)):
                    continue
                if "\0" in record["path"]:
                    logger.warning(
                        f"{self.path}: line {number} is not a valid record (its path holds "
                        "a NUL byte, which no file name can); it was skipped"
                    )
                    continue
                yield record

    def latest(self) -> dict[str, dict[str, Any]]:
        """The last record of each path: what the file says now, whatever came before."""
        return {record["path"]: record for record in self.records()}

    def truncate(self) -> None:
        """Drop every record (``--overwrite``)."""
        if self.regular:
            os.ftruncate(self.fd, 0)

    def add(self, record: dict[str, Any]) -> None:
        self._write(to_json(record).encode() + b"\n")

    def _write(self, data: bytes) -> None:
        try:
            if os.write(self.fd, data) != len(data):
                raise OSError(errno.ENOSPC, "short write")
            os.fsync(self.fd)
        except OSError as error:
            if error.errno == errno.EINVAL:
                return  # fsync of a pipe or terminal (--out /dev/stdout): nothing to sync
            hint = "every file finished before is recorded; free some space, then --resume"
            raise write_error(str(self.path), error, hint) from None

    def close(self) -> None:
        os.close(self.fd)  # releases the lock


@attrs.define
class Batch:
    """Transcribes files concurrently; records, prints and tallies each as it finishes."""

    client: AsyncClient
    options: dict[str, Any]
    concurrency: int
    results: ResultsFile | None
    output: Output | None  # None: a single file, printed by the caller
    #: Shows a failure on stderr, while its exception (and traceback) still exist.
    report: Callable[[OpenRouterSTTError, Path], None]
    #: Keep every record for the end (--output json, a single file), not only counts.
    keep_records: bool = False
    progress: Progress | None = None
    #: Where each file's caption file goes (``--captions-dir``), and its format.
    caption_files: dict[Path, Path] = attrs.field(factory=dict)
    caption_format: CaptionFormat = "srt"
    #: The client's method each file goes through: "transcribe" or "translate".
    operation: str = "transcribe"
    #: What to do when an answer has no timestamps for captions (None: try another model).
    no_timestamps_advice: str | None = None
    #: ``--max-cost``: no file starts whose estimate would take the spend past it.
    max_cost: Decimal | None = None
    fetch_price: Callable[[AsyncClient], Awaitable[Price]] | None = None
    price: Price | None = None
    #: What --out records as spent by earlier runs of this batch (``--resume``).
    spent_before: Decimal = Decimal(0)
    #: Why the cap stopped the batch, once it has.
    capped: str | None = None
    records: dict[Path, dict[str, Any]] = attrs.field(factory=dict)
    ok: int = 0
    #: Long recordings stopped by Ctrl-C with finished pieces (recorded as "interrupted").
    interrupted: int = 0
    #: Files sent (or being sent); on Ctrl-C, those started and not finished were cut short.
    started: int = 0
    failed: Counter[type[OpenRouterSTTError]] = attrs.field(factory=Counter)
    fatal: type[OpenRouterSTTError] | None = None
    audio_bytes: int = 0
    seconds: float | None = None
    cost: float | None = None
    _recorded: dict[str, Any] = attrs.field(init=False)
    _writer: anyio.CapacityLimiter = attrs.field(init=False)
    _headers: bool = attrs.field(init=False, default=True)
    #: Estimates of the files in flight, counted against --max-cost until they finish.
    _reserved: dict[Path, Decimal] = attrs.field(init=False, factory=dict)

    @property
    def finished(self) -> int:
        return self.ok + self.failed.total() + self.interrupted

    async def run(self, files: list[Path]) -> None:
        semaphore = anyio.Semaphore(self.concurrency)
        self._recorded = recorded_options(self.options)
        self._writer = anyio.CapacityLimiter(1)  # one record written at a time
        self._headers = len(files) > 1
        if self.progress is not None:
            self.progress.add_task("", total=len(files), audio="0 bytes", cost="cost unknown")

        async def one(path: Path) -> None:
            async with semaphore:
                if self.fatal is not None or self.capped is not None:
                    return
                if self.max_cost is not None and not await self._within_cap(path):
                    return
                self.started += 1
                audio = sys.stdin.buffer if path == STDIN else path
                pieces: tuple[Chunk, ...] = ()  # a long recording's finished pieces

                def keep(state: SplitProgress) -> None:
                    nonlocal pieces
                    pieces = state.completed
                    if shown is not None:
                        shown(state)

                try:
                    call = getattr(self.client, self.operation)  # transcribe or translate
                    result = await call(audio, **{**self.options, "progress": keep})
                except OpenRouterSTTError as error:
                    await self._failed(path, error)
                except anyio.get_cancelled_exc_class():  # Ctrl-C: keep what was paid for
                    if any(c.transcription is not None for c in pieces):
                        with anyio.CancelScope(shield=True):
                            await self._interrupted(path, pieces)
                    raise
                else:
                    # Paid for: its captions are written and its record kept even if Ctrl-C
                    # lands now; local writes of milliseconds, then the batch stops.
                    with anyio.CancelScope(shield=True):
                        await self._answered(path, result)

        shown = self.options.get("progress")  # a single file's bar of pieces
        async with self.client:
            if self.max_cost is not None and self.fetch_price is not None:
                self.price = await self.fetch_price(self.client)
            async with anyio.create_task_group() as group:
                for path in files:
                    group.start_soon(one, path)

    async def _answered(self, path: Path, result: Transcription) -> None:
        """Make the answer's captions, then record it (or the captions' failure, with the
        transcript kept)."""
        try:
            captions = (
                self._captions(result, self.output) if self.output in ("srt", "vtt") else None
            )
            if path in self.caption_files:  # before the record: --resume trusts it
                text = self._captions(result, self.caption_format)
                await anyio.to_thread.run_sync(self._write_captions, path, text)
        except OpenRouterSTTError as error:
            await self._failed(path, error, transcript=result)
        else:
            await self.finish(path, result, captions)

    async def _failed(
        self, path: Path, error: OpenRouterSTTError, transcript: Transcription | None = None
    ) -> None:
        await self.finish(path, error, transcript=transcript)  # the exception's last use
        # Its traceback's frames (the audio they read among their locals) can sit in a
        # reference cycle until the next garbage collection: drop them now.
        error.__traceback__ = None

    def _captions(self, result: Transcription, fmt: CaptionFormat) -> str:
        if result.body is not None and self.options.get("response_format") == fmt:
            return result.body  # the server's own captions, as it sent them
        return caption_text(result, fmt, self.no_timestamps_advice)

    async def _within_cap(self, path: Path) -> bool:
        """Reserve ``path``'s estimate if the spend so far, the files in flight and it stay
        within --max-cost; else stop the batch here, saying why."""
        assert self.max_cost is not None and self.price is not None
        if path == STDIN:
            guess = Estimate(path, None, None, None, "audio from stdin has no header to read")
        else:
            guess = await anyio.to_thread.run_sync(
                estimate, path, self.price, self.options.get("split", "auto")
            )
        spent = self.spent_before + Decimal(str(self.cost or 0))
        spent += sum(self._reserved.values(), Decimal(0))
        if guess.cost is None:
            self.capped = f"the cost of {path} cannot be estimated ({guess.note})"
        elif spent + guess.cost > self.max_cost:
            self.capped = (
                f"{path} (about {usd(guess.cost)}) would take the spend "
                f"({usd(spent)}) past --max-cost {usd(self.max_cost)}"
            )
        if self.capped is not None:
            return False
        assert guess.cost is not None
        self._reserved[path] = guess.cost
        return True

    def _write_captions(self, path: Path, text: str) -> None:
        target = self.caption_files[path]
        try:
            write_atomically(target, text)
        except OSError as error:
            hint = "every file finished before has its captions; fix it, then --resume"
            raise write_error(str(target), error, hint) from None

    async def finish(
        self,
        path: Path,
        result: Transcription | OpenRouterSTTError,
        captions: str | None = None,
        transcript: Transcription | None = None,
    ) -> None:
        record = make_record(path, result, self._recorded, transcript)
        paid = [result] if isinstance(result, Transcription) else [transcript]
        if isinstance(result, ChunkError):
            paid = [chunk.transcription for chunk in result.completed]
        self._count_spend(path, [t for t in paid if t is not None])
        if self.results is not None:  # on disk before anything else happens; fsync off the loop
            await anyio.to_thread.run_sync(self.results.add, record, limiter=self._writer)
        if self.keep_records:
            self.records[path] = record
        if path != STDIN:
            with contextlib.suppress(OSError):
                self.audio_bytes += path.stat().st_size
        if isinstance(result, OpenRouterSTTError):
            self.failed[type(result)] += 1
            if isinstance(result, FATAL) and self.fatal is None:
                self.fatal = type(result)
            self.report(result, path)
        else:
            self.ok += 1
            if self.output == "text":
                emit(f"==> {path} <==\n{result.text}")
            elif captions is not None:  # --output srt|vtt; one file's alone, with no header
                emit(f"==> {path} <==\n{captions}" if self._headers else captions.rstrip("\n"))
        if self.output == "jsonl":
            emit(to_json(record))
        if self.progress is not None:
            cost = "cost unknown" if self.cost is None else f"${self.cost:.4f}"
            audio = decimal(self.audio_bytes)
            self.progress.update(self.progress.task_ids[0], advance=1, audio=audio, cost=cost)

    async def _interrupted(self, path: Path, completed: tuple[Chunk, ...]) -> None:
        """Record the finished pieces of a long recording that Ctrl-C stopped."""
        record = interrupted_record(path, completed, self._recorded)
        self._count_spend(path, [c.transcription for c in completed if c.transcription])
        self.interrupted += 1
        if self.results is not None:
            await anyio.to_thread.run_sync(self.results.add, record, limiter=self._writer)
        if self.keep_records:
            self.records[path] = record
        if self.output == "jsonl":
            emit(to_json(record))

    def _count_spend(self, path: Path, answers: list[Transcription]) -> None:
        """Add what the answers (a file's, or the pieces done before one failed) say
        they cost; without a cost, what the file was estimated at stays counted."""
        reserved = self._reserved.pop(path, None)
        costs = [t.usage.cost for t in answers if t.usage and t.usage.cost is not None]
        for seconds in (t.usage.seconds for t in answers if t.usage):
            if seconds is not None:
                self.seconds = (self.seconds or 0) + seconds
        if costs:
            self.cost = (self.cost or 0) + sum(costs)
        elif answers and reserved is not None:
            self.cost = (self.cost or 0) + float(reserved)

    def summary(self, todo: int, already_done: int) -> str:
        by_class = ", ".join(f"{kind.__name__} {n}" for kind, n in self.failed.most_common())
        parts = [
            f"{self.ok} ok",
            self.interrupted and f"{self.interrupted} interrupted with pieces recorded",
            self.failed and f"{self.failed.total()} failed ({by_class})",
            self.started > self.finished and f"{self.started - self.finished} cut short",
            todo > self.started and f"{todo - self.started} not started",
            already_done and f"{already_done} done before (--resume)",
            self.seconds is not None and f"{self.seconds:.1f} s of audio",
            self.cost is not None and f"cost ${self.cost:.6f}",
        ]
        line = ", ".join(part for part in parts if part)
        if self.capped is not None:
            line += f"; stopped by --max-cost: {self.capped}"
        return line


def recorded_spend(results: ResultsFile) -> Decimal:
    """What every answer the results file records cost (``usage.cost``): a file's, and
    the pieces of a long recording finished before a failure or Ctrl-C (``completed``);
    superseded records too: each was paid for."""
    spent = Decimal(0)
    for record in results.records():
        pieces = record.get("completed")
        for answer in [record, *(pieces if isinstance(pieces, list) else [])]:
            usage = answer.get("usage") if isinstance(answer, dict) else None
            cost = usage.get("cost") if isinstance(usage, dict) else None
            if isinstance(cost, (int, float)) and not isinstance(cost, bool) and cost >= 0:
                spent += Decimal(str(cost))
    return spent


def done_before(results: ResultsFile, options: dict[str, Any]) -> tuple[set[Path], dict[str, Any]]:
    """The files the results file records as done, and the first recorded options that
    differ from ``options`` ({} when all agree). An option a record lacks (written before
    it was recorded) counts as its default, None."""
    done: set[Path] = set()
    differing: dict[str, Any] = {}
    for record in results.latest().values():
        if record.get("status") != "ok" or record["path"] == str(STDIN):
            continue
        done.add(Path(record["path"]).resolve())
        theirs = record.get("options")
        if not differing and isinstance(theirs, dict):
            differing = {k: theirs.get(k) for k, v in options.items() if theirs.get(k) != v}
    return done, differing
