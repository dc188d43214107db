from __future__ import annotations

import json
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from .. import types
from ..models.audio_response_format import AudioResponseFormat
from ..models.create_transcription_request_chunking_strategy_type_0_type_0 import (
    CreateTranscriptionRequestChunkingStrategyType0Type0,
)
from ..models.create_transcription_request_model_type_1 import (
    CreateTranscriptionRequestModelType1,
)
from ..models.create_transcription_request_timestamp_granularities_item import (
    CreateTranscriptionRequestTimestampGranularitiesItem,
)
from ..models.transcription_include import TranscriptionInclude
from ..types import UNSET, File, Unset

if TYPE_CHECKING:
    from ..models.vad_config import VadConfig


T = TypeVar("T", bound="CreateTranscriptionRequest")


@_attrs_define
class CreateTranscriptionRequest:
    """
    Attributes:
        file (File): The audio file object (not file name) to transcribe, in one of these formats: flac, mp3, mp4, mpeg,
            mpga, m4a, ogg, wav, or webm.
            The request must include enough format metadata for the file to be identified. We recommend an extension-bearing
            filename and an appropriate content type.
        model (CreateTranscriptionRequestModelType1 | str): ID of the model to use. The options are `gpt-transcribe`,
            `gpt-4o-transcribe`, `gpt-4o-mini-transcribe`, `gpt-4o-mini-transcribe-2025-12-15`, `whisper-1` (which is
            powered by our open source Whisper V2 model), and `gpt-4o-transcribe-diarize`.
             Example: gpt-4o-transcribe.
        language (str | Unset): The language of the input audio. Supplying the input language in
            [ISO-639-1](https://en.wikipedia.org/wiki/List_of_ISO_639-1_codes) (e.g. `en`) format will improve accuracy and
            latency.
        languages (list[str] | Unset): Possible languages of the input audio, in
            [ISO-639-1](https://en.wikipedia.org/wiki/List_of_ISO_639-1_codes) format. Supported by `gpt-transcribe`.
        keywords (list[str] | Unset): Words or phrases to guide transcription of the input audio. Supported by `gpt-
            transcribe`.
        prompt (str | Unset): An optional text to guide the model's style or continue a previous audio segment. The
            [prompt](/docs/guides/speech-to-text#prompting) should match the audio language. This field is not supported
            when using `gpt-4o-transcribe-diarize`.
        response_format (AudioResponseFormat | Unset): The format of the output, in one of these options: `json`,
            `text`, `srt`, `verbose_json`, `vtt`, or `diarized_json`. For `gpt-4o-transcribe` and `gpt-4o-mini-transcribe`,
            the only supported format is `json`. For `gpt-4o-transcribe-diarize`, the supported formats are `json`, `text`,
            and `diarized_json`, with `diarized_json` required to receive speaker annotations.
        temperature (float | Unset): The sampling temperature, between 0 and 1. Higher values like 0.8 will make the
            output more random, while lower values like 0.2 will make it more focused and deterministic. If set to 0, the
            model will use [log probability](https://en.wikipedia.org/wiki/Log_probability) to automatically increase the
            temperature until certain thresholds are hit.
             Default: 0.0.
        include (list[TranscriptionInclude] | Unset): Additional information to include in the transcription response.
            `logprobs` will return the log probabilities of the tokens in the
            response to understand the model's confidence in the transcription.
            `logprobs` only works with response_format set to `json` and only with
            the models `gpt-4o-transcribe`, `gpt-4o-mini-transcribe`, and `gpt-4o-mini-transcribe-2025-12-15`. This field is
            not supported when using `gpt-4o-transcribe-diarize`.
        timestamp_granularities (list[CreateTranscriptionRequestTimestampGranularitiesItem] | Unset): The timestamp
            granularities to populate for this transcription. `response_format` must be set `verbose_json` to use timestamp
            granularities. Either or both of these options are supported: `word`, or `segment`. Note: There is no additional
            latency for segment timestamps, but generating word timestamps incurs additional latency.
            This option is not available for `gpt-4o-transcribe-diarize`.
        stream (bool | None | Unset):
        chunking_strategy (CreateTranscriptionRequestChunkingStrategyType0Type0 | None | Unset | VadConfig):
        known_speaker_names (list[str] | Unset): Optional list of speaker names that correspond to the audio samples
            provided in `known_speaker_references[]`. Each entry should be a short identifier (for example `customer` or
            `agent`). Up to 4 speakers are supported.
        known_speaker_references (list[str] | Unset): Optional list of audio samples (as [data
            URLs](https://developer.mozilla.org/en-US/docs/Web/HTTP/Basics_of_HTTP/Data_URLs)) that contain known speaker
            references matching `known_speaker_names[]`. Each sample must be between 2 and 10 seconds, and can use any of
            the same input audio formats supported by `file`.
    """

    file: File
    model: CreateTranscriptionRequestModelType1 | str
    language: str | Unset = UNSET
    languages: list[str] | Unset = UNSET
    keywords: list[str] | Unset = UNSET
    prompt: str | Unset = UNSET
    response_format: AudioResponseFormat | Unset = UNSET
    temperature: float | Unset = 0.0
    include: list[TranscriptionInclude] | Unset = UNSET
    timestamp_granularities: (
        list[CreateTranscriptionRequestTimestampGranularitiesItem] | Unset
    ) = UNSET
    stream: bool | None | Unset = UNSET
    chunking_strategy: (
        CreateTranscriptionRequestChunkingStrategyType0Type0 | None | Unset | VadConfig
    ) = UNSET
    known_speaker_names: list[str] | Unset = UNSET
    known_speaker_references: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.vad_config import VadConfig

        file = self.file.to_tuple()

        model: str
        if isinstance(self.model, CreateTranscriptionRequestModelType1):
            model = self.model.value
        else:
            model = self.model

        language = self.language

        languages: list[str] | Unset = UNSET
        if not isinstance(self.languages, Unset):
            languages = self.languages

        keywords: list[str] | Unset = UNSET
        if not isinstance(self.keywords, Unset):
            keywords = self.keywords

        prompt = self.prompt

        response_format: str | Unset = UNSET
        if not isinstance(self.response_format, Unset):
            response_format = self.response_format.value

        temperature = self.temperature

        include: list[str] | Unset = UNSET
        if not isinstance(self.include, Unset):
            include = []
            for include_item_data in self.include:
                include_item = include_item_data.value
                include.append(include_item)

        timestamp_granularities: list[str] | Unset = UNSET
        if not isinstance(self.timestamp_granularities, Unset):
            timestamp_granularities = []
            for timestamp_granularities_item_data in self.timestamp_granularities:
                timestamp_granularities_item = timestamp_granularities_item_data.value
                timestamp_granularities.append(timestamp_granularities_item)

        stream: bool | None | Unset
        if isinstance(self.stream, Unset):
            stream = UNSET
        else:
            stream = self.stream

        chunking_strategy: dict[str, Any] | None | str | Unset
        if isinstance(self.chunking_strategy, Unset):
            chunking_strategy = UNSET
        elif isinstance(
            self.chunking_strategy, CreateTranscriptionRequestChunkingStrategyType0Type0
        ):
            chunking_strategy = self.chunking_strategy.value
        elif isinstance(self.chunking_strategy, VadConfig):
            chunking_strategy = self.chunking_strategy.to_dict()
        else:
            chunking_strategy = self.chunking_strategy

        known_speaker_names: list[str] | Unset = UNSET
        if not isinstance(self.known_speaker_names, Unset):
            known_speaker_names = self.known_speaker_names

        known_speaker_references: list[str] | Unset = UNSET
        if not isinstance(self.known_speaker_references, Unset):
            known_speaker_references = self.known_speaker_references

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file": file,
                "model": model,
            }
        )
        if language is not UNSET:
            field_dict["language"] = language
        if languages is not UNSET:
            field_dict["languages"] = languages
        if keywords is not UNSET:
            field_dict["keywords"] = keywords
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if response_format is not UNSET:
            field_dict["response_format"] = response_format
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if include is not UNSET:
            field_dict["include"] = include
        if timestamp_granularities is not UNSET:
            field_dict["timestamp_granularities"] = timestamp_granularities
        if stream is not UNSET:
            field_dict["stream"] = stream
        if chunking_strategy is not UNSET:
            field_dict["chunking_strategy"] = chunking_strategy
        if known_speaker_names is not UNSET:
            field_dict["known_speaker_names"] = known_speaker_names
        if known_speaker_references is not UNSET:
            field_dict["known_speaker_references"] = known_speaker_references

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        from ..models.vad_config import VadConfig

        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if isinstance(self.model, str):
            files.append(("model", (None, str(self.model).encode(), "text/plain")))
        else:
            files.append(
                ("model", (None, str(self.model.value).encode(), "text/plain"))
            )

        if not isinstance(self.language, Unset):
            files.append(
                ("language", (None, str(self.language).encode(), "text/plain"))
            )

        if not isinstance(self.languages, Unset):
            for languages_item_element in self.languages:
                files.append(
                    (
                        "languages",
                        (None, str(languages_item_element).encode(), "text/plain"),
                    )
                )

        if not isinstance(self.keywords, Unset):
            for keywords_item_element in self.keywords:
                files.append(
                    (
                        "keywords",
                        (None, str(keywords_item_element).encode(), "text/plain"),
                    )
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

        if not isinstance(self.include, Unset):
            for include_item_element in self.include:
                files.append(
                    (
                        "include",
                        (None, str(include_item_element.value).encode(), "text/plain"),
                    )
                )

        if not isinstance(self.timestamp_granularities, Unset):
            for timestamp_granularities_item_element in self.timestamp_granularities:
                files.append(
                    (
                        "timestamp_granularities",
                        (
                            None,
                            str(timestamp_granularities_item_element.value).encode(),
                            "text/plain",
                        ),
                    )
                )

        if not isinstance(self.stream, Unset):
            if isinstance(self.stream, bool):
                files.append(
                    ("stream", (None, str(self.stream).encode(), "text/plain"))
                )
            else:
                files.append(
                    ("stream", (None, str(self.stream).encode(), "text/plain"))
                )

        if not isinstance(self.chunking_strategy, Unset):
            if isinstance(
                self.chunking_strategy,
                CreateTranscriptionRequestChunkingStrategyType0Type0,
            ):
                files.append(
                    (
                        "chunking_strategy",
                        (
                            None,
                            str(self.chunking_strategy.value).encode(),
                            "text/plain",
                        ),
                    )
                )
            elif isinstance(self.chunking_strategy, VadConfig):
                files.append(
                    (
                        "chunking_strategy",
                        (
                            None,
                            json.dumps(self.chunking_strategy.to_dict()).encode(),
                            "application/json",
                        ),
                    )
                )
            else:
                files.append(
                    (
                        "chunking_strategy",
                        (None, str(self.chunking_strategy).encode(), "text/plain"),
                    )
                )

        if not isinstance(self.known_speaker_names, Unset):
            for known_speaker_names_item_element in self.known_speaker_names:
                files.append(
                    (
                        "known_speaker_names",
                        (
                            None,
                            str(known_speaker_names_item_element).encode(),
                            "text/plain",
                        ),
                    )
                )

        if not isinstance(self.known_speaker_references, Unset):
            for known_speaker_references_item_element in self.known_speaker_references:
                files.append(
                    (
                        "known_speaker_references",
                        (
                            None,
                            str(known_speaker_references_item_element).encode(),
                            "text/plain",
                        ),
                    )
                )

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.vad_config import VadConfig

        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        def _parse_model(data: object) -> CreateTranscriptionRequestModelType1 | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_type_1 = CreateTranscriptionRequestModelType1(data)

                return model_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateTranscriptionRequestModelType1 | str, data)

        model = _parse_model(d.pop("model"))

        language = d.pop("language", UNSET)

        languages = cast(list[str], d.pop("languages", UNSET))

        keywords = cast(list[str], d.pop("keywords", UNSET))

        prompt = d.pop("prompt", UNSET)

        _response_format = d.pop("response_format", UNSET)
        response_format: AudioResponseFormat | Unset
        if isinstance(_response_format, Unset):
            response_format = UNSET
        else:
            response_format = AudioResponseFormat(_response_format)

        temperature = d.pop("temperature", UNSET)

        _include = d.pop("include", UNSET)
        include: list[TranscriptionInclude] | Unset = UNSET
        if _include is not UNSET:
            include = []
            for include_item_data in _include:
                include_item = TranscriptionInclude(include_item_data)

                include.append(include_item)

        _timestamp_granularities = d.pop("timestamp_granularities", UNSET)
        timestamp_granularities: (
            list[CreateTranscriptionRequestTimestampGranularitiesItem] | Unset
        ) = UNSET
        if _timestamp_granularities is not UNSET:
            timestamp_granularities = []
            for timestamp_granularities_item_data in _timestamp_granularities:
                timestamp_granularities_item = (
                    CreateTranscriptionRequestTimestampGranularitiesItem(
                        timestamp_granularities_item_data
                    )
                )

                timestamp_granularities.append(timestamp_granularities_item)

        def _parse_stream(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        stream = _parse_stream(d.pop("stream", UNSET))

        def _parse_chunking_strategy(
            data: object,
        ) -> (
            CreateTranscriptionRequestChunkingStrategyType0Type0
            | None
            | Unset
            | VadConfig
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                chunking_strategy_type_0_type_0 = (
                    CreateTranscriptionRequestChunkingStrategyType0Type0(data)
                )

                return chunking_strategy_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                chunking_strategy_type_0_type_1 = VadConfig.from_dict(data)

                return chunking_strategy_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                CreateTranscriptionRequestChunkingStrategyType0Type0
                | None
                | Unset
                | VadConfig,
                data,
            )

        chunking_strategy = _parse_chunking_strategy(d.pop("chunking_strategy", UNSET))

        known_speaker_names = cast(list[str], d.pop("known_speaker_names", UNSET))

        known_speaker_references = cast(
            list[str], d.pop("known_speaker_references", UNSET)
        )

        create_transcription_request = cls(
            file=file,
            model=model,
            language=language,
            languages=languages,
            keywords=keywords,
            prompt=prompt,
            response_format=response_format,
            temperature=temperature,
            include=include,
            timestamp_granularities=timestamp_granularities,
            stream=stream,
            chunking_strategy=chunking_strategy,
            known_speaker_names=known_speaker_names,
            known_speaker_references=known_speaker_references,
        )

        return create_transcription_request
