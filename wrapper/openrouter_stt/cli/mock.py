"""``openrouter-stt mock``, and which of the mock's named examples ``--mock`` asks for."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import typer

from .._signals import exit_on_ending_signals
from ..mock import APIS, MockError, MockServer, install_prism
from ._shared import command, die, say, setup

Granularity = Literal["word", "segment"]


def transcription_examples(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each named 200 example of POST /audio/transcriptions in the served spec, by name."""
    operation = document.get("paths", {}).get("/audio/transcriptions", {}).get("post", {})
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    examples: dict[str, dict[str, Any]] = {}
    for media in content.values():
        for name, example in media.get("examples", {}).items():
            value = example.get("value") if isinstance(example, dict) else None
            examples.setdefault(name, value if isinstance(value, dict) else {})
    return examples


def example_with(examples: dict[str, dict[str, Any]], granularity: Granularity) -> str | None:
    """The first example carrying what ``granularity`` asks for: words (captions, and
    ``--timestamps word``) or segments; None when the spec has none."""
    field = "words" if granularity == "word" else "segments"
    # Segments alone first for --timestamps segment, as a provider asked for them answers.
    ordered = sorted(examples.items(), key=lambda item: field == "segments" and "words" in item[1])
    return next((name for name, value in ordered if value.get(field)), None)


def choose_example(
    server: MockServer, asked: str | None, granularity: Granularity | None
) -> str | None:
    """The example ``--mock`` asks the mock for: ``--mock-example``, checked against the
    spec; else one with the timestamps the output needs; else the mock's default."""
    examples = transcription_examples(server.document)
    if asked is not None:
        if asked not in examples:
            raise typer.BadParameter(
                f"the mock has no example {asked!r}; it has {', '.join(examples)}",
                param_hint="--mock-example",
            )
        return asked
    return example_with(examples, granularity) if granularity else None


def no_timestamps_advice(server: MockServer, example: str | None) -> str:
    """What to do when the mock's answer carries no timestamps: the example is the cause."""
    examples = transcription_examples(server.document)
    timed = [name for name, value in examples.items() if value.get("words")]
    which = f"example {example!r}" if example else "default example"
    return f"the mock's {which} has none; choose one that has: --mock-example {' | '.join(timed)}"


@command("mock")
def serve_mock(
    port: Annotated[
        int,
        typer.Option(
            "--port", metavar="PORT", help="Port on 127.0.0.1; the next free one if busy."
        ),
    ] = 4010,
    install: Annotated[
        bool, typer.Option("--install", help="Only install Prism (once per user) and say where.")
    ] = False,
    api: Annotated[
        str,
        typer.Option(
            "--api",
            metavar="|".join(APIS),
            help="The contract to serve: OpenRouter's, or OpenAI's (transcriptions and "
            "translations, as OpenAI-compatible servers speak it).",
        ),
    ] = "openrouter",
) -> None:
    """Serve the bundled Prism mock of the endpoint in the foreground until Ctrl-C."""
    setup(debug=False)
    if api not in APIS:
        raise typer.BadParameter(f"choose one of {', '.join(APIS)}", param_hint="--api")
    try:
        if install:
            print(f"Prism for the mock is installed at {install_prism(say)}")
            return
        with exit_on_ending_signals(), MockServer(port=port, notify=say, api=api) as server:
            url = server.base_url
            served = ", ".join(
                f"{method.upper()} {path}"
                for path, item in server.document["paths"].items()
                for method in item
                if method in ("get", "post", "put", "patch", "delete")
            )
            print(f"Prism mock of {served} at {url} (Ctrl-C to stop)")
            if api == "openai":
                print(f"  curl {url}/audio/transcriptions -H 'Authorization: Bearer any' \\")
                print("    -F file=@speech.m4a -F model=whisper-1")
                print(
                    "  choose a status with the request header 'Prefer: code=429' (any documented)"
                )
                print(f"  or an example with 'Prefer: example=NAME': {', '.join(server.examples)}")
                print("  (text, srt, vtt also need 'Accept: text/plain')", flush=True)
            else:
                print(f"  OPENROUTER_API_KEY=any openrouter-stt transcribe FILE --base-url {url}")
                print(
                    "  choose a status with the request header 'Prefer: code=429' (any documented)"
                )
                print(f"  or an example with 'Prefer: example=NAME': {', '.join(server.examples)}")
                print(f"  e.g. Client(api_key='any', base_url='{url}').transcribe(")
                print("           'a.wav', extra_headers={'Prefer': 'example=tokens'})", flush=True)
            server.wait()  # returns only by raising: Prism died, and again after a restart
    except KeyboardInterrupt:
        print("mock stopped")
    except MockError as error:
        die(error, debug=False)
