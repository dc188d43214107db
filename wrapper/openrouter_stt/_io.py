"""The network edge both backends' clients stand on: one exchange (send, read the whole
answer, turn a transport failure into ours), opening a streamed answer, and closing.
``SyncIO`` blocks; ``AsyncIO`` is the same with ``await``."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import httpx

from ._base_client import _chained, _transport_error, _undecodable


class SyncIO:
    _http: Any
    _owns_http: bool

    def _exchange(
        self, message: httpx.Request, url: str, sent: Callable[[], bool]
    ) -> httpx.Response:
        """Send ``message`` and read the whole answer; a transport failure becomes ours,
        retryable after the request was sent only when ``sent()`` says it was not."""
        try:
            response: httpx.Response = self._http.send(message, stream=True)
            try:
                response.read()
            finally:
                response.close()
        except httpx.DecodingError:
            raise _undecodable(response) from None
        except httpx.TransportError as error:
            raise _transport_error(error, url, sent()) from _chained(error)
        return response

    def _open(self, message: httpx.Request, url: str, sent: Callable[[], bool]) -> httpx.Response:
        """Send ``message`` and return the answer unread (a stream), or read whole when
        it is an error status, so that the caller can raise it."""
        try:
            response: httpx.Response = self._http.send(message, stream=True)
        except httpx.TransportError as error:
            raise _transport_error(error, url, sent()) from _chained(error)
        if not response.is_success:
            try:
                response.read()
            except httpx.DecodingError:
                raise _undecodable(response) from None
            except httpx.TransportError as error:
                raise _transport_error(error, url, sent()) from _chained(error)
            finally:
                response.close()
        return response

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncIO:
    _http: Any
    _owns_http: bool

    async def _exchange(
        self, message: httpx.Request, url: str, sent: Callable[[], bool]
    ) -> httpx.Response:
        """``SyncIO._exchange`` without blocking the event loop."""
        try:
            response: httpx.Response = await self._http.send(message, stream=True)
            try:
                await response.aread()
            finally:
                await response.aclose()
        except httpx.DecodingError:
            raise _undecodable(response) from None
        except httpx.TransportError as error:
            raise _transport_error(error, url, sent()) from _chained(error)
        return response

    async def _open(
        self, message: httpx.Request, url: str, sent: Callable[[], bool]
    ) -> httpx.Response:
        """``SyncIO._open`` without blocking the event loop."""
        try:
            response: httpx.Response = await self._http.send(message, stream=True)
        except httpx.TransportError as error:
            raise _transport_error(error, url, sent()) from _chained(error)
        if not response.is_success:
            try:
                await response.aread()
            except httpx.DecodingError:
                raise _undecodable(response) from None
            except httpx.TransportError as error:
                raise _transport_error(error, url, sent()) from _chained(error)
            finally:
                await response.aclose()
        return response

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
