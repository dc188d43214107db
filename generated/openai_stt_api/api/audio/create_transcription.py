from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_transcription_request import CreateTranscriptionRequest
from ...models.create_transcription_response_diarized_json import (
    CreateTranscriptionResponseDiarizedJson,
)
from ...models.create_transcription_response_json import CreateTranscriptionResponseJson
from ...models.create_transcription_response_verbose_json import (
    CreateTranscriptionResponseVerboseJson,
)
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: CreateTranscriptionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/audio/transcriptions",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    CreateTranscriptionResponseDiarizedJson
    | CreateTranscriptionResponseJson
    | CreateTranscriptionResponseVerboseJson
    | ErrorResponse
    | None
):
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> (
            CreateTranscriptionResponseDiarizedJson
            | CreateTranscriptionResponseJson
            | CreateTranscriptionResponseVerboseJson
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = CreateTranscriptionResponseJson.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_1 = CreateTranscriptionResponseDiarizedJson.from_dict(
                    data
                )

                return response_200_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_2 = CreateTranscriptionResponseVerboseJson.from_dict(data)

            return response_200_type_2

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    CreateTranscriptionResponseDiarizedJson
    | CreateTranscriptionResponseJson
    | CreateTranscriptionResponseVerboseJson
    | ErrorResponse
]:
    try:
        status_code = HTTPStatus(response.status_code)
    except ValueError:  # codes HTTPStatus does not know, e.g. 524 and 529
        status_code = response.status_code  # type: ignore[assignment]
    return Response(
        status_code=status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTranscriptionRequest,
) -> Response[
    CreateTranscriptionResponseDiarizedJson
    | CreateTranscriptionResponseJson
    | CreateTranscriptionResponseVerboseJson
    | ErrorResponse
]:
    """Transcribes audio into the input language.

    Returns a transcription object in `json`, `diarized_json`, or `verbose_json`
    format, or a stream of transcript events.

    Args:
        body (CreateTranscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTranscriptionResponseDiarizedJson | CreateTranscriptionResponseJson | CreateTranscriptionResponseVerboseJson | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTranscriptionRequest,
) -> (
    CreateTranscriptionResponseDiarizedJson
    | CreateTranscriptionResponseJson
    | CreateTranscriptionResponseVerboseJson
    | ErrorResponse
    | None
):
    """Transcribes audio into the input language.

    Returns a transcription object in `json`, `diarized_json`, or `verbose_json`
    format, or a stream of transcript events.

    Args:
        body (CreateTranscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTranscriptionResponseDiarizedJson | CreateTranscriptionResponseJson | CreateTranscriptionResponseVerboseJson | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTranscriptionRequest,
) -> Response[
    CreateTranscriptionResponseDiarizedJson
    | CreateTranscriptionResponseJson
    | CreateTranscriptionResponseVerboseJson
    | ErrorResponse
]:
    """Transcribes audio into the input language.

    Returns a transcription object in `json`, `diarized_json`, or `verbose_json`
    format, or a stream of transcript events.

    Args:
        body (CreateTranscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTranscriptionResponseDiarizedJson | CreateTranscriptionResponseJson | CreateTranscriptionResponseVerboseJson | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTranscriptionRequest,
) -> (
    CreateTranscriptionResponseDiarizedJson
    | CreateTranscriptionResponseJson
    | CreateTranscriptionResponseVerboseJson
    | ErrorResponse
    | None
):
    """Transcribes audio into the input language.

    Returns a transcription object in `json`, `diarized_json`, or `verbose_json`
    format, or a stream of transcript events.

    Args:
        body (CreateTranscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTranscriptionResponseDiarizedJson | CreateTranscriptionResponseJson | CreateTranscriptionResponseVerboseJson | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
