"""The request options beyond audio and model: checked before anything is sent, with
the allowed values read from the generated models (so from the spec).

- ``response_format`` and ``timestamp_granularities``: timestamps and speakers;
- ``extra_body``: fields the wrapper does not name yet, merged into the body;
- ``upload``: the JSON body (base64 audio) or ``multipart/form-data`` (raw audio, a
  quarter fewer bytes), and the rule ``auto`` follows to pick one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from . import _contract
from ._errors import AudioTooLargeError, ConfigurationError
from ._multipart import MULTIPART_MAX_BYTES

logger = logging.getLogger("openrouter_stt")

Upload = Literal["auto", "json", "multipart"]
UPLOADS: tuple[str, ...] = ("auto", "json", "multipart")


def check_response_format(value: Any) -> str | None:
    if value is None:
        return None
    allowed = _request_choices("response_format")
    if not isinstance(value, str) or (allowed is not None and value not in allowed):
        one_of = f"one of {', '.join(map(repr, allowed))}" if allowed else "a str"
        raise ConfigurationError(
            f"response_format must be {one_of} (or None for the API's default), not {value!r}"
        )
    return value


def check_granularities(value: Any, response_format: str | None) -> tuple[str, ...] | None:
    """The granularities as a tuple without repeats; one str counts as one value."""
    if value is None:
        return None
    allowed = _request_choices("timestamp_granularities")
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable) or isinstance(items, (bytes, Mapping)):
        items = [items]
    items = list(items)
    wrong = [
        item
        for item in items
        if not isinstance(item, str) or (allowed is not None and item not in allowed)
    ]
    if wrong or not items:
        one_of = ", ".join(map(repr, allowed)) if allowed else "str values"
        raise ConfigurationError(
            f"timestamp_granularities must hold one or more of {one_of}, not {value!r}"
        )
    if response_format != "verbose_json":
        raise ConfigurationError(
            f"timestamp_granularities={value!r} needs response_format='verbose_json' "
            "(the API returns timestamps only in that format)"
        )
    return tuple(dict.fromkeys(items))


def _request_choices(option: str) -> tuple[str, ...] | None:
    """The values the spec's JSON request allows for ``option`` (None: any of its type),
    or a ConfigurationError when the vendored spec has no such option."""
    from openrouter_stt_api.models import STTRequest

    if option not in _contract.fields(STTRequest):
        raise ConfigurationError(
            f"{option} is not an option of the API contract this openrouter-stt was built "
            f"with; upgrade openrouter-stt (or `make update-spec` in a checkout), or send "
            f"it as extra_body={{{option!r}: ...}}"
        )
    return _contract.choices(STTRequest, option)


def check_extra_body(extra_body: Any) -> dict[str, Any]:
    """``extra_body`` as a dict of JSON values, or a ConfigurationError saying what is not."""
    if extra_body is None:
        return {}
    if not isinstance(extra_body, Mapping):
        raise ConfigurationError(
            f"extra_body must be a mapping of field names to JSON values, "
            f"not a {type(extra_body).__name__}"
        )
    for key, value in extra_body.items():
        if not isinstance(key, str) or not key:
            raise ConfigurationError(f"extra_body: field names must be non-empty str, not {key!r}")
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise ConfigurationError(
                f"extra_body[{key!r}] must be a JSON value (str, number, bool, None, list, "
                f"dict): {error}"
            ) from None
    return dict(extra_body)


def check_collisions(extra: Mapping[str, Any], *bodies: Iterable[str]) -> None:
    """A field the wrapper sets itself cannot come from extra_body too."""
    taken = {name for body in bodies for name in body}
    clashes = sorted(name for name in extra if name in taken)
    if clashes:
        raise ConfigurationError(
            f"extra_body sets {', '.join(map(repr, clashes))}, which this call already sets "
            "from its own arguments; pass the value through the argument instead"
        )


def check_upload(upload: Any) -> Upload:
    if upload not in UPLOADS or not isinstance(upload, str):
        raise ConfigurationError(
            f"upload must be one of {', '.join(map(repr, UPLOADS))}, not {upload!r}"
        )
    return upload  # type: ignore[return-value]


def form_cannot_carry(options: Mapping[str, Any]) -> list[str] | None:
    """The options the spec's multipart form has no field, or no such value, for
    (by the generated model's attribute names); None when it documents no form."""
    form = _contract.model(_contract.MULTIPART_MODEL)
    if form is None:
        return None
    fields = _contract.fields(form)
    refused = []
    for name, value in sorted(options.items()):
        allowed = _contract.choices(form, name) if name in fields else ()
        values = value if isinstance(value, (list, tuple)) else [value]
        if allowed is not None and not all(item in allowed for item in values):
            refused.append(name if name not in fields else f"{name}={value!r}")
    return refused


def choose_upload(
    upload: Upload,
    *,
    audio_name: str,
    audio_size: int | None,
    options: Mapping[str, Any],
    extra: Mapping[str, Any],
) -> Literal["json", "multipart"]:
    """The body to send. ``auto``: multipart when the audio is known to be at most
    25 MB and the spec's multipart form can carry every option given; JSON otherwise
    (``extra_body`` fields count as having none: the wrapper cannot know them)."""
    if upload == "multipart":
        if audio_size is not None and audio_size > MULTIPART_MAX_BYTES:
            raise AudioTooLargeError(
                f"{audio_name} is {audio_size:,} bytes, over the multipart limit of "
                f"{MULTIPART_MAX_BYTES:,}: use upload='json' (or 'auto'), which sends "
                "larger audio as base64 JSON"
            )
        refused = form_cannot_carry(options)
        if refused is None:
            raise ConfigurationError(
                "upload='multipart': the API contract this openrouter-stt was built with "
                "documents no multipart/form-data request; use upload='json' (or 'auto')"
            )
        if refused:
            raise ConfigurationError(
                f"upload='multipart' cannot carry {', '.join(refused)}: the spec's "
                "multipart form has no field for it; use upload='json' (or 'auto')"
            )
        return "multipart"
    if upload == "json":
        return "json"
    why = None
    refused = form_cannot_carry(options)
    if refused is None:
        why = "the API contract documents no multipart request"
    elif audio_size is None:
        why = "the audio's size is unknown (a stream)"
    elif audio_size > MULTIPART_MAX_BYTES:
        why = f"the audio is over {MULTIPART_MAX_BYTES:,} bytes"
    elif refused:
        why = f"the multipart form has no field for {', '.join(refused)}"
    elif extra:
        why = "extra_body is given"
    chosen: Literal["json", "multipart"] = "json" if why else "multipart"
    logger.debug(
        "upload='auto': sending %s as %s%s",
        audio_name,
        chosen,
        f" ({why})" if why else " (a quarter fewer bytes than base64 JSON)",
    )
    return chosen
