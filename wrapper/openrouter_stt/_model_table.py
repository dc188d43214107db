"""How ``openrouter-stt models`` shows models: a search filter, a table and JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

from ._models import Model


def search(models: Iterable[Model], text: str | None) -> list[Model]:
    """The models whose id or name contains ``text``, ignoring case; all without one."""
    if not text:
        return list(models)
    needle = text.casefold()
    return [m for m in models if needle in m.id.casefold() or needle in (m.name or "").casefold()]


def table(models: list[Model]) -> Table:
    """id, name, and a column per price that is not zero for at least one model, in the
    order upstream lists prices."""
    shown = {name for model in models for name in model.prices()}
    columns = [n for n in dict.fromkeys(n for m in models for n in m.pricing) if n in shown]
    view = Table(box=None, pad_edge=False, header_style="bold")
    view.add_column("id", no_wrap=True)
    view.add_column("name")
    for name in columns:
        view.add_column(f"{name} $", justify="right", no_wrap=True)
    for model in models:
        prices = model.prices()
        view.add_row(model.id, model.name or "", *(str(prices.get(name, "")) for name in columns))
    return view


def print_models(models: list[Model], output: str) -> None:
    if output == "json":
        print(json.dumps([model.to_dict() for model in models], indent=2, ensure_ascii=False))
    elif models:
        # One line per model when piped (grep, sort); the terminal's width otherwise.
        width = None if sys.stdout.isatty() else 10_000
        Console(width=width, soft_wrap=False, highlight=False).print(table(models))
