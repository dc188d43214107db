"""What every command shares: the app, one line of stderr per message, exit codes,
signals, the files a command is given, and the client (for the API or the mock)."""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TypeVar

import typer
import typer.core

from .. import (
    AsyncClient,
    AsyncOpenAIClient,
    AudioError,
    AuthenticationError,
    ConfigurationError,
    MissingAPIKeyError,
    PaymentRequiredError,
)
from .._audio import AUDIO_EXTENSIONS
from .._batch import STDIN, ResultsError, ResultsWriteError
from .._errors import AudioSourceError
from .._progress import stderr
from ..mock import MockServer

_Function = TypeVar("_Function", bound=Callable[..., Any])

EXIT_INPUT, EXIT_AUTH, EXIT_API, EXIT_PARTIAL, EXIT_WRITE = 3, 4, 5, 6, 7
MOCK_KEY = "mock-key"  # the mock wants a key, any key
MOCK_MODELS = "transcription"  # the mock's named GET /models example (mock/overlay.yaml)


class Command(typer.core.TyperCommand):
    """A command whose usage line reads as other commands' do: ``PATH...``, not typer's
    ``{PATH...}`` for a required argument."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


app = typer.Typer(
    help="Transcribe audio with OpenRouter's speech-to-text endpoint.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Help as commands print it (`--out FILE`, `PATH...`), not typer's panels of types.
    rich_markup_mode=None,
)


def command(name: str | None = None) -> Callable[[_Function], _Function]:
    """``app.command`` with the usage line above."""
    register: Callable[[_Function], _Function] = app.command(name, cls=Command)
    return register


# The options several commands share, each with a metavar a person reads as a type.
PATHS = typer.Argument(metavar="PATH...", help="Audio files or folders; - for stdin.")
BASE_URL = typer.Option("--base-url", metavar="URL", help="API base URL.")
MOCK = typer.Option("--mock", help="Use the bundled offline mock; no key needed.")
DEBUG = typer.Option("--debug", help="Show tracebacks and retry logs.")


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
    message = for_the_terminal(" ".join(str(error).splitlines()))
    where = f"{path}: " if path is not None and str(path) not in message else ""
    say(f"{where}{type(error).__name__}: {message}")


# The library's advice names its keyword arguments; a person at a terminal has flags.
_FORMAT_ARGUMENT = re.compile(r"\bformat=(?:'(\w+)'|(\w+)|(?=\W))")
_FLAG_WORDING = (
    ("omit format to", "omit --format to"),
    ("over the client's max_audio_bytes=", "over the limit of "),
    ("or raise max_audio_bytes", "or split it with --split SECONDS"),
    ("pass split= or a lower max_chunk_seconds", "pass --split SECONDS"),
    (
        "pass api_key= or set OPENROUTER_API_KEY",
        "set OPENROUTER_API_KEY, or use --api-key-file PATH",
    ),
    (
        "pass api_key= or set OPENAI_API_KEY",
        "set OPENAI_API_KEY, or use --api-key-file PATH",
    ),
    ("check base_url and", "check --base-url and"),
    ("check base_url (", "check --base-url ("),
    ("and auth= ('bearer' or 'raw')", "and --auth (bearer or raw)"),
)


def for_the_terminal(message: str) -> str:
    message = _FORMAT_ARGUMENT.sub(
        lambda m: f"--format {m.group(1) or m.group(2) or 'FORMAT'}", message
    )
    for python, flag in _FLAG_WORDING:
        message = message.replace(python, flag)
    return message


def die(error: BaseException, debug: bool) -> NoReturn:
    report(error, debug)
    raise typer.Exit(exit_code(type(error)))


class _LogHandler(logging.Handler):
    """The wrapper's log lines on stderr; each warning once per run, not once per file."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        line = for_the_terminal(record.getMessage())
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


def interrupted() -> tuple[int, str]:
    """The exit status and the word for how the run was stopped (Ctrl-C or SIGTERM)."""
    if _terminated:
        return 128 + signal.SIGTERM, "terminated (SIGTERM)"
    return 128 + signal.SIGINT, "interrupted"


def collect(paths: Sequence[Path]) -> tuple[list[Path], int]:
    """The files named (``-``: stdin), the audio files (by extension) under the folders
    named, and how many other files those folders hold."""
    files: dict[Path, Path] = {}
    skipped = 0
    for path in paths:
        if path == STDIN:
            files.setdefault(STDIN, STDIN)
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
            audio = [p for p in found if p.suffix.lower() in AUDIO_EXTENSIONS]
            skipped += len(found) - len(audio)
            for file in audio:
                files.setdefault(file.resolve(), file)
        else:
            files.setdefault(path.resolve(), path)
    return list(files.values()), skipped


def check_readable(files: Sequence[Path]) -> None:
    """Every file named on the command line can be opened for reading: checked before
    a mock starts or a byte is sent, so a typo fails at once. (A file found in a folder
    that cannot be read fails alone, and the batch goes on.)"""
    for path in files:
        if path == STDIN:
            continue
        try:
            with open(path, "rb"):
                pass
        except OSError as error:
            why = "no such file" if isinstance(error, FileNotFoundError) else error.strerror
            raise AudioSourceError(f"{path}: cannot read it ({why or error})") from None


def read_key_file(path: Path | None) -> str | None:
    """The API key in ``--api-key-file``: its first line, without surrounding blanks."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise typer.BadParameter(
            f"cannot read {path}: {error.strerror or error}", param_hint="--api-key-file"
        ) from None
    key = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not key:
        raise typer.BadParameter(f"{path} holds no key", param_hint="--api-key-file")
    return key


def check_mock_or_url(mock: bool, base_url: str | None) -> None:
    if mock and base_url:
        raise typer.BadParameter("use either --mock or --base-url", param_hint="--mock")


@contextlib.contextmanager
def api(
    mock: bool,
    base_url: str | None,
    max_retries: int,
    debug: bool,
    api_key: str | None = None,
    server: MockServer | None = None,
    backend: str = "openrouter",
    auth: str = "bearer",
) -> Iterator[Any]:
    """A client for the API (OpenRouter's, or an OpenAI-compatible server's with
    ``backend="openai"``), or for the bundled mock (started here) with a dummy key."""
    if mock and server is None:
        server = MockServer(notify=say, api=backend)
    with server if server is not None else contextlib.nullcontext() as running:
        if running is not None:
            say(f"using the Prism mock at {running.base_url}")
        key, url = (MOCK_KEY, running.base_url) if running else (api_key, base_url)
        try:
            if backend == "openai":
                client: Any = AsyncOpenAIClient(key, url, auth=auth, max_retries=max_retries)  # type: ignore[arg-type]
            else:
                client = AsyncClient(key, url, max_retries=max_retries)
        except ConfigurationError as error:
            die(error, debug)
        yield client
