"""The generated client (openrouter_stt_api) parses every documented response from the mock."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from openrouter_stt_api import AuthenticatedClient, models
from openrouter_stt_api.api.stt import create_audio_transcriptions
from openrouter_stt_api.types import Response

from ._spec import ERROR_STATUSES, EXAMPLES_200, TIMEOUT, VALID_BODY, default_example, schema_name

Call = Callable[[str], Response]


@pytest.fixture
def call(base_url: str) -> Iterator[Call]:
    """POST the valid body through the generated client with a given ``Prefer`` header."""
    clients: list[AuthenticatedClient] = []

    def send(prefer: str) -> Response:
        client = AuthenticatedClient(
            base_url=base_url,
            token="test",
            timeout=httpx.Timeout(TIMEOUT),
            headers={"Prefer": prefer},
        )
        clients.append(client)
        return create_audio_transcriptions.sync_detailed(
            client=client, body=models.STTRequest.from_dict(VALID_BODY)
        )

    yield send
    for client in clients:
        client.get_httpx_client().close()


@pytest.mark.parametrize("name", sorted(EXAMPLES_200))
def test_200_parses_into_stt_response(call: Call, name: str) -> None:
    response = call(f"example={name}")
    example = EXAMPLES_200[name]["value"]
    assert response.status_code == 200
    assert isinstance(response.parsed, models.STTResponse)
    assert response.parsed.text == example["text"]
    assert response.parsed.to_dict() == example  # nothing lost, extra usage fields included


@pytest.mark.parametrize("status", ERROR_STATUSES)
def test_error_status_parses_into_its_model(call: Call, status: int) -> None:
    response = call(f"code={status}")  # 524 and 529 included: HTTPStatus() does not know them
    assert response.status_code == status
    assert type(response.parsed).__name__ == schema_name(status)
    assert response.parsed.to_dict() == default_example(status)
