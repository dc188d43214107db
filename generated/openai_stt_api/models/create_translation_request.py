from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from .. import types
from ..models.create_translation_request_model_type_1 import (
    CreateTranslationRequestModelType1,
)
from ..models.create_translation_request_response_format import (
    CreateTranslationRequestResponseFormat,
)
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="CreateTranslationRequest")


@_attrs_define
class CreateTranslationRequest:
    """
    Attributes:
        file (File): The audio file object (not file name) translate, in one of these formats: flac, mp3, mp4, mpeg,
            mpga, m4a, ogg, wav, or webm. The request must include enough format metadata for the file to be identified. We
            recommend an extension-bearing filename and an appropriate content type.
        model (CreateTranslationRequestModelType1 | str): ID of the model to use. Only `whisper-1` (which is powered by
            our open source Whisper V2 model) is currently available.
             Example: whisper-1.
        prompt (str | Unset): An optional text to guide the model's style or continue a previous audio segment. The
            [prompt](/docs/guides/speech-to-text#prompting) should be in English.
        response_format (CreateTranslationRequestResponseFormat | Unset): The format of the output, in one of these
            options: `json`, `text`, `srt`, `verbose_json`, or `vtt`.
             Default: CreateTranslationRequestResponseFormat.JSON.
        temperature (float | Unset): The sampling temperature, between 0 and 1. Higher values like 0.8 will make the
            output more random, while lower values like 0.2 will make it more focused and deterministic. If set to 0, the
            model will use [log probability](https://en.wikipedia.org/wiki/Log_probability) to automatically increase the
            temperature until certain thresholds are hit.
             Default: 0.0.
    """

    file: File
    model: CreateTranslationRequestModelType1 | str
    prompt: str | Unset = UNSET
    response_format: CreateTranslationRequestResponseFormat | Unset = (
        CreateTranslationRequestResponseFormat.JSON
    )
    temperature: float | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        model: str
        if isinstance(self.model, CreateTranslationRequestModelType1):
            model = self.model.value
        else:
            model = self.model

        prompt = self.prompt

        response_format: str | Unset = UNSET
        if not isinstance(self.response_format, Unset):
            response_format = self.response_format.value

        temperature = self.temperature

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file": file,
                "model": model,
            }
        )
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if response_format is not UNSET:
            field_dict["response_format"] = response_format
        if temperature is not UNSET:
            field_dict["temperature"] = temperature

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if isinstance(self.model, str):
            files.append(("model", (None, str(self.model).encode(), "text/plain")))
        else:
            files.append(
                ("model", (None, str(self.model.value).encode(), "text/plain"))
            )

        if not isinstance(self.prompt, Unset):
            files.append(("prompt", (None, str(self.prompt).encode(), "text/plain")))

        if not isinstance(self.response_format, Unset):
            files.append(
                (
                    "response_format",
                    (None, str(self.response_format.value).encode(), "text/plain"),
                )
            )

        if not isinstance(self.temperature, Unset):
            files.append(
                ("temperature", (None, str(self.temperature).encode(), "text/plain"))
            )

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        def _parse_model(data: object) -> CreateTranslationRequestModelType1 | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_type_1 = CreateTranslationRequestModelType1(data)

                return model_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateTranslationRequestModelType1 | str, data)

        model = _parse_model(d.pop("model"))

        prompt = d.pop("prompt", UNSET)

        _response_format = d.pop("response_format", UNSET)
        response_format: CreateTranslationRequestResponseFormat | Unset
        if isinstance(_response_format, Unset):
            response_format = UNSET
        else:
            response_format = CreateTranslationRequestResponseFormat(_response_format)

        temperature = d.pop("temperature", UNSET)

        create_translation_request = cls(
            file=file,
            model=model,
            prompt=prompt,
            response_format=response_format,
            temperature=temperature,
        )

        return create_translation_request
