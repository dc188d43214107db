"""What transcribing a file will cost, before anything is sent: its length from the
container's header (as the splitter reads it, decoding nothing), the pieces it would go
in, and the model's listed price. No network here; the caller brings the price.

A model listed with token prices (``prompt`` or ``completion`` above zero) is billed by
the transcript's length, which nobody knows before it exists: its files get no estimate.
Otherwise the ``audio`` price is taken per second of audio, as speech-to-text models are
listed (the answers' ``usage`` then reports ``seconds`` and ``cost`` at that rate), plus
the ``request`` price per request, so per piece.
"""

from __future__ import annotations

import math
import os
import wave
from decimal import Decimal
from pathlib import Path

import attrs

from . import _split
from ._errors import AudioError
from ._long import DEFAULT_MAX_CHUNK_SECONDS
from ._models import Model
from ._multipart import MULTIPART_MAX_BYTES

#: What an estimate cannot know, for the foot of any table of estimates.
CAVEATS = (
    "an estimate from the model's listed price: the provider OpenRouter routes each "
    "request to may charge another rate, a long recording cut at silences may take a "
    "piece more, and a token-priced model's cost depends on the transcript"
)


@attrs.frozen
class Price:
    """A model's price as an estimate can use it."""

    model: str
    per_second: Decimal | None
    per_request: Decimal
    #: Why files of this model get no estimate (token-priced, a price that is text).
    unknown: str | None = None

    @classmethod
    def of(cls, model: Model) -> Price:
        prices = model.pricing

        def number(name: str) -> Decimal | None:
            value = prices.get(name, Decimal(0))
            return value if isinstance(value, Decimal) else None

        per_second, per_request = number("audio"), number("request")
        tokens = [number("prompt"), number("completion")]
        if per_second is None or per_request is None or None in tokens:
            return cls(model.id, None, Decimal(0), "its listed price is not a number")
        if any(tokens):
            why = "token-priced: the cost depends on the transcript's length"
            return cls(model.id, None, per_request, why)
        return cls(model.id, per_second, per_request)


@attrs.frozen
class Estimate:
    """One file's length, pieces and estimated cost (None: unknown, ``note`` says why)."""

    path: Path
    seconds: float | None
    pieces: int | None
    cost: Decimal | None
    note: str = ""


def usd(value: Decimal | float) -> str:
    """Dollars to the micro-dollar, without trailing zeros past the cents: $1.50,
    $0.000308; a price per second is that small."""
    text = f"{Decimal(str(value)).quantize(Decimal('0.000001')):f}".rstrip("0")
    whole, _, cents = text.partition(".")
    return f"${whole}.{cents.ljust(2, '0')}"


def price_for(models: list[Model], slug: str) -> Price | None:
    """The price of ``slug`` among ``models``; None when the list does not name it."""
    model = next((m for m in models if m.id == slug), None)
    return Price.of(model) if model is not None else None


def length(path: Path) -> tuple[float | None, str]:
    """(seconds, "") from the file's header; (None, why) when it cannot be read.

    With PyAV (the ``long`` extra) any container the splitter opens; without it only
    WAV, whose header the standard library reads."""
    if _split.available():
        try:
            seconds = _split.duration(path)
        except AudioError as error:
            return None, str(error)
        return (seconds, "") if seconds is not None else (None, "its header gives no length")
    try:
        with wave.open(os.fspath(path), "rb") as file:
            return file.getnframes() / file.getframerate(), ""
    except (wave.Error, EOFError, ZeroDivisionError, OSError):
        return None, f"length unknown without PyAV: {_split.EXTRA}"


def pieces(seconds: float, size: int, split: str | float) -> int:
    """The requests a file of ``seconds`` and ``size`` bytes would take with ``split``."""
    if split == "never" or not _split.available():
        return 1  # sent whole: without PyAV nothing is split
    most = DEFAULT_MAX_CHUNK_SECONDS if split == "auto" else float(split)
    if split == "auto" and seconds <= most and size <= MULTIPART_MAX_BYTES:
        return 1
    return max(1, math.ceil(seconds / most))


def estimate(path: Path, price: Price, split: str | float = "auto") -> Estimate:
    """One file's estimate; reads its header, never its audio."""
    seconds, why = length(path)
    if seconds is None:
        return Estimate(path, None, None, None, why)
    try:
        size = path.stat().st_size
    except OSError as error:
        return Estimate(path, None, None, None, f"cannot read it ({error.strerror})")
    count = pieces(seconds, size, split)
    if price.per_second is None:
        return Estimate(path, seconds, count, None, price.unknown or "")
    cost = price.per_second * Decimal(str(seconds)) + price.per_request * count
    return Estimate(path, seconds, count, cost)
