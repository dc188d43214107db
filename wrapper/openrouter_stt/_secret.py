"""``Secret``: the API key, held so that nothing that prints objects shows it."""

from __future__ import annotations

from typing import Any


class Secret:
    """A value that a repr, ``str()``, a log line or a traceback's locals never show.

    Not a ``str`` subclass: tools that capture locals (Sentry, ``pytest -l``, rich)
    serialise a str by its contents whatever its repr says. ``reveal()`` is the one way
    to the value, used where the ``Authorization`` header is built.
    """

    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        self._value = value.reveal() if isinstance(value, Secret) else value

    def reveal(self) -> Any:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)
