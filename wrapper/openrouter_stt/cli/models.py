"""``openrouter-stt models``: the slugs ``--model`` takes, with their prices."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import anyio
import typer

from .. import AsyncClient, OpenRouterSTTError
from .._model_table import print_models, search
from .._models import DEFAULT_OUTPUT_MODALITIES, Model
from ..mock import MockError
from ._shared import (
    BASE_URL,
    DEBUG,
    MOCK,
    MOCK_MODELS,
    api,
    check_mock_or_url,
    command,
    die,
    interrupted,
    say,
    setup,
)


async def list_models(
    client: AsyncClient, mock: bool, output_modalities: str = DEFAULT_OUTPUT_MODALITIES
) -> list[Model]:
    """The models the API lists; the mock's named list of speech-to-text models with --mock."""
    headers = {"Prefer": f"example={MOCK_MODELS}"} if mock else None
    return await client.list_models(output_modalities=output_modalities, extra_headers=headers)


@command()
def models(
    search_text: Annotated[
        str | None,
        typer.Option("--search", metavar="TEXT", help="Only ids or names containing this."),
    ] = None,
    output: Annotated[
        Literal["table", "json"], typer.Option(metavar="[table|json]", help="Table or JSON.")
    ] = "table",
    output_modalities: Annotated[
        str, typer.Option(metavar="LIST", help="e.g. transcription, text, audio,text, all.")
    ] = DEFAULT_OUTPUT_MODALITIES,
    base_url: Annotated[str | None, BASE_URL] = None,
    mock: Annotated[bool, MOCK] = False,
    max_retries: Annotated[int, typer.Option(min=0, metavar="N", help="Retries per page.")] = 2,
    debug: Annotated[bool, DEBUG] = False,
) -> None:
    """List the models transcribe --model takes, with their non-zero prices in USD.

    Speech-to-text models, unless --output-modalities asks for others.
    """
    setup(debug)
    check_mock_or_url(mock, base_url)

    async def fetch(client: AsyncClient) -> list[Any]:
        async with client:
            return await list_models(client, mock, output_modalities)

    try:
        with api(mock, base_url, max_retries, debug) as client:
            found = search(anyio.run(fetch, client), search_text)
    except KeyboardInterrupt:
        raise typer.Exit(interrupted()[0]) from None
    except (OpenRouterSTTError, MockError, OSError) as error:
        die(error, debug)
    print_models(found, output)
    if not found and output == "table":
        say("no models" + (f" matching {search_text!r}" if search_text else ""))
