from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transcript_text_delta_event_type import TranscriptTextDeltaEventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.transcript_text_delta_event_logprobs_item import (
        TranscriptTextDeltaEventLogprobsItem,
    )


T = TypeVar("T", bound="TranscriptTextDeltaEvent")


@_attrs_define
class TranscriptTextDeltaEvent:
    """Emitted when there is an additional text delta. This is also the first event emitted when the transcription starts.
    Only emitted when you [create a transcription](/docs/api-reference/audio/create-transcription) with the `Stream`
    parameter set to `true`.

        Attributes:
            type_ (TranscriptTextDeltaEventType): The type of the event. Always `transcript.text.delta`.
            delta (str): The text delta that was additionally transcribed.
            logprobs (list[TranscriptTextDeltaEventLogprobsItem] | Unset): The log probabilities of the delta. Only included
                if you [create a transcription](/docs/api-reference/audio/create-transcription) with the `include[]` parameter
                set to `logprobs`.
            segment_id (str | Unset): Identifier of the diarized segment that this delta belongs to. Only present when using
                `gpt-4o-transcribe-diarize`.
    """

    type_: TranscriptTextDeltaEventType
    delta: str
    logprobs: list[TranscriptTextDeltaEventLogprobsItem] | Unset = UNSET
    segment_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        delta = self.delta

        logprobs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.logprobs, Unset):
            logprobs = []
            for logprobs_item_data in self.logprobs:
                logprobs_item = logprobs_item_data.to_dict()
                logprobs.append(logprobs_item)

        segment_id = self.segment_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "delta": delta,
            }
        )
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs
        if segment_id is not UNSET:
            field_dict["segment_id"] = segment_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.transcript_text_delta_event_logprobs_item import (
            TranscriptTextDeltaEventLogprobsItem,
        )

        d = dict(src_dict)
        type_ = TranscriptTextDeltaEventType(d.pop("type"))

        delta = d.pop("delta")

        _logprobs = d.pop("logprobs", UNSET)
        logprobs: list[TranscriptTextDeltaEventLogprobsItem] | Unset = UNSET
        if _logprobs is not UNSET:
            logprobs = []
            for logprobs_item_data in _logprobs:
                logprobs_item = TranscriptTextDeltaEventLogprobsItem.from_dict(
                    logprobs_item_data
                )

                logprobs.append(logprobs_item)

        segment_id = d.pop("segment_id", UNSET)

        transcript_text_delta_event = cls(
            type_=type_,
            delta=delta,
            logprobs=logprobs,
            segment_id=segment_id,
        )

        transcript_text_delta_event.additional_properties = d
        return transcript_text_delta_event

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
