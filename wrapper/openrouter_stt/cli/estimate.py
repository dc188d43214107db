"""``openrouter-stt estimate``: what a batch will cost, before any audio is sent.

A command of its own rather than ``transcribe --dry-run``: it sends nothing, takes none
of transcribe's output, caption or results options, and reads as what it does.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import anyio
import typer
from rich.console import Console
from rich.table import Table

from .. import DEFAULT_MODEL, AsyncClient, AudioError, OpenRouterSTTError
from .._estimate import CAVEATS, Estimate, Price, estimate, price_for, usd
from .._progress import clock
from ..mock import MockError
from ._shared import (
    BASE_URL,
    DEBUG,
    MOCK,
    PATHS,
    api,
    check_mock_or_url,
    check_readable,
    collect,
    command,
    die,
    interrupted,
    read_key_file,
    say,
    setup,
)
from .models import list_models
from .options import API_KEY_FILE, MODEL, SPLIT, check_model, parse_split


async def fetch_price(client: AsyncClient, mock: bool, model: str) -> Price:
    """The model's price from GET /models; a ConfigurationError when it is not listed."""
    from .. import ConfigurationError

    listed = await list_models(client, mock)
    price = price_for(listed, model)
    if price is None:
        raise ConfigurationError(
            f"GET /models does not list {model!r}, so its price is unknown; "
            "`openrouter-stt models` lists the slugs --model takes"
        )
    return price


def money(cost: Decimal | None) -> str:
    return "unknown" if cost is None else usd(cost)


def table(estimates: list[Estimate], price: Price) -> Table:
    view = Table(box=None, pad_edge=False, header_style="bold", show_footer=True)
    known = [e.cost for e in estimates if e.cost is not None]
    seconds = sum(e.seconds or 0 for e in estimates)
    unknown = sum(e.cost is None for e in estimates)
    total = money(sum(known, Decimal(0)) if known or not estimates else None)
    if unknown and known:
        total += f" + {unknown} unknown"
    view.add_column("file", footer=f"{len(estimates)} file(s), {price.model}")
    view.add_column("duration", justify="right", footer=clock(seconds))
    view.add_column("pieces", justify="right", footer=str(sum(e.pieces or 0 for e in estimates)))
    view.add_column("est. cost", justify="right", footer=total)
    view.add_column("note")
    for e in estimates:
        duration = "?" if e.seconds is None else clock(e.seconds)
        count = "?" if e.pieces is None else str(e.pieces)
        view.add_row(str(e.path), duration, count, money(e.cost), e.note)
    return view


def as_json(estimates: list[Estimate], price: Price) -> str:
    files = [
        {
            "path": str(e.path),
            "seconds": e.seconds,
            "pieces": e.pieces,
            "cost": None if e.cost is None else str(e.cost),
            "note": e.note or None,
        }
        for e in estimates
    ]
    known = [e.cost for e in estimates if e.cost is not None]
    total = {
        "model": price.model,
        "cost": str(sum(known, Decimal(0))),
        "files_without_estimate": sum(e.cost is None for e in estimates),
        "caveats": CAVEATS,
    }
    return json.dumps({"files": files, "total": total}, indent=2, ensure_ascii=False)


@command("estimate")
def estimate_command(
    paths: Annotated[list[Path], PATHS],
    model: Annotated[str, MODEL] = DEFAULT_MODEL,
    split: Annotated[str, SPLIT] = "auto",
    output: Annotated[
        Literal["table", "json"], typer.Option(metavar="[table|json]", help="Table or JSON.")
    ] = "table",
    base_url: Annotated[str | None, BASE_URL] = None,
    mock: Annotated[bool, MOCK] = False,
    api_key_file: Annotated[Path | None, API_KEY_FILE] = None,
    debug: Annotated[bool, DEBUG] = False,
) -> None:
    """Estimate what transcribing these files will cost, sending no audio.

    Each file's length is read from its header (any container with the [long] extra,
    WAV without it); the price is the model's, from GET /models.
    """
    setup(debug)
    check_mock_or_url(mock, base_url)
    check_model(model)
    chunk = parse_split(split)
    key = read_key_file(api_key_file)
    files, _ = collect(paths)
    try:
        if not files or Path("-") in files:
            raise AudioError("estimate needs files or folders of audio (not - for stdin)")
        check_readable(files)
        with api(mock, base_url, 2, debug, key) as client:

            async def price() -> Price:
                async with client:
                    return await fetch_price(client, mock, model)

            found = anyio.run(price)
        estimates = [estimate(path, found, chunk) for path in files]
    except KeyboardInterrupt:
        raise typer.Exit(interrupted()[0]) from None
    except (OpenRouterSTTError, MockError, OSError) as error:
        die(error, debug)
    if output == "json":
        print(as_json(estimates, found))
    else:
        # One line per file when piped (grep, sort); the terminal's width otherwise.
        width = None if sys.stdout.isatty() else 10_000
        console = Console(width=width, soft_wrap=False, highlight=False)
        with console.capture() as captured:
            console.print(table(estimates, found))
        print("\n".join(line.rstrip() for line in captured.get().splitlines()))
        print(f"Note: {CAVEATS}.")
    if found.unknown:
        say(f"{model}: {found.unknown}; no estimate is possible before transcribing")
