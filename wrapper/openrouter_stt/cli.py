"""The ``openrouter-stt`` command: transcribe files and folders, serve the mock, sniff formats.

    openrouter-stt transcribe meeting.m4a                 # the transcript, nothing else
    openrouter-stt transcribe calls/ --out results.jsonl  # a batch; add --resume after a crash
    openrouter-stt transcribe sample.wav --mock --output json
    openrouter-stt mock --port 4010
    openrouter-stt detect calls/
    openrouter-stt models --search whisper                # the slugs --model takes

Exit codes: 0 all ok, 2 usage, 3 bad input (audio, arguments), 4 authentication or
payment (or no API key), 5 other API or network errors, 6 some files failed, others ok.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import anyio
import attrs
import typer
from rich.console import Console
from rich.filesize import decimal
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from . import (
    DEFAULT_MODEL,
    FORMATS,
    AsyncClient,
    AudioError,
    AuthenticationError,
    ConfigurationError,
    MissingAPIKeyError,
    OpenRouterSTTError,
    PaymentRequiredError,
    Transcription,
    detect_format,
)
from ._audio import SNIFF_BYTES
from ._model_table import print_models, search
from ._models import DEFAULT_OUTPUT_MODALITIES
from .mock import EXAMPLES, MockError, MockServer

EXIT_INPUT, EXIT_AUTH, EXIT_API, EXIT_PARTIAL = 3, 4, 5, 6
AUDIO_SUFFIXES = frozenset(f".{fmt}" for fmt in FORMATS)
MOCK_KEY = "mock-key"  # the mock wants a key, any key
MOCK_MODELS = "transcription"  # the mock's named GET /models example (mock/overlay.yaml)
# Errors every remaining file would hit too: a batch starts no new file after one.
FATAL = (AuthenticationError, PaymentRequiredError, ConfigurationError)
Output = Literal["text", "json", "jsonl"]

app = typer.Typer(
    help="Transcribe audio with OpenRouter's speech-to-text endpoint.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True, soft_wrap=True, highlight=False, emoji=False)


def say(line: str) -> None:
    """One plain line on stderr (above the progress bar, when there is one)."""
    stderr.print(f"openrouter-stt: {line}", markup=False)


def exit_code(error: BaseException) -> int:
    if isinstance(error, (AuthenticationError, PaymentRequiredError, MissingAPIKeyError)):
        return EXIT_AUTH
    if isinstance(error, (AudioError, ConfigurationError, OSError)):
        return EXIT_INPUT
    return EXIT_API


def report(error: BaseException, debug: bool, path: Path | None = None) -> None:
    """The error's class and message (which carries the hint) on one line of stderr."""
    if debug:
        traceback.print_exception(error)
    message = " ".join(str(error).splitlines())
    where = f"{path}: " if path is not None and str(path) not in message else ""
    say(f"{where}{type(error).__name__}: {message}")


def die(error: BaseException, debug: bool) -> NoReturn:
    report(error, debug)
    raise typer.Exit(exit_code(error))


class _LogHandler(logging.Handler):
    """The wrapper's log lines on stderr; each warning once per run, not once per file."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        line = record.getMessage()
        if record.levelno < logging.WARNING or line not in self.seen:
            self.seen.add(line)
            say(line)


def setup(debug: bool) -> None:
    logger = logging.getLogger("openrouter_stt")
    logger.addHandler(_LogHandler())
    logger.setLevel(logging.DEBUG if debug else logging.WARNING)
    logger.propagate = False
    # `kill`, and Ctrl-C even when started with SIGINT ignored (`cmd &` in a script), unwind
    # through the context managers: a mock we started is stopped, the results file closed.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.default_int_handler)


def collect(paths: list[Path]) -> tuple[list[Path], int]:
    """The files named, the audio files (by extension) under the folders named, and
    how many other files those folders hold."""
    files: dict[Path, Path] = {}
    skipped = 0
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
            audio = [p for p in found if p.suffix.lower() in AUDIO_SUFFIXES]
            skipped += len(found) - len(audio)
        else:
            audio = [path]
        for file in audio:
            files.setdefault(file.resolve(), file)
    return list(files.values()), skipped


def parse_provider_options(items: list[str]) -> dict[str, dict[str, Any]] | None:
    """``slug.key=value`` items as {slug: {key: value}}; a value is JSON if it parses."""
    options: dict[str, dict[str, Any]] = {}
    for item in items:
        name, equals, raw = item.partition("=")
        slug, dot, key = name.partition(".")
        if not (equals and dot and slug and key):
            hint = "--provider-option"
            raise typer.BadParameter(f"{item!r} is not slug.key=value", param_hint=hint)
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        options.setdefault(slug, {})[key] = value
    return options or None


def recorded_ok(out: Path) -> set[Path]:
    """The paths a results file records as done. Only whole lines count: a torn last
    line, or any line that is not a record, is ignored."""
    try:
        lines = out.read_bytes().split(b"\n")[:-1]
    except FileNotFoundError:
        return set()
    done = set()
    for line in lines:
        with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
            record = json.loads(line)
            if record["status"] == "ok":
                done.add(Path(record["path"]).resolve())
    return done


class Results:
    """An append-only JSON Lines file. Each record is one write() of a whole line, then
    fsync: a kill at any moment loses no finished record and tears no line."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        size = os.fstat(self.fd).st_size
        if size and os.pread(self.fd, 1, size - 1) != b"\n":
            self._write(b"\n")  # close a line torn by a crash, so ours start clean

    def add(self, record: dict[str, Any]) -> None:
        self._write(json.dumps(record, ensure_ascii=False).encode() + b"\n")

    def _write(self, data: bytes) -> None:
        if os.write(self.fd, data) != len(data):
            raise OSError(f"short write of {len(data)} bytes to the results file: disk full?")
        os.fsync(self.fd)

    def close(self) -> None:
        os.close(self.fd)


def make_record(path: Path, result: Transcription | OpenRouterSTTError) -> dict[str, Any]:
    """What --out and --output json(l) hold for one file."""
    where = {"path": str(path.resolve())}
    if isinstance(result, OpenRouterSTTError):
        message = " ".join(str(result).splitlines())
        return {**where, "status": "error", "error": type(result).__name__, "message": message}
    usage = result.usage and {**attrs.asdict(result.usage), "kind": result.usage.kind}
    return {**where, "status": "ok", "text": result.text, "usage": usage, "model": result.model}


@attrs.define
class Batch:
    """Transcribes files concurrently; records, prints and tallies each as it finishes."""

    client: AsyncClient
    options: dict[str, Any]
    concurrency: int
    results: Results | None
    output: Output | None  # None: a single file, printed when it is done
    debug: bool
    progress: Progress | None = None
    records: dict[Path, dict[str, Any]] = attrs.field(factory=dict)
    errors: dict[Path, OpenRouterSTTError] = attrs.field(factory=dict)
    fatal: OpenRouterSTTError | None = None
    audio_bytes: int = 0
    seconds: float | None = None
    cost: float | None = None

    async def run(self, files: list[Path]) -> None:
        semaphore = anyio.Semaphore(self.concurrency)
        if self.progress is not None:
            self.progress.add_task("", total=len(files), audio="0 bytes", cost="cost unknown")

        async def one(path: Path) -> None:
            async with semaphore:
                if self.fatal is None:
                    try:
                        self.finish(path, await self.client.transcribe(path, **self.options))
                    except OpenRouterSTTError as error:
                        self.finish(path, error)

        async with self.client, anyio.create_task_group() as group:
            for path in files:
                group.start_soon(one, path)

    def finish(self, path: Path, result: Transcription | OpenRouterSTTError) -> None:
        record = make_record(path, result)
        if self.results is not None:
            self.results.add(record)  # on disk before anything else happens
        self.records[path] = record
        with contextlib.suppress(OSError):
            self.audio_bytes += path.stat().st_size
        if isinstance(result, OpenRouterSTTError):
            self.errors[path] = result
            if isinstance(result, FATAL) and self.fatal is None:
                self.fatal = result
            if self.output is not None:
                report(result, self.debug, path)
        else:
            if result.usage and result.usage.seconds is not None:
                self.seconds = (self.seconds or 0) + result.usage.seconds
            if result.usage and result.usage.cost is not None:
                self.cost = (self.cost or 0) + result.usage.cost
            if self.output == "text":
                print(f"==> {path} <==\n{result.text}", flush=True)
        if self.output == "jsonl":
            print(json.dumps(record, ensure_ascii=False), flush=True)
        if self.progress is not None:
            cost = "cost unknown" if self.cost is None else f"${self.cost:.4f}"
            audio = decimal(self.audio_bytes)
            self.progress.update(self.progress.task_ids[0], advance=1, audio=audio, cost=cost)

    def exit_code(self, already_done: int) -> int:
        if self.fatal is not None:
            return exit_code(self.fatal)
        codes = {exit_code(error) for error in self.errors.values()}
        if not codes:
            return 0
        if len(self.records) - len(self.errors) + already_done:
            return EXIT_PARTIAL
        return next(code for code in (EXIT_AUTH, EXIT_API, EXIT_INPUT) if code in codes)

    def summary(self, todo: int, already_done: int) -> str:
        failed = Counter(type(error).__name__ for error in self.errors.values())
        by_class = ", ".join(f"{name} {n}" for name, n in failed.most_common())
        parts = [
            f"{len(self.records) - len(self.errors)} ok",
            failed and f"{len(self.errors)} failed ({by_class})",
            todo > len(self.records) and f"{todo - len(self.records)} not started",
            already_done and f"{already_done} done before (--resume)",
            self.seconds is not None and f"{self.seconds:.1f} s of audio",
            self.cost is not None and f"cost ${self.cost:.6f}",
        ]
        return ", ".join(part for part in parts if part)


def progress_bar() -> Progress | None:
    """Files done/total, audio bytes and cost so far, on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        return None
    fields = "{task.completed}/{task.total} files, {task.fields[audio]}, {task.fields[cost]}"
    # Transcripts stay on stdout: through the bar's console only when both share the terminal.
    redirect = sys.stdout.isatty()
    columns = (BarColumn(), TextColumn(fields), TimeElapsedColumn())
    return Progress(*columns, console=stderr, transient=True, redirect_stdout=redirect)


@contextlib.contextmanager
def api(mock: bool, base_url: str | None, max_retries: int, debug: bool) -> Iterator[AsyncClient]:
    """A client for the API, or for the bundled mock (started here) with a dummy key."""
    with MockServer() if mock else contextlib.nullcontext() as server:
        if server is not None:
            say(f"using the Prism mock at {server.base_url}")
        key, url = (MOCK_KEY, server.base_url) if server else (None, base_url)
        try:
            client = AsyncClient(key, url, max_retries=max_retries)
        except ConfigurationError as error:
            die(error, debug)
        yield client


@app.command()
def transcribe(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders.")],
    model: Annotated[str, typer.Option(help="Model slug.")] = DEFAULT_MODEL,
    language: Annotated[str | None, typer.Option(help="ISO-639-1 code, e.g. en.")] = None,
    format: Annotated[str | None, typer.Option(help="Container; else sniffed.")] = None,
    temperature: Annotated[float | None, typer.Option()] = None,
    provider_option: Annotated[list[str] | None, typer.Option(help="slug.key=value")] = None,
    output: Annotated[Output, typer.Option(help="What to print on stdout.")] = "text",
    out: Annotated[Path | None, typer.Option(help="Append a JSON line per file.")] = None,
    concurrency: Annotated[int, typer.Option(min=1, help="Files in flight.")] = 4,
    resume: Annotated[bool, typer.Option("--resume", help="Skip files --out has.")] = False,
    base_url: Annotated[str | None, typer.Option(help="API base URL.")] = None,
    mock: Annotated[bool, typer.Option("--mock", help="Offline, with no key.")] = False,
    max_retries: Annotated[int, typer.Option(min=0, help="Retries per file.")] = 2,
    debug: Annotated[bool, typer.Option("--debug", help="Tracebacks, retry logs.")] = False,
) -> None:
    """Transcribe audio files; the API key is read from OPENROUTER_API_KEY.

    Folders are searched for .wav .mp3 .flac .m4a .ogg .webm .aac files. A
    --provider-option value is parsed as JSON if it parses, e.g. groq.prompt=Hi.
    """
    setup(debug)
    if resume and out is None:
        raise typer.BadParameter("--resume needs --out FILE", param_hint="--resume")
    if mock and base_url:
        raise typer.BadParameter("use either --mock or --base-url", param_hint="--mock")
    options = dict(model=model, language=language, format=format, temperature=temperature)
    options["provider_options"] = parse_provider_options(provider_option or [])
    single = len(paths) == 1 and not paths[0].is_dir()
    files, skipped = collect(paths)
    if skipped:
        say(f"skipped {skipped} file(s) without an audio extension ({', '.join(FORMATS)})")
    if not files:
        die(AudioError("no audio files to transcribe"), debug)
    done = recorded_ok(out) if resume and out else set()
    todo = [path for path in files if path.resolve() not in done]
    try:
        with api(mock, base_url, max_retries, debug) as client, contextlib.ExitStack() as stack:
            results = stack.enter_context(contextlib.closing(Results(out))) if out else None
            batch = Batch(client, options, concurrency, results, None if single else output, debug)
            if not single and (progress := progress_bar()) is not None:
                batch.progress = stack.enter_context(progress)
            try:
                anyio.run(batch.run, todo)
            except BaseExceptionGroup as group:  # a write failed: the results file, or stdout
                raise group.exceptions[0] from None
    except KeyboardInterrupt:
        say("interrupted" + (f"; every finished file is recorded in {out}" if out else ""))
        raise typer.Exit(130) from None
    except BrokenPipeError:
        raise  # stdout closed early (`| head`): click exits quietly
    except (MockError, OSError) as error:
        die(error, debug)
    if single:
        for path, record in batch.records.items():
            if path in batch.errors:
                report(batch.errors[path], debug)
            elif output == "text":
                print(record["text"])
            else:
                print(json.dumps(record, indent=2 if output == "json" else None))
    elif output == "json":
        print(json.dumps([batch.records[p] for p in todo if p in batch.records], indent=2))
    if not single or out is not None:
        say(batch.summary(len(todo), len(files) - len(todo)))
    raise typer.Exit(batch.exit_code(len(files) - len(todo)))


@app.command("mock")
def serve_mock(port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 4010) -> None:
    """Serve the bundled Prism mock of the endpoint in the foreground until Ctrl-C."""
    setup(debug=False)
    try:
        with MockServer(port=port) as server:
            url = server.base_url
            print(f"Prism mock of POST /audio/transcriptions at {url} (Ctrl-C to stop)")
            print(f"  OPENROUTER_API_KEY=any openrouter-stt transcribe FILE --base-url {url}")
            print("  choose a status with the request header 'Prefer: code=429' (any documented)")
            print(f"  or a usage example with 'Prefer: example=NAME': {', '.join(EXAMPLES)}")
            print(f"  e.g. Client(api_key='any', base_url='{url}').transcribe(")
            print("           'a.wav', extra_headers={'Prefer': 'example=tokens'})", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("mock stopped")
    except MockError as error:
        die(error, debug=False)


@app.command()
def detect(paths: Annotated[list[Path], typer.Argument(help="Files or folders.")]) -> None:
    """Print the container sniffed from each file's bytes: what transcribe would send."""
    code = 0
    for path in collect(paths)[0]:
        try:
            with path.open("rb") as file:
                found = detect_format(file.read(SNIFF_BYTES))
        except OSError as error:
            say(f"{path}: cannot read it ({error.strerror or error})")
            found = None
        else:
            print(f"{path}: {found or 'unknown (not audio the endpoint accepts)'}")
        code = code or (EXIT_INPUT if found is None else 0)
    raise typer.Exit(code)


@app.command()
def models(
    search_text: Annotated[
        str | None, typer.Option("--search", help="Only ids or names containing this.")
    ] = None,
    output: Annotated[Literal["table", "json"], typer.Option(help="Table or JSON.")] = "table",
    output_modalities: Annotated[
        str, typer.Option(help="e.g. transcription, text, audio,text, all.")
    ] = DEFAULT_OUTPUT_MODALITIES,
    base_url: Annotated[str | None, typer.Option(help="API base URL.")] = None,
    mock: Annotated[bool, typer.Option("--mock", help="Offline, with no key.")] = False,
    max_retries: Annotated[int, typer.Option(min=0, help="Retries per page.")] = 2,
    debug: Annotated[bool, typer.Option("--debug", help="Tracebacks, retry logs.")] = False,
) -> None:
    """List the models transcribe --model accepts (speech-to-text, unless told otherwise),
    with their non-zero prices in USD."""
    setup(debug)
    if mock and base_url:
        raise typer.BadParameter("use either --mock or --base-url", param_hint="--mock")
    headers = {"Prefer": f"example={MOCK_MODELS}"} if mock else None

    async def fetch(client: AsyncClient) -> list[Any]:
        async with client:
            return await client.list_models(
                output_modalities=output_modalities, extra_headers=headers
            )

    try:
        with api(mock, base_url, max_retries, debug) as client:
            found = search(anyio.run(fetch, client), search_text)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except (OpenRouterSTTError, MockError, OSError) as error:
        die(error, debug)
    print_models(found, output)
    if not found and output == "table":
        say("no models" + (f" matching {search_text!r}" if search_text else ""))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
