"""Budgeted retries against a real local server: what is retried, how long it waits, how
many requests go out, that every attempt carries the whole audio, and that the key never
leaks into logs or exceptions."""

from __future__ import annotations

import io
import logging
import os
import random
import re
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from audio_samples import make_audio
from local_server import Reply

from openrouter_stt import (
    RETRYABLE_STATUSES,
    STATUS_ERRORS,
    APIConnectionError,
    APIResponseError,
    APIStatusError,
    APITimeoutError,
    AsyncClient,
    BadRequestError,
    Client,
    ConfigurationError,
    OpenAIClient,
    OpenRouterSTTError,
    ServiceUnavailableError,
    no_retry_waits,
)
from openrouter_stt._retry import STILL_WORKING_STATUSES, RetryPolicy

from ._helpers import AUDIO, JSON, KEY, Server, Stopwatch, client, error_body, fail_now, raised

NON_RETRYABLE = [400, 401, 402, 403, 404, 413, 422, 501]
#: Retried whatever the client's settings: the work ended, or never began.
RETRYABLE = [408, 429, 500, 502, 503, 529]
#: A gateway stopped waiting while the provider may still work (and bill): like a read
#: timeout, retried only with retry_after_upload=True.
STILL_WORKING = [504, 524]


def decoded_audio(request: Any) -> bytes:
    return request.audio()[0]


def retry_logs(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "openrouter_stt"
        and record.levelno == logging.DEBUG
        and record.module == "_retry"
    ]


# --- Retry-After ---------------------------------------------------------------------------


def test_429_with_retry_after_1_waits_a_second_then_succeeds() -> None:
    with Server(
        Reply(429, error_body(429, "Rate limit exceeded"), {**JSON, "Retry-After": "1"}), Reply()
    ) as server:
        with no_retry_waits() as waits:
            result = client(server).transcribe(AUDIO)
        assert len(server.requests) == 2
    assert result.text == "hello"
    assert waits == [1.0]


def test_retry_after_ms_is_honoured() -> None:
    headers = {**JSON, "retry-after-ms": "200"}
    with Server(Reply(503, error_body(503, "busy"), headers), Reply()) as server:
        with no_retry_waits() as waits:
            client(server).transcribe(AUDIO)
        assert len(server.requests) == 2
    assert waits == [0.2]  # backoff alone would wait 0.375-0.5 s


def test_retry_after_as_an_http_date_is_honoured() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    headers = {**JSON, "Retry-After": when}
    with Server(Reply(503, error_body(503, "busy"), headers), Reply()) as server:
        with no_retry_waits() as waits:
            client(server).transcribe(AUDIO)
        assert len(server.requests) == 2
    # The date has whole seconds: the wait is at most 5 s; backoff would be <= 0.5 s.
    assert len(waits) == 1 and 3 < waits[0] <= 5


def test_retry_after_beyond_the_cap_raises_at_once_without_waiting() -> None:
    with Server(fail_now(503, **{"Retry-After": "120"}), Reply()) as server:
        with no_retry_waits() as waits:
            exc = raised(lambda: client(server).transcribe(AUDIO), ServiceUnavailableError)
        assert len(server.requests) == 1
    assert waits == []
    assert exc.retry_after == 120
    assert exc.attempts == 1


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_without_the_testing_hook_a_retry_really_waits(kind: str) -> None:
    headers = {**JSON, "retry-after-ms": "300"}
    with Server(Reply(503, error_body(503, "busy"), headers), Reply()) as server:
        with Stopwatch() as clock:
            if kind == "sync":
                client(server).transcribe(AUDIO)
            else:

                async def run() -> None:
                    async with AsyncClient(api_key=KEY, base_url=server.url) as stt:
                        await stt.transcribe(AUDIO)

                anyio.run(run)
        assert len(server.requests) == 2
    assert clock.elapsed >= 0.3  # a lower bound only: load elsewhere can only add time


# --- what is retried, and how often ------------------------------------------------------------


def test_503_three_times_raises_after_three_attempts_with_default_max_retries() -> None:
    with Server(fail_now(503)) as server:
        stt = Client(api_key=KEY, base_url=server.url)  # default max_retries=2
        exc = raised(lambda: stt.transcribe(AUDIO), ServiceUnavailableError)
        assert len(server.requests) == 3
    assert exc.attempts == 3
    assert exc.status_code == 503


@pytest.mark.parametrize("status", NON_RETRYABLE)
def test_non_retryable_status_sends_exactly_one_request(status: int) -> None:
    with Server(fail_now(status), Reply()) as server:
        exc = raised(lambda: client(server, max_retries=2).transcribe(AUDIO), APIStatusError)
        assert len(server.requests) == 1
    assert exc.status_code == status
    assert exc.attempts == 1


@pytest.mark.parametrize("status", RETRYABLE)
def test_retryable_status_is_retried(status: int) -> None:
    with Server(fail_now(status), Reply()) as server:
        result = client(server, max_retries=1).transcribe(AUDIO)
        assert len(server.requests) == 2
    assert result.text == "hello"


@pytest.mark.parametrize("status", STILL_WORKING)
def test_a_gateway_timeout_is_not_retried_by_default_as_the_provider_may_still_bill(
    status: int,
) -> None:
    with Server(fail_now(status), Reply()) as server:
        exc = raised(lambda: client(server, max_retries=2).transcribe(AUDIO), APIStatusError)
        assert len(server.requests) == 1
    assert exc.status_code == status
    assert exc.attempts == 1
    assert "retry_after_upload=True" in str(exc)


@pytest.mark.parametrize("status", STILL_WORKING)
def test_a_gateway_timeout_is_retried_when_the_client_opts_in(status: int) -> None:
    with Server(fail_now(status), Reply()) as server:
        result = client(server, max_retries=1, retry_after_upload=True).transcribe(AUDIO)
        assert len(server.requests) == 2
    assert result.text == "hello"


def test_retryable_statuses_are_the_spec_documented_transient_ones(spec: dict[str, Any]) -> None:
    # Transient by HTTP's own terms: 408 Request Timeout, 429 Too Many Requests, and
    # every server-side failure (5xx) the spec documents or the error table types (504,
    # which the live API sends). Nothing else is worth resending: not 501 or 505.
    documented = {
        int(status)
        for path in spec["paths"].values()
        for operation in path.values()
        for status in operation.get("responses", {})
        if status.isdigit()
    }
    transient = {408, 429} | {status for status in documented | set(STATUS_ERRORS) if status >= 500}
    assert transient == RETRYABLE_STATUSES
    assert set(RETRYABLE + STILL_WORKING) == transient  # the statuses the tests above send
    assert not set(NON_RETRYABLE) & RETRYABLE_STATUSES


@pytest.mark.parametrize(
    ("client_retries", "call_retries", "requests"), [(0, 2, 3), (5, 0, 1), (2, 1, 2)]
)
def test_per_call_max_retries_overrides_the_clients(
    client_retries: int, call_retries: int, requests: int
) -> None:
    with Server(fail_now(503)) as server:
        stt = client(server, max_retries=client_retries)
        exc = raised(lambda: stt.transcribe(AUDIO, max_retries=call_retries), APIStatusError)
        assert len(server.requests) == requests
    assert exc.attempts == requests


def test_connection_dropped_after_the_whole_request_is_not_retried_by_default() -> None:
    # The API may have transcribed (and billed) it already.
    with Server(Reply(drop=True), Reply()) as server:
        exc = raised(lambda: client(server, max_retries=2).transcribe(AUDIO), APIConnectionError)
        assert len(server.requests) == 1
    assert exc.request_sent is True
    assert exc.attempts == 1
    assert "after the whole request was sent" in str(exc)
    assert "retry_after_upload=True" in str(exc)


def test_connection_dropped_after_the_whole_request_is_retried_when_the_client_opts_in() -> None:
    with Server(Reply(drop=True), Reply()) as server:
        stt = client(server, max_retries=1, retry_after_upload=True)
        result = stt.transcribe(AUDIO)
        assert len(server.requests) == 2
    assert result.text == "hello"


#: Several MB: more than the socket buffers hold, so a reset arrives mid-upload.
UPLOAD = make_audio("wav", seconds=1.0) + bytes(8 * 1024 * 1024)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_connection_dropped_during_the_upload_is_retried(kind: str) -> None:
    with Server(Reply(drop_mid_body=True), Reply()) as server:
        if kind == "sync":
            result = client(server, max_retries=1).transcribe(UPLOAD)
        else:

            async def run() -> Any:
                async with AsyncClient(api_key=KEY, base_url=server.url, max_retries=1) as stt:
                    return await stt.transcribe(UPLOAD)

            result = anyio.run(run)
        assert len(server.requests) == 2
        assert decoded_audio(server.requests[1]) == UPLOAD
    assert result.text == "hello"


def test_connection_refused_is_retried_and_raises_api_connection_error() -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    stt = Client(api_key=KEY, base_url=f"http://127.0.0.1:{port}", max_retries=1)
    with no_retry_waits() as waits:
        exc = raised(lambda: stt.transcribe(AUDIO), APIConnectionError)
    assert exc.attempts == 2
    assert len(waits) == 1
    assert exc.request_sent is False
    assert "Connection refused (ECONNREFUSED)" in str(exc)


def test_response_slower_than_the_timeout_raises_api_timeout_error() -> None:
    # Were the timeout not applied, the call would succeed after 1.5 s.
    with Server(Reply(delay=1.5)) as server:
        exc = raised(
            lambda: client(server, max_retries=2, timeout=0.3).transcribe(AUDIO),
            APITimeoutError,
        )
        assert len(server.requests) == 1  # the audio was sent: not retried by default
    assert isinstance(exc, APIConnectionError)
    assert exc.request_sent is True
    assert exc.attempts == 1


def test_timeout_after_the_upload_is_retried_when_opted_in_and_per_call_timeout_applies() -> None:
    with Server(Reply(delay=1.5), Reply()) as server:
        stt = client(server, max_retries=1, retry_after_upload=True)
        result = stt.transcribe(AUDIO, timeout=0.3)
        assert len(server.requests) == 2
    assert result.text == "hello"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_request_http_cannot_carry_is_never_retried_nor_quoted(kind: str) -> None:
    # h11's LocalProtocolError: here a caller's hook adds a header with a line break.
    secret = "s3cr3t-token-value"

    def bad_header(request: httpx.Request) -> None:
        request.headers["X-Token"] = f"{secret}\nX-Injected: 1"

    async def abad_header(request: httpx.Request) -> None:
        bad_header(request)

    with Server(Reply()) as server:
        if kind == "sync":
            http: Any = httpx.Client(event_hooks={"request": [bad_header]})
            stt = Client(api_key=KEY, base_url=server.url, http_client=http, max_retries=3)
            exc = raised(lambda: stt.transcribe(AUDIO))
        else:

            async def run() -> BaseException:
                http = httpx.AsyncClient(event_hooks={"request": [abad_header]})
                async with AsyncClient(
                    api_key=KEY, base_url=server.url, http_client=http, max_retries=3
                ) as stt:
                    with pytest.raises(OpenRouterSTTError) as info:
                        await stt.transcribe(AUDIO)
                    return info.value

            exc = anyio.run(run)
        assert len(server.requests) == 0
    assert exc.attempts == 1
    assert not isinstance(exc, APIConnectionError)
    assert "LocalProtocolError" in str(exc)
    assert exc.__cause__ is None and exc.__suppress_context__
    assert secret not in str(exc) and secret not in repr(exc)


def test_a_200_that_cannot_be_understood_is_not_retried() -> None:
    with Server(Reply(200, b"<html>maintenance</html>", JSON), Reply()) as server:
        exc = raised(lambda: client(server, max_retries=2).transcribe(AUDIO), APIResponseError)
        assert len(server.requests) == 1
    assert exc.attempts == 1


# --- every attempt carries the whole audio -----------------------------------------------------

#: Over one 768 KiB read chunk, so the re-sent body spans several chunks.
LONG_AUDIO = make_audio("wav", seconds=30)


def _inputs(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "clip.wav"
    path.write_bytes(LONG_AUDIO)
    offset_file = io.BytesIO(b"junk" + LONG_AUDIO)
    offset_file.seek(4)  # a seekable file is re-read from where it stood, not from 0
    return {
        "path": path,
        "str-path": str(path),
        "bytes": LONG_AUDIO,
        "open-file": path.open("rb"),
        "bytesio-at-offset": offset_file,
    }


@pytest.mark.parametrize("kind", ["path", "str-path", "bytes", "open-file", "bytesio-at-offset"])
def test_every_attempt_resends_the_whole_audio(tmp_path: Path, kind: str) -> None:
    audio = _inputs(tmp_path)[kind]
    with Server(fail_now(503), fail_now(502), Reply()) as server:
        client(server, max_retries=2).transcribe(audio)
        assert len(server.requests) == 3
        for request in server.requests:
            assert decoded_audio(request) == LONG_AUDIO
    if hasattr(audio, "close"):
        audio.close()


def _pipe_with(data: bytes) -> io.BufferedReader:
    read_fd, write_fd = os.pipe()
    assert len(data) < 60_000, "must fit the pipe buffer: nothing else writes"
    os.write(write_fd, data)
    os.close(write_fd)
    return os.fdopen(read_fd, "rb")


@pytest.mark.parametrize("max_retries", [None, 5])
def test_one_shot_stream_is_sent_once_and_not_retried(max_retries: int | None) -> None:
    with _pipe_with(AUDIO) as pipe, Server(fail_now(503), Reply()) as server:
        exc = raised(
            lambda: client(server, max_retries=2).transcribe(pipe, max_retries=max_retries),
            ServiceUnavailableError,
        )
        assert len(server.requests) == 1
        assert decoded_audio(server.requests[0]) == AUDIO
    assert exc.attempts == 1


# --- logs and the key --------------------------------------------------------------------------


def test_retries_are_logged_at_debug_with_attempt_and_status(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    with Server(fail_now(503), fail_now(429), Reply()) as server:
        client(server, max_retries=2).transcribe(AUDIO)
    lines = retry_logs(caplog)
    assert len(lines) == 2, lines
    assert re.search(r"\b1\b", lines[0]) and "503" in lines[0], lines[0]
    assert re.search(r"\b2\b", lines[1]) and "429" in lines[1], lines[1]
    assert KEY not in caplog.text
    assert "0123456789abcdef" not in caplog.text


def _every_kind_of_error(tmp_path: Path) -> list[BaseException]:
    errors: list[BaseException] = []
    with Server(
        Reply(401, error_body(401, "User not found"), {**JSON, "x-request-id": "r1"})
    ) as server:
        errors.append(raised(lambda: client(server).transcribe(AUDIO), APIStatusError))
    with Server(fail_now(429)) as server:
        errors.append(raised(lambda: client(server, max_retries=1).transcribe(AUDIO)))
    with Server(Reply(200, b"nope", JSON)) as server:
        errors.append(raised(lambda: client(server).transcribe(AUDIO), APIResponseError))
    with Server(Reply(drop=True)) as server:
        errors.append(
            raised(lambda: client(server, max_retries=0).transcribe(AUDIO), APIConnectionError)
        )
    with Server(Reply(delay=1.0)) as server:
        errors.append(
            raised(
                lambda: client(server, max_retries=0, timeout=0.2).transcribe(AUDIO),
                APITimeoutError,
            )
        )
    errors.append(
        raised(
            lambda: Client(api_key=KEY, base_url="http://example.com/api/v1"), ConfigurationError
        )
    )
    errors.append(raised(lambda: Client(api_key=KEY).transcribe(str(tmp_path / "missing.wav"))))
    return errors


def test_the_key_never_appears_in_logs_or_exceptions(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    errors = _every_kind_of_error(tmp_path)
    assert len(errors) == 7
    for error in errors:
        chain: BaseException | None = error
        while chain is not None:  # the exception and whatever it was raised from
            for text in (str(chain), repr(chain), *map(str, chain.args)):
                assert KEY not in text, f"the key leaks through {type(chain).__name__}"
            chain = chain.__cause__ or chain.__context__
    assert KEY not in caplog.text


@pytest.mark.parametrize(
    "junk", ["\u200b", "\u00a0", "\n"], ids=["zero-width-space", "nbsp", "newline"]
)
def test_a_key_pasted_with_junk_inside_fails_cleanly_without_leaking_it(junk: str) -> None:
    key = KEY[:20] + junk + KEY[20:]  # copy-pasted from a web page or a wrapped line
    secret = KEY[20:]
    with Server(Reply()) as server:
        exc = raised(
            lambda: Client(api_key=key, base_url=server.url, max_retries=0).transcribe(AUDIO)
        )
    for text in (str(exc), repr(exc), *map(repr, exc.args)):
        assert secret not in text


# --- the async client --------------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_429_then_200_is_retried() -> None:
    with Server(fail_now(429), Reply()) as server:
        async with AsyncClient(api_key=KEY, base_url=server.url) as stt:
            result = await stt.transcribe(AUDIO)
        assert len(server.requests) == 2
    assert result.text == "hello"


@pytest.mark.anyio
async def test_async_retry_after_1_is_awaited() -> None:
    headers = {**JSON, "Retry-After": "1"}
    with Server(Reply(429, error_body(429, "slow down"), headers), Reply()) as server:
        async with AsyncClient(api_key=KEY, base_url=server.url) as stt:
            with no_retry_waits() as waits:
                await stt.transcribe(AUDIO)
        assert len(server.requests) == 2
    assert waits == [1.0]


@pytest.mark.anyio
async def test_async_503_three_times_raises_after_three_attempts() -> None:
    with Server(fail_now(503)) as server:
        async with AsyncClient(api_key=KEY, base_url=server.url) as stt:
            with pytest.raises(ServiceUnavailableError) as info:
                await stt.transcribe(AUDIO)
        assert len(server.requests) == 3
    assert info.value.attempts == 3


@pytest.mark.anyio
async def test_async_400_sends_one_request() -> None:
    with Server(fail_now(400), Reply()) as server:
        async with AsyncClient(api_key=KEY, base_url=server.url) as stt:
            with pytest.raises(BadRequestError) as info:
                await stt.transcribe(AUDIO)
        assert len(server.requests) == 1
    assert info.value.attempts == 1


@pytest.mark.anyio
async def test_async_every_attempt_resends_the_whole_audio_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "clip.wav"
    path.write_bytes(LONG_AUDIO)
    with Server(fail_now(503), Reply(drop=True), Reply()) as server:
        async with AsyncClient(api_key=KEY, base_url=server.url, retry_after_upload=True) as stt:
            await stt.transcribe(path, max_retries=2)
        assert len(server.requests) == 3
        for request in server.requests:
            assert decoded_audio(request) == LONG_AUDIO


@pytest.mark.anyio
async def test_async_timeout_raises_api_timeout_error() -> None:
    with Server(Reply(delay=1.5)) as server:
        async with AsyncClient(api_key=KEY, base_url=server.url, timeout=0.3) as stt:
            with pytest.raises(APITimeoutError):
                await stt.transcribe(AUDIO, max_retries=0)


# --- RetryPolicy.delay, without I/O ------------------------------------------------------------


def status_error(status: int, retry_after: float | None = None) -> APIStatusError:
    return APIStatusError("x", status_code=status, retry_after=retry_after)


@pytest.mark.parametrize(("attempt", "base"), [(1, 0.5), (2, 1), (3, 2), (4, 4), (5, 8), (9, 8)])
def test_backoff_doubles_up_to_max_delay_with_jitter_in_range(attempt: int, base: float) -> None:
    policy = RetryPolicy(max_retries=20)
    for error in (status_error(503), APIConnectionError("reset"), APITimeoutError("slow")):
        delays = [policy.delay(attempt, error) for _ in range(300)]
        assert all(d is not None and 0.75 * base <= d <= base for d in delays), (attempt, error)
        assert max(delays) - min(delays) > 0.1 * base, "no jitter"  # type: ignore[operator]


def test_backoff_jitter_bounds_are_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = RetryPolicy(max_retries=20, initial_delay=0.5, max_delay=8.0)
    monkeypatch.setattr(random, "random", lambda: 0.0)
    assert [policy.delay(n, status_error(500)) for n in range(1, 8)] == [0.5, 1, 2, 4, 8, 8, 8]
    monkeypatch.setattr(random, "random", lambda: 1.0 - 1e-12)
    assert policy.delay(3, status_error(500)) == pytest.approx(1.5)


def test_delay_is_none_once_the_budget_is_spent() -> None:
    policy = RetryPolicy(max_retries=2)
    assert policy.delay(1, status_error(503)) is not None
    assert policy.delay(2, status_error(503)) is not None
    assert policy.delay(3, status_error(503)) is None
    assert RetryPolicy(max_retries=0).delay(1, status_error(503)) is None


@pytest.mark.parametrize("status", NON_RETRYABLE)
def test_delay_is_none_for_a_non_retryable_status(status: int) -> None:
    assert RetryPolicy().delay(1, status_error(status, retry_after=0)) is None


def test_delay_follows_retry_after_exactly_up_to_the_cap() -> None:
    policy = RetryPolicy(max_retries=5, max_retry_after=60)
    assert policy.delay(1, status_error(429, retry_after=0)) == 0
    assert policy.delay(1, status_error(429, retry_after=30)) == 30  # beyond max_delay: fine
    assert policy.delay(1, status_error(429, retry_after=60)) == 60
    assert policy.delay(1, status_error(429, retry_after=61)) is None


def test_delay_after_a_whole_request_was_sent_needs_the_opt_in() -> None:
    sent = APIConnectionError("dropped")
    sent.request_sent = True
    assert RetryPolicy(max_retries=2).delay(1, sent) is None
    assert RetryPolicy(max_retries=2, retry_after_upload=True).delay(1, sent) is not None
    assert RetryPolicy(max_retries=2).delay(1, APIConnectionError("refused")) is not None


def test_delay_after_a_gateway_timeout_needs_the_opt_in() -> None:
    for status in STILL_WORKING:
        assert RetryPolicy(max_retries=2).delay(1, status_error(status)) is None
        assert (
            RetryPolicy(max_retries=2, retry_after_upload=True).delay(1, status_error(status))
            is not None
        )
    for status in RETRYABLE:
        assert RetryPolicy(max_retries=2).delay(1, status_error(status)) is not None


def test_delay_is_none_for_a_response_error() -> None:
    assert RetryPolicy().delay(1, APIResponseError("bad", status_code=200, body="")) is None


@pytest.mark.parametrize("client_class", [Client, OpenAIClient], ids=lambda c: c.__name__)
def test_the_clients_docstring_names_the_statuses_retried(client_class: type) -> None:
    # help(Client) is where users look first: its list of retried statuses must be the
    # policy's, with those retried only after an upload in the sentence naming the flag.
    sentences = re.split(r"\.\s", " ".join((client_class.__doc__ or "").split()))
    flagged = [s for s in sentences if "retry_after_upload" in s]
    always = [s for s in sentences if "retry_after_upload" not in s]

    def statuses(texts: list[str]) -> set[int]:
        return {int(code) for text in texts for code in re.findall(r"\b[45]\d\d\b", text)}

    assert statuses(always) == RETRYABLE_STATUSES - STILL_WORKING_STATUSES
    assert statuses(flagged) == STILL_WORKING_STATUSES
