"""``openrouter-stt translate``: audio in any language to English text, through an
OpenAI-compatible server's ``/audio/translations`` (OpenRouter has no such endpoint).
Files, folders, batches, records and output work as ``transcribe``'s do."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._batch import Output
from .._caption_files import CaptionFormat
from ._shared import BASE_URL, DEBUG, MOCK, PATHS, command
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
)
from .transcribe import run


@command()
def translate(
    paths: Annotated[list[Path], PATHS],
    model: Annotated[str | None, MODEL] = None,
    prompt: Annotated[str | None, PROMPT] = None,
    format: Annotated[str | None, FORMAT] = None,
    temperature: Annotated[float | None, TEMPERATURE] = None,
    output: Annotated[
        Output,
        typer.Option(
            metavar="[text|json|jsonl|srt|vtt]",
            help="What to print on stdout; the server is asked for text, srt or vtt.",
        ),
    ] = "text",
    captions_dir: Annotated[Path | None, CAPTIONS_DIR] = None,
    caption_format: Annotated[CaptionFormat | None, CAPTION_FORMAT] = None,
    out: Annotated[Path | None, OUT] = None,
    resume: Annotated[bool, RESUME] = False,
    overwrite: Annotated[bool, OVERWRITE] = False,
    concurrency: Annotated[int, CONCURRENCY] = 4,
    base_url: Annotated[str | None, BASE_URL] = None,
    api: Annotated[Api, API] = "openai",
    auth: Annotated[Auth, AUTH] = "bearer",
    api_key_file: Annotated[Path | None, API_KEY_FILE] = None,
    mock: Annotated[bool, MOCK] = False,
    mock_example: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="With --mock: the mock's answer to give."),
    ] = None,
    max_retries: Annotated[int, MAX_RETRIES] = 2,
    split: Annotated[str, SPLIT] = "auto",
    max_concurrency: Annotated[int, MAX_CONCURRENCY] = 4,
    debug: Annotated[bool, DEBUG] = False,
) -> None:
    """Translate audio files, folders of them, or stdin into English text.

    Needs an OpenAI-compatible server (--api openai, the default here): the key is
    read from OPENAI_API_KEY or --api-key-file, the base URL from --base-url or
    OPENAI_BASE_URL (else OpenAI's). OneRouter wants --auth raw.
    """
    if api != "openai":
        raise typer.BadParameter(
            "OpenRouter has no translation endpoint; use --api openai with an "
            "OpenAI-compatible server (or transcribe)",
            param_hint="--api",
        )
    run(
        "translate",
        paths=paths,
        model=model,
        language=None,
        format=format,
        temperature=temperature,
        provider_option=None,
        output=output,
        timestamps=None,
        upload="auto",
        captions_dir=captions_dir,
        caption_format=caption_format,
        out=out,
        resume=resume,
        overwrite=overwrite,
        concurrency=concurrency,
        max_cost=None,
        base_url=base_url,
        api=api,
        auth=auth,
        prompt=prompt,
        api_key_file=api_key_file,
        mock=mock,
        mock_example=mock_example,
        max_retries=max_retries,
        split=split,
        max_concurrency=max_concurrency,
        debug=debug,
    )
