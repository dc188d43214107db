"""Model discovery from ``GET /models``: the request, its pages and the typed ``Model``.

Both clients' ``list_models()`` stand on ``ModelListing``: it says which page to ask for
next and turns each answer into models, so the clients only send. No I/O here.

Answers are read tolerantly: a field of the wrong type is kept in ``Model.extra`` rather
than lost or raised on, a malformed entry is skipped with a warning, and only an answer
that is not a list of models at all (HTML from a proxy, a truncated body) raises
``APIResponseError``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs
import httpx

from ._errors import APIResponseError, ConfigurationError, error_from_response
from ._request import ClientConfig, keyed_headers

logger = logging.getLogger("openrouter_stt")

#: What ``list_models()`` asks for unless told otherwise: speech-to-text models.
DEFAULT_OUTPUT_MODALITIES = "transcription"
#: A guard against an API that keeps pointing to new pages.
MAX_PAGES = 1000

_TYPED = {"id": str, "name": str, "description": str, "context_length": int, "created": int}


def parse_price(value: Any) -> Any:
    """A price as exact as upstream wrote it: a decimal string or a JSON number becomes a
    ``Decimal``; any other text stays text; anything else (e.g. a list of overrides) as is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, str)):
        try:
            price = Decimal(str(value).strip())
        except InvalidOperation:
            return value
        return price if price.is_finite() else value
    return value


@attrs.frozen
class Model:
    """One model as ``GET /models`` describes it.

    ``pricing`` maps each price upstream gives (``prompt``, ``completion``, ``request``,
    ``audio``, ...) to a ``Decimal`` (USD, exact), or to the text upstream sent when it
    is not a number. Every other field (``architecture``, ``canonical_slug``,
    ``top_provider``, fields the API adds later) is kept in ``extra``.
    """

    id: str
    name: str | None = None
    description: str | None = None
    pricing: dict[str, Any] = attrs.field(factory=dict)
    context_length: int | None = None
    created: int | None = None  # Unix time
    extra: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Model:
        """A model from one entry of the answer's ``data``; ``id`` must be a non-empty str."""
        fields: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in data.items():
            wanted = _TYPED.get(key)
            if wanted is not None and isinstance(value, wanted) and not isinstance(value, bool):
                fields[key] = value
            elif key == "pricing" and isinstance(value, Mapping):
                fields[key] = {str(name): parse_price(price) for name, price in value.items()}
            elif not (wanted is not None and value is None):
                extra[key] = value
        if not fields.get("id", "").strip():
            raise ValueError("no model id")
        return cls(**fields, extra=extra)

    def prices(self) -> dict[str, Decimal | str]:
        """The prices that are not zero: Decimals above 0, and text that is not a number."""
        return {
            name: price
            for name, price in self.pricing.items()
            if (isinstance(price, Decimal) and price != 0) or isinstance(price, str)
        }

    def to_dict(self) -> dict[str, Any]:
        """The model as upstream's JSON shape, prices as exact decimal strings."""
        typed = {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "context_length": self.context_length,
            "created": self.created,
            "pricing": {
                name: str(price) if isinstance(price, Decimal) else price
                for name, price in self.pricing.items()
            },
        }
        # A field kept in extra (upstream sent it with another type) shows as it came.
        return {**typed, **self.extra}


def _output_modalities(value: str | Sequence[str] | None) -> str | None:
    if value is None:
        return None
    is_list = not isinstance(value, str) and isinstance(value, Sequence)
    if is_list and all(isinstance(item, str) for item in value):
        value = ",".join(item.strip() for item in value)
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(
            "output_modalities must be a modality such as 'transcription' or 'text', a list "
            f"of them, 'all', or None for the API's default, not {value!r}"
        )
    return value.strip()


@attrs.define
class ModelListing:
    """One ``list_models()`` call: the pages to request and the models read so far."""

    url: str
    headers: httpx.Headers = attrs.field(repr=False)
    params: dict[str, str]
    models: list[Model] = attrs.field(factory=list)
    _pending: dict[str, str] | None = None
    _requested: list[dict[str, str]] = attrs.field(factory=list)
    _ids: set[str] = attrs.field(factory=set)

    @classmethod
    def start(
        cls,
        config: ClientConfig,
        *,
        output_modalities: str | Sequence[str] | None,
        extra_headers: Mapping[str, str] | None,
    ) -> ModelListing:
        """Validate the arguments; raises before any I/O, naming what is wrong."""
        modalities = _output_modalities(output_modalities)
        params = {} if modalities is None else {"output_modalities": modalities}
        headers = keyed_headers(config, extra_headers)
        del headers["Content-Type"]  # a GET has no body
        # No offset or limit: upstream then answers with the whole list on one page.
        return cls(f"{config.base_url}/models", headers, params, pending=params)

    def next_params(self) -> dict[str, str] | None:
        """The query of the next page to request, or None when the listing is complete."""
        params, self._pending = self._pending, None
        if params is not None:
            self._requested.append(params)
        return params

    def add(self, response: httpx.Response) -> None:
        """Read one answer: its models, and where the next page is, if anywhere."""
        if not response.is_success:
            raise error_from_response(response.status_code, response.headers, response.text)
        entries, next_url = _read_page(response)
        for index, entry in enumerate(entries):
            try:
                model = Model.from_dict(entry) if isinstance(entry, Mapping) else None
            except ValueError:
                model = None
            if model is None:
                logger.warning(
                    "GET /models: skipped entry %d, which is not a model with an id", index
                )
            elif model.id not in self._ids:
                self._ids.add(model.id)
                self.models.append(model)
        if next_url and entries:
            self._follow(next_url)

    def _follow(self, next_url: str) -> None:
        # Upstream's links are paths under its own host ("/api/v1/models?offset=500&..."),
        # so only the query is taken, and asked of this client's base_url.
        params = {**self.params, **dict(parse_qsl(urlsplit(next_url).query))}
        if params in self._requested:
            logger.warning("GET /models: the next page is one already read; stopping there")
        elif len(self._requested) >= MAX_PAGES:
            logger.warning("GET /models: stopped after %d pages", MAX_PAGES)
        else:
            self._pending = params


def _read_page(response: httpx.Response) -> tuple[list[Any], str | None]:
    """(the entries of ``data``, the next page's link) from a 2xx answer."""
    body = response.text

    def fail(why: str) -> APIResponseError:
        return APIResponseError(
            f"GET /models answered {response.status_code} but {why}: {body[:200]!r}",
            status_code=response.status_code,
            body=body,
        )

    try:
        page = json.loads(body)
    except ValueError:
        if body.lstrip()[:1] == "<":
            raise fail("with an HTML page, not JSON (a proxy, or a wrong base_url?)") from None
        raise fail("the body is not JSON (truncated?)") from None
    except RecursionError:
        raise fail("the body is nested too deeply to read") from None
    if not isinstance(page, dict) or not isinstance(page.get("data"), list):
        raise fail("the body has no `data` list of models")
    links = page.get("links")
    next_url = links.get("next") if isinstance(links, dict) else None
    return page["data"], next_url if isinstance(next_url, str) and next_url else None
