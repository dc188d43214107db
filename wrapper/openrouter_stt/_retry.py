"""When to retry a failed attempt, and how long to wait first. No I/O here:
both clients ask ``RetryPolicy.delay`` and do their own sleeping."""

from __future__ import annotations

import logging
import random

import attrs

from ._errors import APIConnectionError, APIStatusError, OpenRouterSTTError

logger = logging.getLogger("openrouter_stt")

#: Statuses worth another attempt: the request may succeed unchanged. 408 (the request
#: did not arrive in time, so nothing was done) and 504 (a gateway gave up waiting, as
#: Cloudflare's 524 does) are transient; 501 or 505 would fail again, so only the 5xx
#: listed here are retried, not every ServerError.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 524, 529})


@attrs.frozen
class RetryPolicy:
    """Exponential backoff with jitter, honouring the server's ``Retry-After`` up to a cap."""

    max_retries: int = 2
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
            if error.retry_after is not None:
                return error.retry_after if error.retry_after <= self.max_retry_after else None
        elif not isinstance(error, APIConnectionError):
            return None
        backoff = min(self.initial_delay * 2 ** (attempt - 1), self.max_delay)
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
