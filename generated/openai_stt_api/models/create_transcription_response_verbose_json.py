from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.duration_usage import DurationUsage
    from ..models.transcription_segment import TranscriptionSegment
    from ..models.transcription_word import TranscriptionWord


T = TypeVar("T", bound="CreateTranscriptionResponseVerboseJson")


@_attrs_define
class CreateTranscriptionResponseVerboseJson:
    """Represents a verbose json transcription response returned by model, based on the provided input.

    Attributes:
        language (str): The language of the input audio.
        duration (float): The duration of the input audio.
        text (str): The transcribed text.
        words (list[TranscriptionWord] | Unset): Extracted words and their corresponding timestamps.
        segments (list[TranscriptionSegment] | Unset): Segments of the transcribed text and their corresponding details.
        usage (DurationUsage | Unset): Usage statistics for models billed by audio input duration.
    """

    language: str
    duration: float
    text: str
    words: list[TranscriptionWord] | Unset = UNSET
    segments: list[TranscriptionSegment] | Unset = UNSET
    usage: DurationUsage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        language = self.language

        duration = self.duration

        text = self.text

        words: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.words, Unset):
            words = []
            for words_item_data in self.words:
                words_item = words_item_data.to_dict()
                words.append(words_item)

        segments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.segments, Unset):
            segments = []
            for segments_item_data in self.segments:
                segments_item = segments_item_data.to_dict()
                segments.append(segments_item)

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "language": language,
                "duration": duration,
                "text": text,
            }
        )
        if words is not UNSET:
            field_dict["words"] = words
        if segments is not UNSET:
            field_dict["segments"] = segments
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.duration_usage import DurationUsage
        from ..models.transcription_segment import TranscriptionSegment
        from ..models.transcription_word import TranscriptionWord

        d = dict(src_dict)
        language = d.pop("language")

        duration = d.pop("duration")

        text = d.pop("text")

        _words = d.pop("words", UNSET)
        words: list[TranscriptionWord] | Unset = UNSET
        if _words is not UNSET:
            words = []
            for words_item_data in _words:
                words_item = TranscriptionWord.from_dict(words_item_data)

                words.append(words_item)

        _segments = d.pop("segments", UNSET)
        segments: list[TranscriptionSegment] | Unset = UNSET
        if _segments is not UNSET:
            segments = []
            for segments_item_data in _segments:
                segments_item = TranscriptionSegment.from_dict(segments_item_data)

                segments.append(segments_item)

        _usage = d.pop("usage", UNSET)
        usage: DurationUsage | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = DurationUsage.from_dict(_usage)

        create_transcription_response_verbose_json = cls(
            language=language,
            duration=duration,
            text=text,
            words=words,
            segments=segments,
            usage=usage,
        )

        create_transcription_response_verbose_json.additional_properties = d
        return create_transcription_response_verbose_json

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
