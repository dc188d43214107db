"""The ``openrouter-stt`` command: transcribe files and folders, serve the mock, sniff formats.

    openrouter-stt transcribe meeting.m4a                 # the transcript, nothing else
    openrouter-stt transcribe calls/ --out results.jsonl  # a batch; add --resume after a crash
    openrouter-stt transcribe sample.wav --mock --output json
    ffmpeg -i talk.mkv -f mp3 - | openrouter-stt transcribe -   # audio from stdin
    openrouter-stt mock --port 4010
    openrouter-stt detect calls/
    openrouter-stt models --search whisper                # the slugs --model takes

Exit codes: 0 all ok, 2 usage, 3 bad input (audio, arguments), 4 authentication or
payment (or no API key), 5 other API or network errors, 6 some files failed, others ok,
7 the results could not be written (a full disk), 130 Ctrl-C (SIGINT), 143 SIGTERM.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Annotated, Any, Literal, NoReturn

import anyio
import typer

from . import (
    DEFAULT_MODEL,
    AsyncClient,
    AudioError,
    AuthenticationError,
    ConfigurationError,
    MissingAPIKeyError,
    OpenRouterSTTError,
    PaymentRequiredError,
    detect_format,
)
from ._audio import AUDIO_EXTENSIONS, read_head
from ._batch import (
    RECORDED_OPTIONS,
    STDIN,
    Batch,
    Output,
    ResultsError,
    ResultsFile,
    ResultsWriteError,
    done_before,
    emit,
    recorded_options,
    to_json,
)
from ._caption_files import CaptionFormat, caption_paths
from ._model_table import print_models, search
from ._models import DEFAULT_OUTPUT_MODALITIES
from ._options import Upload
from ._progress import pieces_bar, progress_bar, show_pieces, stderr
from ._split import MIN_CHUNK_SECONDS
from .mock import MockError, MockServer, install_prism

Granularity = Literal["word", "segment"]

EXIT_INPUT, EXIT_AUTH, EXIT_API, EXIT_PARTIAL, EXIT_WRITE = 3, 4, 5, 6, 7
AUDIO_SUFFIXES = AUDIO_EXTENSIONS  # with their dots: ".wav", ".opus", ...
MOCK_KEY = "mock-key"  # the mock wants a key, any key
MOCK_MODELS = "transcription"  # the mock's named GET /models example (mock/overlay.yaml)
# The flag that sets each recorded option, for --resume's complaint.
FLAGS = dict(
    zip(
        RECORDED_OPTIONS,
        (
            "--model",
            "--language",
            "--format",
            "--temperature",
            "--provider-option",
            "--output/--timestamps",
            "--timestamps",
        ),
        strict=True,
    )
)

app = typer.Typer(
    help="Transcribe audio with OpenRouter's speech-to-text endpoint.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def say(line: str) -> None:
    """One plain line on stderr (above the progress bar, when there is one)."""
    stderr.print(f"openrouter-stt: {line}", markup=False)


def exit_code(kind: type[BaseException]) -> int:
    if issubclass(kind, (AuthenticationError, PaymentRequiredError, MissingAPIKeyError)):
        return EXIT_AUTH
    if issubclass(kind, ResultsWriteError):
        return EXIT_WRITE
    if issubclass(kind, (AudioError, ConfigurationError, ResultsError, OSError)):
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
    raise typer.Exit(exit_code(type(error)))


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
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    # A file name that is not UTF-8 is printed as its own bytes, as `ls | cat` would.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="surrogateescape")


_terminated = False


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM takes Ctrl-C's way out, which asyncio makes clean (it cancels the batch
    rather than raising mid-task); the exit status still says SIGTERM."""
    global _terminated
    _terminated = True
    signal.raise_signal(signal.SIGINT)


def collect(paths: list[Path]) -> tuple[list[Path], int]:
    """The files named (``-``: stdin), the audio files (by extension) under the folders
    named, and how many other files those folders hold."""
    files: dict[Path, Path] = {}
    skipped = 0
    for path in paths:
        if path == STDIN:
            files.setdefault(STDIN, STDIN)
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
            audio = [p for p in found if p.suffix.lower() in AUDIO_SUFFIXES]
            skipped += len(found) - len(audio)
            for file in audio:
                files.setdefault(file.resolve(), file)
        else:
            files.setdefault(path.resolve(), path)
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


def parse_split(value: str) -> str | float:
    """--split as transcribe() takes it; a usage error (exit 2) for anything else."""
    if value in ("auto", "never"):
        return value
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds >= MIN_CHUNK_SECONDS or seconds == float("inf"):
        raise typer.BadParameter(
            f"use auto, never, or a number of seconds per piece of at least "
            f"{MIN_CHUNK_SECONDS:g}, not {value!r}",
            param_hint="--split",
        )
    return seconds


@contextlib.contextmanager
def api(mock: bool, base_url: str | None, max_retries: int, debug: bool) -> Iterator[AsyncClient]:
    """A client for the API, or for the bundled mock (started here) with a dummy key."""
    with MockServer(notify=say) if mock else contextlib.nullcontext() as server:
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
    paths: Annotated[list[Path], typer.Argument(help="Files or folders; - for stdin.")],
    model: Annotated[str, typer.Option(help="Model slug.")] = DEFAULT_MODEL,
    language: Annotated[str | None, typer.Option(help="ISO-639-1 code, e.g. en.")] = None,
    format: Annotated[str | None, typer.Option(help="Container; else sniffed.")] = None,
    temperature: Annotated[float | None, typer.Option()] = None,
    provider_option: Annotated[list[str] | None, typer.Option(help="slug.key=value")] = None,
    output: Annotated[
        Output, typer.Option(help="What to print on stdout; srt and vtt are captions.")
    ] = "text",
    timestamps: Annotated[
        Granularity | None,
        typer.Option(help="Timestamps: word (words and segments) or segment."),
    ] = None,
    upload: Annotated[Upload, typer.Option(help="Request body; auto: multipart up to 25 MB.")] = (
        "auto"
    ),
    captions_dir: Annotated[
        Path | None, typer.Option(help="Write a caption file per audio file here.")
    ] = None,
    caption_format: Annotated[
        CaptionFormat | None, typer.Option(help="For --captions-dir; default srt.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Append a JSON line per file.")] = None,
    concurrency: Annotated[int, typer.Option(min=1, help="Files in flight.")] = 4,
    resume: Annotated[bool, typer.Option("--resume", help="Skip files --out has.")] = False,
    base_url: Annotated[str | None, typer.Option(help="API base URL.")] = None,
    mock: Annotated[bool, typer.Option("--mock", help="Offline, with no key.")] = False,
    max_retries: Annotated[int, typer.Option(min=0, help="Retries per request.")] = 2,
    split: Annotated[
        str, typer.Option(help="auto, never, or SECONDS per piece (long audio).")
    ] = "auto",
    max_concurrency: Annotated[
        int, typer.Option(min=1, help="Pieces of one long recording in flight.")
    ] = 4,
    debug: Annotated[bool, typer.Option("--debug", help="Tracebacks, retry logs.")] = False,
) -> None:
    """Transcribe audio files; the API key is read from OPENROUTER_API_KEY.

    Folders are searched for audio files by extension (.wav, .mp3, .m4a, .opus...). A
    --provider-option value is parsed as JSON if it parses, e.g. groq.prompt=Hi.
    """
    setup(debug)
    if resume and out is None:
        raise typer.BadParameter("--resume needs --out FILE", param_hint="--resume")
    if out is not None and out.is_dir():
        example = out / "results.jsonl"
        raise typer.BadParameter(
            f"{out} is a folder; name a file, e.g. {example}", param_hint="--out"
        )
    if mock and base_url:
        raise typer.BadParameter("use either --mock or --base-url", param_hint="--mock")
    if caption_format is None:
        caption_format = output if output in ("srt", "vtt") else "srt"
    options: dict[str, Any] = dict(
        model=model, language=language, format=format, temperature=temperature
    )
    options["provider_options"] = parse_provider_options(provider_option or [])
    options.update(timestamp_options(timestamps, output in ("srt", "vtt") or bool(captions_dir)))
    options["upload"] = upload
    options["split"] = parse_split(split)
    options["max_concurrency"] = max_concurrency
    single = len(paths) == 1 and (paths[0] == STDIN or not paths[0].is_dir())
    files, skipped = collect(paths)
    if skipped:
        extensions = ", ".join(sorted(AUDIO_EXTENSIONS))
        say(f"skipped {skipped} file(s) without an audio extension ({extensions})")
    if not files:
        die(AudioError("no audio files to transcribe"), debug)
    try:
        with contextlib.ExitStack() as stack:
            # Taken first: a second run on the same file stops before reading or sending.
            results = stack.enter_context(contextlib.closing(ResultsFile(out))) if out else None
            done = resumable(results, options) if resume and results else set()
            targets = caption_paths(files, captions_dir, caption_format) if captions_dir else {}
            todo = [
                path
                for path in files
                if path == STDIN
                or path.resolve() not in done
                or (path in targets and not targets[path].exists())  # its captions are missing
            ]
            client = stack.enter_context(api(mock, base_url, max_retries, debug))

            def show(error: BaseException, path: Path) -> None:
                report(error, debug, None if single else path)

            keep = single or output == "json"  # printed at the end, so kept till then
            printed = output if output in ("srt", "vtt") or not single else None
            batch = Batch(client, options, concurrency, results, printed, show, keep)
            batch.caption_files, batch.caption_format = targets, caption_format
            if not single and (progress := progress_bar()) is not None:
                batch.progress = stack.enter_context(progress)
            if single and (pieces := pieces_bar()) is not None:
                options["progress"] = show_pieces(stack.enter_context(pieces))
            try:
                anyio.run(batch.run, todo)
            except BaseExceptionGroup as group:  # Ctrl-C, or a write failed (--out, stdout)
                raise (group.subgroup(KeyboardInterrupt) or group).exceptions[0] from None
        if single or output == "json":
            print_at_end([batch.records[p] for p in todo if p in batch.records], single, output)
    except KeyboardInterrupt:
        signum = signal.SIGTERM if _terminated else signal.SIGINT
        what = "terminated (SIGTERM)" if _terminated else "interrupted"
        say(what + (f"; every finished file is recorded in {out}" if out else ""))
        raise typer.Exit(128 + signum) from None
    except BrokenPipeError:
        raise  # stdout closed early (`| head`): click exits quietly
    except (MockError, ResultsError, OSError) as error:
        die(error, debug)
    if not single or out is not None:
        say(batch.summary(len(todo), len(files) - len(todo)))
    raise typer.Exit(batch_exit_code(batch, already_done=len(files) - len(todo)))


def print_at_end(records: list[dict[str, Any]], single: bool, output: Output) -> None:
    """A single file's transcript or record, or a batch's records as one JSON array."""
    if not single:
        emit(to_json(records, indent=2))
        return
    for record in records:
        if record["status"] == "ok" and output not in ("srt", "vtt"):  # captions: printed
            indent = 2 if output == "json" else None
            emit(record["text"] if output == "text" else to_json(record, indent))


def timestamp_options(asked: Granularity | None, captions: bool) -> dict[str, Any]:
    """response_format and timestamp_granularities for --timestamps; captions want word
    timestamps. Segments come along with words, for models that give no words."""
    if asked is None and not captions:
        return {"response_format": None, "timestamp_granularities": None}
    granularities = ["segment"] if asked == "segment" else ["word", "segment"]
    return {"response_format": "verbose_json", "timestamp_granularities": granularities}


def resumable(results: ResultsFile, options: dict[str, Any]) -> set[Path]:
    """The files --resume skips; refuses when the file records other options."""
    ours = recorded_options(options)
    done, differing = done_before(results, ours)
    if differing:

        def shown(values: dict[str, Any]) -> str:
            return ", ".join(
                f"{FLAGS[k]} " + ("(none)" if values[k] is None else to_json(values[k]))
                for k in differing
            )

        recorded, asked = shown(differing), shown(ours)
        raise typer.BadParameter(
            f"{results.path} records files transcribed with {recorded}, but this run asks "
            f"for {asked}: rerun with the recorded options, or give another --out file",
            param_hint="--resume",
        )
    return done


def batch_exit_code(batch: Batch, already_done: int) -> int:
    if batch.fatal is not None:
        return exit_code(batch.fatal)
    codes = {exit_code(kind) for kind in batch.failed}
    if not codes:
        return 0
    if batch.ok + already_done:
        return EXIT_PARTIAL
    return next(code for code in (EXIT_AUTH, EXIT_API, EXIT_INPUT) if code in codes)


@app.command("mock")
def serve_mock(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1; the next free one if busy.")] = 4010,
    install: Annotated[
        bool, typer.Option("--install", help="Only install Prism (once per user) and say where.")
    ] = False,
) -> None:
    """Serve the bundled Prism mock of the endpoint in the foreground until Ctrl-C."""
    setup(debug=False)
    try:
        if install:
            print(f"Prism for the mock is installed at {install_prism(say)}")
            return
        with MockServer(port=port, notify=say) as server:
            url = server.base_url
            served = ", ".join(
                f"{method.upper()} {path}"
                for path, item in server.document["paths"].items()
                for method in item
                if method in ("get", "post", "put", "patch", "delete")
            )
            print(f"Prism mock of {served} at {url} (Ctrl-C to stop)")
            print(f"  OPENROUTER_API_KEY=any openrouter-stt transcribe FILE --base-url {url}")
            print("  choose a status with the request header 'Prefer: code=429' (any documented)")
            print(f"  or an example with 'Prefer: example=NAME': {', '.join(server.examples)}")
            print(f"  e.g. Client(api_key='any', base_url='{url}').transcribe(")
            print("           'a.wav', extra_headers={'Prefer': 'example=tokens'})", flush=True)
            server.wait()  # returns only by raising: Prism died, and again after a restart
    except KeyboardInterrupt:
        print("mock stopped")
    except MockError as error:
        die(error, debug=False)


@app.command()
def detect(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders; - for stdin.")],
) -> None:
    """Print the container sniffed from each file's bytes: what transcribe would send."""
    code = 0
    for path in collect(paths)[0]:
        try:
            stdin = contextlib.nullcontext(sys.stdin.buffer)
            with stdin if path == STDIN else path.open("rb") as file:
                found = detect_format(read_head(file.read, str(path)))
        except OSError as error:
            say(f"{path}: cannot read it ({error.strerror or error})")
            found = None
        except AudioError as error:  # a read that failed past the first bytes
            say(str(error))
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
        raise typer.Exit(128 + (signal.SIGTERM if _terminated else signal.SIGINT)) from None
    except (OpenRouterSTTError, MockError, OSError) as error:
        die(error, debug)
    print_models(found, output)
    if not found and output == "table":
        say("no models" + (f" matching {search_text!r}" if search_text else ""))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
