"""``openrouter-stt transcribe``: files and folders, one at a time or as a batch.

Everything that can be wrong with the arguments and the files named is found before a
mock starts or a byte is sent.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Annotated, Any

import anyio
import typer

from .. import DEFAULT_MODEL, AudioError, OpenRouterSTTError
from .._audio import AUDIO_EXTENSIONS
from .._batch import (
    RECORDED_OPTIONS,
    STDIN,
    Batch,
    Output,
    ResultsError,
    ResultsFile,
    done_before,
    emit,
    recorded_options,
    recorded_spend,
    to_json,
)
from .._caption_files import CaptionFormat, caption_paths
from .._openai import DEFAULT_MODEL as OPENAI_MODEL
from .._options import Upload
from .._progress import pieces_bar, progress_bar, show_pieces
from ..mock import MockError, MockServer
from ._shared import (
    BASE_URL,
    DEBUG,
    EXIT_API,
    EXIT_AUTH,
    EXIT_INPUT,
    EXIT_PARTIAL,
    MOCK,
    PATHS,
    check_mock_or_url,
    check_readable,
    collect,
    command,
    die,
    exit_code,
    interrupted,
    read_key_file,
    report,
    say,
    setup,
)
from ._shared import api as connect
from .estimate import fetch_price
from .mock import choose_example, no_timestamps_advice
from .options import (
    API,
    API_KEY_FILE,
    AUTH,
    CAPTION_FORMAT,
    CAPTIONS_DIR,
    CONCURRENCY,
    FORMAT,
    MAX_CONCURRENCY,
    MAX_RETRIES,
    MODEL,
    OUT,
    OVERWRITE,
    PROMPT,
    RESUME,
    SPLIT,
    TEMPERATURE,
    Api,
    Auth,
    Granularity,
    check_api_options,
    check_language,
    check_model,
    openai_formats,
    parse_max_cost,
    parse_provider_options,
    parse_split,
    timestamp_options,
)

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
            "--prompt",
        ),
        strict=True,
    )
)


@command()
def transcribe(
    paths: Annotated[list[Path], PATHS],
    model: Annotated[str | None, MODEL] = None,
    language: Annotated[
        str | None, typer.Option(metavar="CODE", help="ISO-639-1 code, e.g. en.")
    ] = None,
    format: Annotated[str | None, FORMAT] = None,
    temperature: Annotated[float | None, TEMPERATURE] = None,
    provider_option: Annotated[
        list[str] | None,
        typer.Option(metavar="SLUG.KEY=VALUE", help="A provider's own option; repeatable."),
    ] = None,
    output: Annotated[
        Output,
        typer.Option(
            metavar="[text|json|jsonl|srt|vtt]",
            help="What to print on stdout; srt and vtt are captions.",
        ),
    ] = "text",
    timestamps: Annotated[
        Granularity | None,
        typer.Option(
            metavar="[word|segment]", help="Timestamps: word (words and segments) or segment."
        ),
    ] = None,
    upload: Annotated[
        Upload,
        typer.Option(
            metavar="[auto|json|multipart]", help="Request body; auto: multipart up to 25 MB."
        ),
    ] = "auto",
    captions_dir: Annotated[Path | None, CAPTIONS_DIR] = None,
    caption_format: Annotated[CaptionFormat | None, CAPTION_FORMAT] = None,
    out: Annotated[Path | None, OUT] = None,
    resume: Annotated[bool, RESUME] = False,
    overwrite: Annotated[bool, OVERWRITE] = False,
    concurrency: Annotated[int, CONCURRENCY] = 4,
    max_cost: Annotated[
        str | None,
        typer.Option(
            metavar="USD",
            help="Start no file that could take the spend past USD (estimated from its "
            "length and the model's price; with --resume, --out's recorded spend counts).",
        ),
    ] = None,
    base_url: Annotated[str | None, BASE_URL] = None,
    api: Annotated[Api, API] = "openrouter",
    auth: Annotated[Auth, AUTH] = "bearer",
    prompt: Annotated[str | None, PROMPT] = None,
    api_key_file: Annotated[Path | None, API_KEY_FILE] = None,
    mock: Annotated[bool, MOCK] = False,
    mock_example: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="With --mock: the mock's answer to give (e.g. verbose-words, diarized); "
            "by default one with the timestamps the output needs.",
        ),
    ] = None,
    max_retries: Annotated[int, MAX_RETRIES] = 2,
    split: Annotated[str, SPLIT] = "auto",
    max_concurrency: Annotated[int, MAX_CONCURRENCY] = 4,
    debug: Annotated[bool, DEBUG] = False,
) -> None:
    """Transcribe audio files, folders of them, or stdin.

    The API key is read from OPENROUTER_API_KEY (OPENAI_API_KEY with --api openai),
    or from --api-key-file. Folders are searched for audio files by extension (.wav,
    .mp3, .m4a, .opus...). A --provider-option value is parsed as JSON if it parses,
    e.g. groq.prompt=Hi.
    """
    run("transcribe", **locals())


def run(
    operation: str,
    *,
    paths: list[Path],
    model: str | None,
    language: str | None,
    format: str | None,
    temperature: float | None,
    provider_option: list[str] | None,
    output: Output,
    timestamps: Granularity | None,
    upload: Upload,
    captions_dir: Path | None,
    caption_format: CaptionFormat | None,
    out: Path | None,
    resume: bool,
    overwrite: bool,
    concurrency: int,
    max_cost: str | None,
    base_url: str | None,
    api: Api,
    auth: Auth,
    prompt: str | None,
    api_key_file: Path | None,
    mock: bool,
    mock_example: str | None,
    max_retries: int,
    split: str,
    max_concurrency: int,
    debug: bool,
) -> None:
    """``transcribe`` and ``translate``: the same files, batch, records and output."""
    setup(debug)
    # Arguments first, then the files: all before a mock starts or anything is sent.
    if resume and out is None:
        raise typer.BadParameter("--resume needs --out FILE", param_hint="--resume")
    if resume and overwrite:
        raise typer.BadParameter("use either --resume or --overwrite", param_hint="--overwrite")
    if out is not None and out.is_dir():
        example = out / "results.jsonl"
        raise typer.BadParameter(
            f"{out} is a folder; name a file, e.g. {example}", param_hint="--out"
        )
    check_mock_or_url(mock, base_url)
    if mock_example is not None and not mock:
        raise typer.BadParameter("--mock-example needs --mock", param_hint="--mock-example")
    check_api_options(api, prompt=prompt, auth=auth, provider_option=provider_option, upload=upload)
    if max_cost is not None and api == "openai":
        raise typer.BadParameter(
            "prices are read from OpenRouter's model list; --max-cost needs --api openrouter",
            param_hint="--max-cost",
        )
    model = model if model is not None else OPENAI_MODEL if api == "openai" else DEFAULT_MODEL
    check_model(model)
    check_language(language)
    cap = parse_max_cost(max_cost)
    key = read_key_file(api_key_file)
    captions = output in ("srt", "vtt") or bool(captions_dir)
    if caption_format is None:
        caption_format = output if output in ("srt", "vtt") else "srt"
    options: dict[str, Any] = dict(
        model=model, language=language, format=format, temperature=temperature
    )
    if api == "openai":
        options["prompt"] = prompt
        options.update(openai_formats(output, timestamps, captions, operation))
        if operation == "translate":
            del options["language"]
    else:
        options["provider_options"] = parse_provider_options(provider_option or [])
        options.update(timestamp_options(timestamps, captions))
        options["upload"] = upload
    options["split"] = parse_split(split)
    options["max_concurrency"] = max_concurrency
    single = len(paths) == 1 and (paths[0] == STDIN or not paths[0].is_dir())
    files, skipped = collect(paths)
    if skipped:
        extensions = ", ".join(sorted(AUDIO_EXTENSIONS))
        say(f"skipped {skipped} file(s) without an audio extension ({extensions})")
    try:
        if not files:
            raise AudioError("no audio files to transcribe")
        check_readable([path for path in paths if not path.is_dir()])  # named ones
        server = MockServer(notify=say, api=api) if mock else None
        advice = None
        if server is not None and api == "openai":  # its examples are named by format
            chosen = mock_example or options.get("response_format") or "json"
            options["extra_headers"] = {"Prefer": f"example={chosen}"}
        elif server is not None:  # reads the spec it will serve; starts nothing yet
            wanted = "word" if captions else timestamps
            chosen = choose_example(server, mock_example, wanted)
            if chosen is not None:
                options["extra_headers"] = {"Prefer": f"example={chosen}"}
            advice = no_timestamps_advice(server, chosen)
    except (OpenRouterSTTError, MockError) as error:
        die(error, debug)
    batch: Batch | None = None
    todo: list[Path] = []
    try:
        with contextlib.ExitStack() as stack:
            # Taken first: a second run on the same file stops before reading or sending.
            results = stack.enter_context(contextlib.closing(ResultsFile(out))) if out else None
            if results is not None:
                check_results_file(results, resume, overwrite)
            done = resumable(results, options) if resume and results else set()
            targets = caption_paths(files, captions_dir, caption_format) if captions_dir else {}
            todo = [
                path
                for path in files
                if path == STDIN
                or path.resolve() not in done
                or (path in targets and not targets[path].exists())  # its captions are missing
            ]
            client = stack.enter_context(
                connect(mock, base_url, max_retries, debug, key, server, api, auth)
            )

            def show(error: BaseException, path: Path) -> None:
                report(error, debug, None if single else path)

            keep = single or output == "json"  # printed at the end, so kept till then
            printed = output if output in ("srt", "vtt") or not single else None
            batch = Batch(client, options, concurrency, results, printed, show, keep)
            batch.operation = operation
            batch.caption_files, batch.caption_format = targets, caption_format
            batch.no_timestamps_advice = advice
            if cap is not None:
                batch.max_cost = cap
                if resume and results is not None:  # the cap is the whole batch's
                    batch.spent_before = recorded_spend(results)
                batch.fetch_price = functools.partial(fetch_price, mock=mock, model=model)
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
        status, what = interrupted()
        if batch is not None and batch.finished:  # what was done and paid for
            say(batch.summary(len(todo), len(files) - len(todo)))
        say(what + (f"; every finished file is recorded in {out}" if out else ""))
        raise typer.Exit(status) from None
    except BrokenPipeError:
        raise  # stdout closed early (`| head`): click exits quietly
    except (MockError, ResultsError, OpenRouterSTTError, OSError) as error:
        die(error, debug)
    if not single or out is not None or batch.capped:
        say(batch.summary(len(todo), len(files) - len(todo)))
    left = len(todo) - batch.finished  # not started: --max-cost stopped the batch
    raise typer.Exit(batch_exit_code(batch, already_done=len(files) - len(todo), left=left))


def check_results_file(results: ResultsFile, resume: bool, overwrite: bool) -> None:
    """A results file holding records is resumed or overwritten, never silently added to."""
    if overwrite:
        results.truncate()
        return
    if resume:
        return
    count = sum(1 for _ in results.records())
    if count:
        raise typer.BadParameter(
            f"{results.path} already holds {count} record(s): add --resume to skip the "
            "files it records as done, --overwrite to start it afresh, or give another "
            "--out file",
            param_hint="--out",
        )


def print_at_end(records: list[dict[str, Any]], single: bool, output: Output) -> None:
    """A single file's transcript or record, or a batch's records as one JSON array."""
    if not single:
        emit(to_json(records, indent=2))
        return
    for record in records:
        if record["status"] == "ok" and output not in ("srt", "vtt"):  # captions: printed
            indent = 2 if output == "json" else None
            # A plain-text answer ends with its own newline; print adds one.
            text = record["text"].removesuffix("\n")
            emit(text if output == "text" else to_json(record, indent))


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


def batch_exit_code(batch: Batch, already_done: int, left: int = 0) -> int:
    if batch.fatal is not None:
        return exit_code(batch.fatal)
    codes = {exit_code(kind) for kind in batch.failed}
    if not codes:
        return EXIT_PARTIAL if left and batch.capped else 0
    if batch.ok + already_done:
        return EXIT_PARTIAL
    return next(code for code in (EXIT_AUTH, EXIT_API, EXIT_INPUT) if code in codes)
