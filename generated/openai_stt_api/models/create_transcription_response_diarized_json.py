from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_transcription_response_diarized_json_task import (
    CreateTranscriptionResponseDiarizedJsonTask,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.duration_usage import DurationUsage
    from ..models.token_usage import TokenUsage
    from ..models.transcription_diarized_segment import TranscriptionDiarizedSegment


T = TypeVar("T", bound="CreateTranscriptionResponseDiarizedJson")


@_attrs_define
class CreateTranscriptionResponseDiarizedJson:
    """Represents a diarized transcription response returned by the model, including the combined transcript and speaker-
    segment annotations.

        Attributes:
            task (CreateTranscriptionResponseDiarizedJsonTask): The type of task that was run. Always `transcribe`.
            duration (float): Duration of the input audio in seconds.
            text (str): The concatenated transcript text for the entire audio input.
            segments (list[TranscriptionDiarizedSegment]): Segments of the transcript annotated with timestamps and speaker
                labels.
            usage (DurationUsage | TokenUsage | Unset): Token or duration usage statistics for the request.
    """

    task: CreateTranscriptionResponseDiarizedJsonTask
    duration: float
    text: str
    segments: list[TranscriptionDiarizedSegment]
    usage: DurationUsage | TokenUsage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.token_usage import TokenUsage

        task = self.task.value

        duration = self.duration

        text = self.text

        segments = []
        for segments_item_data in self.segments:
            segments_item = segments_item_data.to_dict()
            segments.append(segments_item)

        usage: dict[str, Any] | Unset
        if isinstance(self.usage, Unset):
            usage = UNSET
        elif isinstance(self.usage, TokenUsage):
            usage = self.usage.to_dict()
        else:
            usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "task": task,
                "duration": duration,
                "text": text,
                "segments": segments,
            }
        )
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.duration_usage import DurationUsage
        from ..models.token_usage import TokenUsage
        from ..models.transcription_diarized_segment import TranscriptionDiarizedSegment

        d = dict(src_dict)
        task = CreateTranscriptionResponseDiarizedJsonTask(d.pop("task"))

        duration = d.pop("duration")

        text = d.pop("text")

        segments = []
        _segments = d.pop("segments")
        for segments_item_data in _segments:
            segments_item = TranscriptionDiarizedSegment.from_dict(segments_item_data)

            segments.append(segments_item)

        def _parse_usage(data: object) -> DurationUsage | TokenUsage | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                usage_type_0 = TokenUsage.from_dict(data)

                return usage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            usage_type_1 = DurationUsage.from_dict(data)

            return usage_type_1

        usage = _parse_usage(d.pop("usage", UNSET))

        create_transcription_response_diarized_json = cls(
            task=task,
            duration=duration,
            text=text,
            segments=segments,
            usage=usage,
        )

        create_transcription_response_diarized_json.additional_properties = d
        return create_transcription_response_diarized_json

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
