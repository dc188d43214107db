"""When to retry a failed attempt, and how long to wait first. No network I/O here:
both clients ask ``RetryPolicy.wait_or_raise`` and sleep through ``sleep``/``asleep``,
which ``no_retry_waits`` turns into a record for tests."""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import TypeVar

import anyio
import anyio.lowlevel
import attrs

from ._errors import APIConnectionError, APIStatusError, OpenRouterSTTError

logger = logging.getLogger("openrouter_stt")

#: Statuses worth another attempt: the request may succeed unchanged. 501 or 505 would
#: fail again, so only the 5xx listed here are retried, not every ServerError.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 524, 529})

#: Of those, the answers of a gateway that stopped waiting while the work went on: 504
#: (a gateway timed out waiting for the provider) and Cloudflare's 524 (the origin took
#: longer than 100 s). The origin may still finish, and bill, the transcription, exactly
#: as after a read timeout, so these are retried only with ``retry_after_upload=True``.
#: The others say the work ended or never began: 408 (the request did not arrive in
#: time), 429, 503 and 529 (refused before any work), 500 and 502 (the API or the
#: provider failed and answered so; OpenRouter bills only what it returns).
STILL_WORKING_STATUSES = frozenset({504, 524})


@attrs.frozen
class RetryPolicy:
    """Exponential backoff with jitter, honouring the server's ``Retry-After`` up to a cap."""

    max_retries: int = 2
    #: Retry a connection that failed after the whole request was sent, and a 504 or 524
    #: (the API may already have done, and billed, the work, or still be doing it).
    retry_after_upload: bool = False
    initial_delay: float = 0.5
    max_delay: float = 8.0
    #: A server asking for a longer wait than this gets the error raised instead.
    max_retry_after: float = 60.0

    def delay(self, attempt: int, error: OpenRouterSTTError) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None to raise ``error`` now."""
        if attempt > self.max_retries:
            return None
        if isinstance(error, APIStatusError):
            if error.status_code not in RETRYABLE_STATUSES:
                return None
            if error.status_code in STILL_WORKING_STATUSES and not self.retry_after_upload:
                return None
            if error.retry_after is not None:
                return error.retry_after if error.retry_after <= self.max_retry_after else None
        elif not isinstance(error, APIConnectionError):
            return None  # a response we cannot use, or our own bug: the same again
        elif error.request_sent and not self.retry_after_upload:
            return None
        backoff = min(self.initial_delay * 2.0 ** (attempt - 1), self.max_delay)
        return backoff * (1 - 0.25 * random.random())

    def wait_or_raise(self, attempt: int, error: OpenRouterSTTError) -> float:
        """Seconds to sleep before retrying after ``error``, or raise it (with the number
        of attempts made) when it is final. Both clients' retry loops stand on this."""
        delay = self.delay(attempt, error)
        if delay is None:
            error.attempts = attempt
            raise error
        status = getattr(error, "status_code", type(error).__name__)
        logger.debug("attempt %d failed (%s); retrying in %.2fs", attempt, status, delay)
        return delay


_recorded_waits: ContextVar[list[float] | None] = ContextVar("retry_waits", default=None)


@contextlib.contextmanager
def no_retry_waits() -> Iterator[list[float]]:
    """For tests: retries made in this context (thread or task) do not wait; the
    seconds each would have waited are appended to the list it yields.

    >>> with no_retry_waits() as waits:
    ...     client.transcribe("clip.wav", extra_headers={"Prefer": "code=429"})
    """
    waits: list[float] = []
    token = _recorded_waits.set(waits)
    try:
        yield waits
    finally:
        _recorded_waits.reset(token)


def sleep(seconds: float) -> None:
    if (waits := _recorded_waits.get()) is None:
        time.sleep(seconds)
    else:
        waits.append(seconds)


async def asleep(seconds: float) -> None:
    if (waits := _recorded_waits.get()) is None:
        await anyio.sleep(seconds)
    else:
        waits.append(seconds)
        await anyio.lowlevel.checkpoint()


T = TypeVar("T")


def retrying(policy: RetryPolicy, attempt_once: Callable[[], T]) -> T:
    """Call ``attempt_once`` until it succeeds or ``policy`` raises its error."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return attempt_once()
        except OpenRouterSTTError as error:
            sleep(policy.wait_or_raise(attempt, error))


async def aretrying(policy: RetryPolicy, attempt_once: Callable[[], Awaitable[T]]) -> T:
    """``retrying`` for coroutines: waits without blocking the event loop."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return await attempt_once()
        except OpenRouterSTTError as error:
            await asleep(policy.wait_or_raise(attempt, error))
