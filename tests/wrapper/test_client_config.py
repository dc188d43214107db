"""Client configuration: where the key and base URL come from, which URLs may carry a
key, and that the key never shows in a repr, an exception or a log line."""

from __future__ import annotations

import io
import logging
import socket
import ssl
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from audio_samples import make_audio
from local_server import Reply, ScriptedServer

from openrouter_stt import (
    DEFAULT_BASE_URL,
    APIConnectionError,
    APIResponseError,
    APITimeoutError,
    AsyncClient,
    AudioSourceError,
    AuthenticationError,
    Client,
    ConfigurationError,
    OpenRouterSTTError,
    ServiceUnavailableError,
)
from openrouter_stt._request import ClientConfig

from ._util import CLIENT_KINDS, KEY, transcribe

CLIENTS = {"sync": Client, "async": AsyncClient}
WAV = make_audio("wav")
RETRY_NOW = {"Content-Type": "application/json", "Retry-After": "0"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    monkeypatch.delenv("OPENROUTER_BASE_URL", raising=False)


def leaks(text: str) -> bool:
    return KEY in text or KEY[len("sk-or-v1-") :] in text


def exception_text(error: BaseException) -> str:
    """str, repr and the formatted traceback of an exception and its causes."""
    parts = []
    current: BaseException | None = error
    while current is not None:
        parts += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    parts += traceback.format_exception(error)
    return "\n".join(parts)


# --- where the key and the URL come from ---------------------------------------------------


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_api_key_defaults_to_the_environment(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    transcribe(kind, server.url, WAV, client_options={"api_key": None})
    assert server.requests[0].headers.get("authorization") == f"Bearer {KEY}"


def test_explicit_api_key_wins_over_the_environment(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-from-the-environment")
    transcribe("sync", server.url, WAV, client_options={"api_key": KEY})
    assert server.requests[0].headers.get("authorization") == f"Bearer {KEY}"


def test_whitespace_around_the_environment_key_is_dropped(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", f"  {KEY}\n")
    transcribe("sync", server.url, WAV, client_options={"api_key": None})
    assert server.requests[0].headers.get("authorization") == f"Bearer {KEY}"


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_base_url_defaults_to_the_environment(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setenv("OPENROUTER_BASE_URL", server.url)
    assert CLIENTS[kind](api_key=KEY).base_url == server.url
    transcribe(kind, None, WAV)  # type: ignore[arg-type]
    assert [r.path for r in server.requests] == ["/audio/transcriptions"]


def test_explicit_base_url_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_BASE_URL", "https://env.example.com/api/v1")
    assert Client(api_key=KEY, base_url="https://arg.example.com/v1").base_url == (
        "https://arg.example.com/v1"
    )


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_base_url_defaults_to_openrouter(kind: str) -> None:
    assert CLIENTS[kind](api_key=KEY).base_url == DEFAULT_BASE_URL == "https://openrouter.ai/api/v1"


@pytest.mark.parametrize("suffix", ["/", "/api/v1", "/api/v1/"])
def test_path_of_the_base_url_is_kept_and_its_trailing_slash_dropped(
    server: ScriptedServer, suffix: str
) -> None:
    transcribe("sync", server.url + suffix, WAV)
    assert server.requests[0].path == suffix.rstrip("/") + "/audio/transcriptions"


# --- a missing key ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("api_key", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_missing_key_is_refused_before_any_request_naming_the_variable(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, kind: str, api_key: str | None
) -> None:
    monkeypatch.setenv("OPENROUTER_BASE_URL", server.url)
    with pytest.raises(ConfigurationError, match="OPENROUTER_API_KEY"):
        CLIENTS[kind](api_key=api_key)
    assert len(server.requests) == 0


# --- which base URLs may carry a key -------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://openrouter.ai/api/v1",
        "http://10.0.0.1:4010",
        "http://192.168.1.5",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "http://0.0.0.0:4010",
    ],
)
@pytest.mark.parametrize("via", ["argument", "environment"])
def test_plain_http_to_a_non_loopback_host_is_refused(
    monkeypatch: pytest.MonkeyPatch, url: str, via: str
) -> None:
    if via == "environment":
        monkeypatch.setenv("OPENROUTER_BASE_URL", url)
    with pytest.raises(ConfigurationError, match="https"):
        Client(api_key=KEY, base_url=url if via == "argument" else None)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:4010",
        "http://127.8.9.10",
        "http://localhost:4010",
        "http://LOCALHOST:4010",
        "http://[::1]:4010",
        "https://openrouter.ai/api/v1",
        "https://proxy.example.com:8443/openrouter",
    ],
)
@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_https_and_loopback_base_urls_are_accepted(url: str, kind: str) -> None:
    assert CLIENTS[kind](api_key=KEY, base_url=url).base_url == url


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/api", "openrouter.ai/api/v1", "127.0.0.1:4010", "https://"]
)
def test_base_url_that_is_not_an_http_url_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError):
        Client(api_key=KEY, base_url=url)


# --- the key never shows -----------------------------------------------------------------


def test_key_is_in_no_client_or_config_repr(server: ScriptedServer) -> None:
    config = ClientConfig.resolve(
        api_key=KEY,
        base_url=server.url,
        app_url="https://example.com",
        app_title="t",
        app_categories=None,
        max_audio_bytes=1000,
    )
    with Client(api_key=KEY, base_url=server.url) as client:
        transcription = client.transcribe(WAV)
        shown = [repr(client), str(client), repr(config), str(config), repr(transcription)]
    shown += [repr(AsyncClient(api_key=KEY, base_url=server.url))]
    assert not [text for text in shown if leaks(text)]
    assert config.api_key.reveal() == KEY  # it is there, only not shown


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


#: name -> (replies, transcribe options, client options, expected error)
FAILURES: dict[str, tuple[list[Reply], dict[str, Any], dict[str, Any], type[Exception]]] = {
    "401": (
        [Reply(401, b'{"error":{"code":401,"message":"No auth credentials found"}}')],
        {},
        {},
        AuthenticationError,
    ),
    "503-after-retries": (
        [Reply(503, b"<html><title>down</title></html>", RETRY_NOW)],
        {},
        {"max_retries": 1},
        ServiceUnavailableError,
    ),
    "200-not-json": ([Reply(200, b"<html>oops</html>")], {}, {}, APIResponseError),
    "timeout": ([Reply(delay=1.0)], {"timeout": 0.2}, {}, APITimeoutError),
    "missing-file": ([Reply()], {"audio": "/nonexistent/recording.wav"}, {}, AudioSourceError),
    "bad-temperature": ([Reply()], {"temperature": "hot"}, {}, ConfigurationError),
}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("case", FAILURES)
def test_key_is_in_no_exception(server: ScriptedServer, case: str, kind: str) -> None:
    replies, options, client_options, expected = FAILURES[case]
    server.script = replies
    options = {"audio": WAV, **options}
    with pytest.raises(expected) as info:
        transcribe(kind, server.url, client_options=client_options, **options)
    assert not leaks(exception_text(info.value))


@pytest.mark.parametrize(
    "make",
    [
        lambda: Client(api_key=KEY, base_url="http://openrouter.ai/api/v1"),
        lambda: Client(api_key=KEY, base_url=_closed_port_url(), max_retries=0).transcribe(WAV),
        lambda: Client(api_key=KEY, max_audio_bytes=0),
    ],
    ids=["plain-http", "connection-refused", "bad-max-audio-bytes"],
)
def test_key_is_in_no_configuration_or_connection_error(make: Callable[[], Any]) -> None:
    with pytest.raises(OpenRouterSTTError) as info:
        make()
    assert isinstance(info.value, (ConfigurationError, APIConnectionError))
    assert not leaks(exception_text(info.value))


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_key_is_in_no_log_line_of_a_transcription_with_retries(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    server.script = [
        Reply(503, b'{"error":{"code":503,"message":"busy"}}', RETRY_NOW),
        Reply(429, b'{"error":{"code":429,"message":"slow down"}}', RETRY_NOW),
        Reply(),
    ]
    caplog.set_level(logging.DEBUG)
    transcribe(kind, server.url, WAV, client_options={"max_retries": 2})
    assert len(server.requests) == 3
    retries = [r for r in caplog.records if r.name == "openrouter_stt" and "retry" in r.message]
    assert len(retries) == 2  # DEBUG logging was really on
    assert not leaks(caplog.text)
    assert not [r for r in caplog.records if leaks(r.getMessage()) or leaks(repr(r.args))]


@pytest.mark.parametrize(
    "suffix", ["\u200b", "\u2026", "\nX"], ids=["zero-width-space", "ellipsis", "newline"]
)
def test_malformed_key_is_refused_without_showing_it(server: ScriptedServer, suffix: str) -> None:
    # A stray character from copy and paste used to fail inside httpx, quoting the key.
    try:
        with Client(api_key=KEY + suffix, base_url=server.url, max_retries=0) as client:
            client.transcribe(WAV)
    except Exception as error:
        caught = error
    else:
        pytest.fail("a key that is no valid header value was used")
    assert not leaks(exception_text(caught)), "the key shows in the exception"
    assert isinstance(caught, ConfigurationError)
    assert len(server.requests) == 0


@pytest.mark.parametrize(
    ("client_class", "wrong_http"), [(Client, httpx.AsyncClient), (AsyncClient, httpx.Client)]
)
def test_an_http_client_of_the_other_kind_is_refused(client_class: type, wrong_http: type) -> None:
    with pytest.raises(ConfigurationError, match=wrong_http.__qualname__):
        client_class(api_key="k", http_client=wrong_http())


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_a_given_http_client_keeps_its_own_timeout(server: ScriptedServer, kind: str) -> None:
    server.script = [Reply(delay=1.5)]  # would succeed, were the client's timeout replaced
    http: Any = (httpx.Client if kind == "sync" else httpx.AsyncClient)(timeout=0.3)
    with pytest.raises(APITimeoutError):
        transcribe(kind, server.url, WAV, client_options={"http_client": http})


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_timeout_given_with_an_http_client_wins_over_its_own(
    server: ScriptedServer, kind: str
) -> None:
    server.script = [Reply(delay=0.5)]
    http: Any = (httpx.Client if kind == "sync" else httpx.AsyncClient)(timeout=0.1)
    options = {"http_client": http, "timeout": 30}
    assert transcribe(kind, server.url, WAV, client_options=options).text == "hello"


def test_a_given_http_client_is_used_and_left_open() -> None:
    with ScriptedServer() as server, httpx.Client() as http:
        with Client(api_key="k", base_url=server.url, http_client=http) as client:
            assert client.transcribe(make_audio("wav")).text
        assert not http.is_closed  # the caller owns it
        assert len(server.requests) == 1


# --- connection errors say why, quoting no header ------------------------------------------


def _tls_server(tmp_path: Path) -> ScriptedServer:
    """A local HTTPS server whose certificate no public CA signed."""
    import trustme

    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = ScriptedServer()
    server._server.socket = context.wrap_socket(server._server.socket, server_side=True)
    return server


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_an_untrusted_certificate_is_named_in_the_connection_error(
    tmp_path: Path, kind: str
) -> None:
    with _tls_server(tmp_path) as server, pytest.raises(APIConnectionError) as info:
        url = server.url.replace("http://", "https://")
        transcribe(kind, url, WAV, extra_headers={"X-Trace": "trace-value-123"})
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)
    assert info.value.request_sent is False
    assert not leaks(exception_text(info.value))
    chain: BaseException | None = info.value
    while chain is not None:  # the message, and what it was raised from
        assert "trace-value-123" not in str(chain) + repr(chain)
        chain = chain.__cause__ or chain.__context__


@pytest.mark.parametrize("kind", CLIENT_KINDS)
def test_a_dns_failure_is_named_in_the_connection_error(
    monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    # No resolver is asked: the lookup fails the way a mistyped host does.
    def no_such_host(host: str, *args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(APIConnectionError) as info:
        transcribe(kind, "https://stt.example.invalid/api/v1", WAV)
    message = str(info.value)
    assert "DNS lookup failed: Name or service not known" in message
    assert "stt.example.invalid" in message
    assert not leaks(exception_text(info.value))


# --- the key object itself --------------------------------------------------------------


def test_the_key_hides_itself_in_reprs_and_in_tracebacks_that_show_locals() -> None:
    # What keeps it out of pytest --showlocals, rich and Sentry: its own repr.
    import pprint

    import rich.console
    import rich.traceback

    key = ClientConfig.resolve(
        api_key=KEY,
        base_url=None,
        app_url=None,
        app_title=None,
        app_categories=None,
        max_audio_bytes=1000,
    ).api_key
    assert key.reveal() == KEY  # usable, only never shown
    # Sentry and others serialise any str (a subclass too) by its contents, not its repr.
    assert not isinstance(key, str)
    shown = [repr(key), f"{key}", str(key), repr([key]), repr({"k": key}), pprint.pformat(key)]
    assert not [text for text in shown if leaks(text)]

    def fails_holding(api_key: str) -> None:
        raise RuntimeError("boom")

    try:
        fails_holding(key)
    except RuntimeError as error:
        plain = "".join(
            traceback.TracebackException.from_exception(error, capture_locals=True).format()
        )
        console = rich.console.Console(record=True, width=200, file=io.StringIO())
        console.print(
            rich.traceback.Traceback.from_exception(
                type(error), error, error.__traceback__, show_locals=True
            )
        )
        fancy = console.export_text()
    assert "api_key" in plain and "api_key" in fancy  # the locals were shown
    assert not leaks(plain) and not leaks(fancy)


TESTS_DIR = str(Path(__file__).resolve().parents[1])


def locals_in_the_package(error: BaseException) -> dict[str, str]:
    """Every local of every frame outside the tests, as ``capture_locals`` shows it
    (Sentry, ``pytest -l``), through the exception's causes too."""
    shown: dict[str, str] = {}
    summary: traceback.TracebackException | None = traceback.TracebackException.from_exception(
        error, capture_locals=True
    )
    while summary is not None:
        for frame in summary.stack:
            if not frame.filename.startswith(TESTS_DIR):
                for name, value in (frame.locals or {}).items():
                    shown[f"{Path(frame.filename).name}:{frame.name}:{name}"] = value
        summary = summary.__cause__ or summary.__context__
    return shown


@pytest.mark.parametrize(
    "make",
    [
        lambda url: Client(api_key=KEY, base_url="ftp://example.com"),
        lambda url: Client(api_key=KEY, base_url=url, max_audio_bytes=0),
        lambda url: Client(api_key=KEY, base_url=url, max_retries=-1),
        lambda url: Client(api_key=KEY, base_url=url, timeout="5"),
    ],
    ids=["bad-base-url", "bad-max-audio-bytes", "bad-max-retries", "bad-timeout"],
)
def test_no_frame_holds_the_bare_key_when_construction_fails(
    server: ScriptedServer, make: Callable[[str], Any]
) -> None:
    with pytest.raises(ConfigurationError) as info:
        make(server.url)
    shown = locals_in_the_package(info.value)
    assert any(name.startswith("_base_client.py:__init__:") for name in shown)  # locals seen
    assert not {name: value for name, value in shown.items() if leaks(value)}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("case", ["401", "timeout", "bad-temperature"])
def test_no_frame_holds_the_bare_key_when_a_call_fails(
    server: ScriptedServer, case: str, kind: str
) -> None:
    replies, options, client_options, expected = FAILURES[case]
    server.script = replies
    with pytest.raises(expected) as info:
        transcribe(kind, server.url, WAV, client_options=client_options, **options)
    shown = locals_in_the_package(info.value)
    assert any("_request.py" in name or "_client.py" in name for name in shown)
    assert not {name: value for name, value in shown.items() if leaks(value)}


def test_no_frame_holds_the_bare_key_when_listing_models_fails(server: ScriptedServer) -> None:
    server.script = [Reply(401, b'{"error":{"code":401,"message":"No auth credentials"}}')]
    with pytest.raises(AuthenticationError) as info:
        Client(api_key=KEY, base_url=server.url, max_retries=0).list_models()
    shown = locals_in_the_package(info.value)
    assert shown and not {name: value for name, value in shown.items() if leaks(value)}


def test_a_client_whose_construction_failed_still_has_a_repr() -> None:
    # Tools that print locals show `self` of the failed __init__: its repr must not raise.
    with pytest.raises(ConfigurationError) as info:
        Client(api_key=KEY, base_url="ftp://example.com")
    shown = locals_in_the_package(info.value)  # used to raise AttributeError from repr
    assert shown["_base_client.py:__init__:self"] == "Client(base_url=None)"


BAD_TIMEOUTS = ["5", b"5", True, 0, -1, float("nan"), float("inf"), [5]]


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("timeout", BAD_TIMEOUTS, ids=repr)
def test_a_bad_timeout_is_refused_naming_it(
    server: ScriptedServer, kind: str, timeout: Any
) -> None:
    with pytest.raises(ConfigurationError, match="timeout must be a number of seconds"):
        CLIENTS[kind](api_key=KEY, base_url=server.url, timeout=timeout)
    with pytest.raises(ConfigurationError, match="timeout must be a number of seconds"):
        transcribe(kind, server.url, WAV, timeout=timeout)
    with pytest.raises(ConfigurationError, match="timeout must be a number of seconds"):
        Client(api_key=KEY, base_url=server.url).list_models(timeout=timeout)
    assert server.requests == []


@pytest.mark.parametrize("timeout", [5, 0.5, None, httpx.Timeout(3.0, connect=1.0)], ids=repr)
def test_good_timeouts_are_accepted(server: ScriptedServer, timeout: Any) -> None:
    transcribe("sync", server.url, WAV, timeout=timeout)
    with Client(api_key=KEY, base_url=server.url, timeout=timeout) as client:
        client.transcribe(WAV)
    assert len(server.requests) == 2


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("value", [0, 10_000, 16 * 1024, 50_000])
def test_a_max_chunk_bytes_too_small_for_any_piece_is_refused_up_front(
    server: ScriptedServer, kind: str, value: int
) -> None:
    # Too small for a body's framing and 10 s of a piece: it used to fail only once a
    # recording was being split.
    with pytest.raises(ConfigurationError, match="max_chunk_bytes must be a positive int >="):
        CLIENTS[kind](api_key=KEY, base_url=server.url, max_chunk_bytes=value)
    with pytest.raises(ConfigurationError, match="max_chunk_bytes must be a positive int >="):
        transcribe(kind, server.url, WAV, max_chunk_bytes=value)
    assert server.requests == []
