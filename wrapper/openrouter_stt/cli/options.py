"""Options of the commands that send audio, and how their values are read and checked
before anything starts (a mock, a request)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import typer

from .. import DEFAULT_MODEL, _split
from .._split import MIN_CHUNK_SECONDS

Granularity = Literal["word", "segment"]
Api = Literal["openrouter", "openai"]
Auth = Literal["bearer", "raw"]

API = typer.Option(
    "--api",
    metavar="openrouter|openai",
    help="openai: any OpenAI-compatible server (OpenAI, OneRouter, Groq, a local one), "
    "key from OPENAI_API_KEY, base URL from --base-url or OPENAI_BASE_URL.",
)
AUTH = typer.Option(
    "--auth",
    metavar="bearer|raw",
    help="With --api openai: send the key as 'Bearer KEY' or bare (OneRouter's way).",
)
PROMPT = typer.Option(
    "--prompt", metavar="TEXT", help="With --api openai: text to guide the model's style."
)

MODEL = typer.Option(
    metavar="SLUG",
    help=f"Model slug, e.g. {DEFAULT_MODEL}; with --api openai the server's id "
    "(default whisper-1).",
)
SPLIT = typer.Option(
    metavar="auto|never|SECONDS", help="Long audio: auto, never, or SECONDS per piece."
)
# Options transcribe and translate share, word for word.
FORMAT = typer.Option("--format", metavar="FORMAT", help="Container, e.g. mp3; else sniffed.")
TEMPERATURE = typer.Option(metavar="FLOAT", help="Sampling temperature, e.g. 0 (most literal).")
CAPTIONS_DIR = typer.Option(metavar="DIR", help="Write a caption file per audio file here.")
CAPTION_FORMAT = typer.Option(metavar="[srt|vtt]", help="For --captions-dir; default srt.")
OUT = typer.Option(metavar="FILE", help="Record a JSON line per file here.")
RESUME = typer.Option("--resume", help="Skip the files --out records as done.")
OVERWRITE = typer.Option("--overwrite", help="Start --out afresh, dropping its records.")
CONCURRENCY = typer.Option(min=1, metavar="N", help="Files in flight.")
MAX_RETRIES = typer.Option(min=0, metavar="N", help="Retries per request.")
MAX_CONCURRENCY = typer.Option(min=1, metavar="N", help="Pieces of one long recording in flight.")
API_KEY_FILE = typer.Option(
    metavar="PATH",
    help="Read the API key from this file (else OPENROUTER_API_KEY). "
    "Not an option for the key itself: other users see arguments in the process list.",
)


def check_model(model: str) -> None:
    if not model.strip():
        raise typer.BadParameter(
            f"name a model slug, e.g. {DEFAULT_MODEL} (`openrouter-stt models` lists them)",
            param_hint="--model",
        )


def check_language(language: str | None) -> None:
    if language is not None and not language.strip():
        raise typer.BadParameter("name an ISO-639-1 code, e.g. en", param_hint="--language")


def parse_split(value: str) -> str | float:
    """--split as transcribe() takes it; a usage error (exit 2) for anything else, and
    for a number of seconds without the [long] extra, which cutting needs."""
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
    if not _split.available():
        raise typer.BadParameter(
            f"cutting audio into pieces needs PyAV and numpy, which are not installed: "
            f"{_split.EXTRA}",
            param_hint="--split",
        )
    return seconds


def parse_max_cost(value: str | None) -> Decimal | None:
    """--max-cost in USD: a number above zero."""
    if value is None:
        return None
    try:
        cost = Decimal(value.strip().removeprefix("$"))
    except InvalidOperation:
        cost = Decimal(0)
    if not cost.is_finite() or cost <= 0:
        raise typer.BadParameter(
            f"give a cost in USD above zero, e.g. 5 or 0.50, not {value!r}",
            param_hint="--max-cost",
        )
    return cost


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


def timestamp_options(asked: Granularity | None, captions: bool) -> dict[str, Any]:
    """response_format and timestamp_granularities for --timestamps; captions want word
    timestamps. Segments come along with words, for models that give no words."""
    if asked is None and not captions:
        return {"response_format": None, "timestamp_granularities": None}
    granularities = ["segment"] if asked == "segment" else ["word", "segment"]
    return {"response_format": "verbose_json", "timestamp_granularities": granularities}


def openai_formats(
    output: str, timestamps: Granularity | None, captions: bool, operation: str
) -> dict[str, Any]:
    """The response_format (and timestamps) to ask an OpenAI-compatible server for:
    the one --output prints where the API has it (text, srt, vtt), timestamps for
    --timestamps or caption files, the API's default (json) otherwise."""
    if output in ("srt", "vtt", "text") and not (timestamps or (captions and output == "text")):
        return {"response_format": output}
    if timestamps or captions:
        asked = timestamp_options(timestamps, True)
        if operation == "translate":  # translations have segments, but no granularities
            asked["timestamp_granularities"] = None
        return asked
    return {}


def check_api_options(
    api: Api, *, prompt: str | None, auth: Auth, provider_option: list[str] | None, upload: str
) -> None:
    """Options one API has and the other lacks, refused with what to use instead."""
    if api == "openai":
        if provider_option:
            raise typer.BadParameter(
                "provider options are OpenRouter's; an OpenAI-compatible server takes "
                "--prompt and --temperature",
                param_hint="--provider-option",
            )
        if upload != "auto":
            raise typer.BadParameter(
                "OpenAI-compatible servers take multipart uploads only", param_hint="--upload"
            )
        return
    if prompt is not None:
        raise typer.BadParameter(
            "--prompt needs --api openai; through OpenRouter a prompt is a provider's "
            "option, e.g. --provider-option groq.prompt=TEXT",
            param_hint="--prompt",
        )
    if auth != "bearer":
        raise typer.BadParameter("--auth raw needs --api openai", param_hint="--auth")
