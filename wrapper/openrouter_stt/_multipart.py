"""The ``multipart/form-data`` body of an upload, framed around the audio so that the
file part streams from its source with an exact Content-Length.

The fields come from the generated model of the spec's multipart schema
(``CreateAudioTranscriptionsFilesBody.to_multipart``), so they are named as the spec
names them: ``timestamp_granularities[]`` is one part per value. Fields go first and
the file last, so a server can check them before it reads megabytes of audio.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ._errors import AudioTooLargeError

#: The spec's limit for the file part ("Max 25 MB"), read as decimal megabytes: the
#: stricter reading, so that nothing the wrapper sends is over either.
MULTIPART_MAX_BYTES = 25_000_000

# The file part's Content-Type, for containers whose MIME subtype is not their name.
MIME_TYPES = {"mp3": "audio/mpeg", "m4a": "audio/mp4", "aac": "audio/aac", "wav": "audio/wav"}


@attrs.frozen
class MultipartFrame:
    """Everything of the body but the audio bytes, which go between ``prefix`` and
    ``suffix``."""

    prefix: bytes
    suffix: bytes
    content_type: str


def _quote(name: str) -> str:
    # As browsers escape a form field's name (WHATWG multipart/form-data encoding).
    return name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def form_value(value: Any) -> list[bytes]:
    """A JSON value as form field values: a str as it is, a list as one part per item,
    anything else (numbers, booleans, null, objects) as its JSON text."""
    if isinstance(value, list):
        return [v for item in value for v in form_value(item)]
    if isinstance(value, str):
        return [value.encode()]
    return [json.dumps(value, allow_nan=False).encode()]


def frame(
    parts: list[tuple[str, Any]], extra: Mapping[str, Any], audio_format: str
) -> MultipartFrame:
    """Frame the generated model's ``to_multipart()`` parts (its file part stands for
    the audio) and the ``extra_body`` fields around the audio."""
    fields: list[tuple[str, bytes]] = []
    file_name = None
    for name, (filename, content, _content_type) in parts:
        if filename is not None or not isinstance(content, bytes):
            file_name = name
            continue
        fields.append((name, content))
    fields += [(name, value) for name, raw in extra.items() for value in form_value(raw)]
    assert file_name is not None, "the multipart model has no file part"
    return frame_fields(fields, file_name, audio_format)


def frame_fields(
    fields: list[tuple[str, bytes]], file_field: str, audio_format: str
) -> MultipartFrame:
    """Frame form fields, then the file part ``file_field`` (named ``audio.<format>``,
    typed by the container), around the audio."""
    boundary = f"openrouter-stt-{secrets.token_hex(16)}"
    delimiter = f"--{boundary}\r\n".encode()
    out = bytearray()
    for name, content in fields:
        out += delimiter
        out += f'Content-Disposition: form-data; name="{_quote(name)}"\r\n\r\n'.encode()
        out += content + b"\r\n"
    mime = MIME_TYPES.get(audio_format, f"audio/{audio_format}")
    out += delimiter
    out += (
        f'Content-Disposition: form-data; name="{_quote(file_field)}"; '
        f'filename="audio.{audio_format}"\r\nContent-Type: {mime}\r\n\r\n'
    ).encode()
    suffix = f"\r\n--{boundary}--\r\n".encode()
    return MultipartFrame(bytes(out), suffix, f"multipart/form-data; boundary={boundary}")


def limited(chunks: Iterator[bytes], name: str) -> Iterator[bytes]:
    """The audio of a stream of unknown length, aborted once past the multipart limit."""
    seen = 0
    for chunk in chunks:
        seen += len(chunk)
        if seen > MULTIPART_MAX_BYTES:
            raise AudioTooLargeError(
                f"{name} grew past the multipart limit of {MULTIPART_MAX_BYTES:,} bytes "
                "while being sent; the upload was aborted. Use upload='json' for larger audio"
            )
        yield chunk
