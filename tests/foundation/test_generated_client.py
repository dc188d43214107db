"""The generated client (openrouter_stt_api) parses every documented response of every
operation from the mock."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from types import ModuleType

import httpx
import pytest

import openrouter_stt_api.api
from openrouter_stt_api import AuthenticatedClient, models
from openrouter_stt_api.types import Response

from ._spec import (
    JSON,
    OPERATION_EXAMPLES,
    OPERATION_STATUSES,
    OPERATIONS,
    TIMEOUT,
    Operation,
    cases,
)

Call = Callable[[Operation, str], Response]


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def endpoint_module(operation: Operation) -> ModuleType:
    """The generated module of an operation: ``api/<tag>/<operation_id>.py``."""
    wanted = snake(operation.spec["operationId"])
    found = [
        info.name
        for info in pkgutil.walk_packages(
            openrouter_stt_api.api.__path__, "openrouter_stt_api.api."
        )
        if info.name.rsplit(".", 1)[-1] == wanted
    ]
    assert len(found) == 1, f"{operation}: no single generated module named {wanted}: {found}"
    return importlib.import_module(found[0])


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_every_operation_has_its_generated_module(operation: Operation) -> None:
    assert callable(endpoint_module(operation).sync_detailed)


@pytest.fixture
def call(base_url: str) -> Iterator[Call]:
    """Call an operation through the generated client with a given ``Prefer`` header:
    its JSON body example (as the generated request model) if it takes one."""
    clients: list[AuthenticatedClient] = []

    def send(operation: Operation, prefer: str) -> Response:
        client = AuthenticatedClient(
            base_url=base_url,
            token="test",
            timeout=httpx.Timeout(TIMEOUT),
            headers={"Prefer": prefer},
        )
        clients.append(client)
        arguments = {}
        if body := operation.valid_request().get("json"):
            media = operation.spec["requestBody"]["content"][JSON]
            model = getattr(models, media["schema"]["$ref"].rsplit("/", 1)[-1])
            arguments["body"] = model.from_dict(body)
        return endpoint_module(operation).sync_detailed(client=client, **arguments)

    yield send
    for client in clients:
        client.get_httpx_client().close()


@pytest.mark.parametrize(("operation", "name"), cases(OPERATION_EXAMPLES))
def test_200_parses_into_its_model(call: Call, operation: Operation, name: str) -> None:
    response = call(operation, f"example={name}")
    example = operation.examples(200)[name]["value"]
    assert response.status_code == 200
    assert type(response.parsed).__name__ == operation.schema_name(200)
    assert response.parsed.to_dict() == example  # nothing lost, extra fields included


@pytest.mark.parametrize(
    ("operation", "status"),
    cases([(operation, status) for operation, status in OPERATION_STATUSES if status >= 400]),
)
def test_error_status_parses_into_its_model(call: Call, operation: Operation, status: int) -> None:
    response = call(
        operation, f"code={status}"
    )  # 524 and 529 included: HTTPStatus() does not know them
    assert response.status_code == status
    assert type(response.parsed).__name__ == operation.schema_name(status)
    assert response.parsed.to_dict() == operation.default_example(status)
