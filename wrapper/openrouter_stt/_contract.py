"""What the vendored contract offers, asked of the generated client at run time.

``make update-spec`` may vendor any upstream version, older or newer than the one this
wrapper was written against. Models, fields and enums that a version lacks are
reported as absent here, so the wrapper refuses the option with a clear error (or
takes another way) instead of failing with an ImportError.
"""

from __future__ import annotations

import enum
import functools
import importlib
import re
import sys
from collections.abc import Mapping
from typing import Any

import attrs

#: The generated model of the ``multipart/form-data`` request (named after the operation).
MULTIPART_MODEL = "CreateAudioTranscriptionsFilesBody"


@functools.cache
def model(name: str, package: str = "openrouter_stt_api") -> Any | None:
    """The generated model called ``name`` in ``package`` (one per contract), or None
    when that contract has no such schema."""
    models = importlib.import_module(f"{package}.models")
    return getattr(models, name, None)


@functools.cache
def fields(cls: type) -> frozenset[str]:
    """The attribute names of a generated model's documented fields."""
    return frozenset(attrs.fields_dict(cls)) - {"additional_properties"}


@functools.cache
def enum_type(cls: type, field: str) -> type[enum.Enum] | None:
    """The enum a field (or each item of a list field) is typed with, or None.

    Generated modules postpone their annotations, so the type is a string; the enums it
    names are imported at the top of the model's module, where they are looked up.
    """
    annotation = str(attrs.fields_dict(cls)[field].type)
    namespace = vars(sys.modules[cls.__module__])
    for name in re.findall(r"\w+", annotation):
        found = namespace.get(name)
        if isinstance(found, type) and issubclass(found, enum.Enum):
            return found
    return None


def choices(cls: type, field: str) -> tuple[str, ...] | None:
    """The values an enum-typed field allows; None when any value of its type goes."""
    kind = enum_type(cls, field)
    return None if kind is None else tuple(member.value for member in kind)


def closed_choices(cls: type, field: str) -> tuple[str, ...] | None:
    """Like ``choices``, but None when the field also takes any str (``anyOf`` of a
    string and an enum of the known values, as a model id is typed)."""
    if re.search(r"\bstr\b", str(attrs.fields_dict(cls)[field].type)):
        return None
    return choices(cls, field)


def build(cls: type, values: Mapping[str, Any]) -> Any:
    """A generated model from plain values by attribute name, enum fields converted."""
    converted: dict[str, Any] = {}
    for name, value in values.items():
        kind = enum_type(cls, name)
        if kind is not None:
            value = (
                [kind(item) for item in value] if isinstance(value, (list, tuple)) else kind(value)
            )
        converted[name] = value
    return cls(**converted)
