"""The Prism mock serving the normalised spec: it validates requests and serves every
documented status and named example of every operation.

The canaries fail if Prism silently stops validating request bodies (it does so when it
reads upstream's raw openapi.yaml, whose 3.0-style `nullable` breaks its 3.1 validator).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ._spec import (
    AUTH,
    OPERATION_EXAMPLES,
    OPERATION_STATUSES,
    OPERATIONS,
    PATH,
    SPEC,
    TIMEOUT,
    TRANSCRIPTION,
    VALID_BODY,
    Operation,
    cases,
)

REQUIRED = SPEC["components"]["schemas"]["STTRequest"]["required"]


@pytest.fixture(scope="module")
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=TIMEOUT) as client:
        yield client


def post(http: httpx.Client, body: dict[str, Any], **headers: str) -> httpx.Response:
    return http.post(PATH, json=body, headers={**AUTH, **headers})


def call(http: httpx.Client, operation: Operation, **headers: str) -> httpx.Response:
    """A request ``operation`` accepts, with extra headers (e.g. ``Prefer``)."""
    return http.request(
        operation.method.upper(),
        operation.path,
        headers={**AUTH, **headers},
        **operation.valid_request(),
    )


def test_valid_request_is_answered_with_the_default_example(http: httpx.Client) -> None:
    response = post(http, VALID_BODY)
    assert response.status_code == 200
    assert response.json() == TRANSCRIPTION.default_example(200)


@pytest.mark.parametrize("field", REQUIRED)
def test_body_missing_a_required_field_is_rejected_with_400(http: httpx.Client, field: str) -> None:
    body = {key: value for key, value in VALID_BODY.items() if key != field}
    assert post(http, body).status_code == 400


def test_temperature_as_a_string_is_rejected_with_400(http: httpx.Client) -> None:
    assert post(http, {**VALID_BODY, "temperature": "0.2"}).status_code == 400


def test_request_without_authorization_is_rejected_with_401(http: httpx.Client) -> None:
    response = http.post(PATH, json=VALID_BODY)
    assert response.status_code == 401
    assert response.json() == TRANSCRIPTION.default_example(401)


@pytest.mark.parametrize(("operation", "name"), cases(OPERATION_EXAMPLES))
def test_named_example_is_served_with_prefer_example(
    http: httpx.Client, operation: Operation, name: str
) -> None:
    response = call(http, operation, Prefer=f"example={name}")
    assert response.status_code == 200
    assert response.json() == operation.examples(200)[name]["value"]


@pytest.mark.parametrize(("operation", "status"), cases(OPERATION_STATUSES))
def test_documented_status_is_served_with_prefer_code(
    http: httpx.Client, operation: Operation, status: int
) -> None:
    response = call(http, operation, Prefer=f"code={status}")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == operation.default_example(status)


def test_request_validation_wins_over_prefer_code(http: httpx.Client) -> None:
    # An invalid body cannot be dressed up as a success: tests that force a status still
    # have to send a contract-valid request.
    assert post(http, {"model": "m"}, Prefer="code=200").status_code == 400


#: (operation, name) of every query parameter whose schema is an enum without "".
ENUM_QUERY_PARAMETERS = [
    (operation, parameter["name"])
    for operation in OPERATIONS
    for parameter in operation.spec.get("parameters", [])
    if parameter["in"] == "query" and "" not in parameter["schema"].get("enum", [""])
]


@pytest.mark.parametrize(("operation", "name"), cases(ENUM_QUERY_PARAMETERS))
def test_an_empty_enum_query_value_is_rejected(
    http: httpx.Client, operation: Operation, name: str
) -> None:
    # mock/patches: Prism took `?category=` for an absent parameter and served 200.
    response = http.request(
        operation.method.upper(), operation.path, params={name: ""}, headers=AUTH
    )
    assert response.status_code == 400
