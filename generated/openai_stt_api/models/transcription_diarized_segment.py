from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transcription_diarized_segment_type import (
    TranscriptionDiarizedSegmentType,
)

T = TypeVar("T", bound="TranscriptionDiarizedSegment")


@_attrs_define
class TranscriptionDiarizedSegment:
    """A segment of diarized transcript text with speaker metadata.

    Attributes:
        type_ (TranscriptionDiarizedSegmentType): The type of the segment. Always `transcript.text.segment`.
        id (str): Unique identifier for the segment.
        start (float): Start timestamp of the segment in seconds.
        end (float): End timestamp of the segment in seconds.
        text (str): Transcript text for this segment.
        speaker (str): Speaker label for this segment. When known speakers are provided, the label matches
            `known_speaker_names[]`. Otherwise speakers are labeled sequentially using capital letters (`A`, `B`, ...).
    """

    type_: TranscriptionDiarizedSegmentType
    id: str
    start: float
    end: float
    text: str
    speaker: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        id = self.id

        start = self.start

        end = self.end

        text = self.text

        speaker = self.speaker

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "id": id,
                "start": start,
                "end": end,
                "text": text,
                "speaker": speaker,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = TranscriptionDiarizedSegmentType(d.pop("type"))

        id = d.pop("id")

        start = d.pop("start")

        end = d.pop("end")

        text = d.pop("text")

        speaker = d.pop("speaker")

        transcription_diarized_segment = cls(
            type_=type_,
            id=id,
            start=start,
            end=end,
            text=text,
            speaker=speaker,
        )

        transcription_diarized_segment.additional_properties = d
        return transcription_diarized_segment

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
