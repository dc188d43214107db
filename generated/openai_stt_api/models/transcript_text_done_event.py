from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transcript_text_done_event_type import TranscriptTextDoneEventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.token_usage import TokenUsage
    from ..models.transcript_text_done_event_logprobs_item import (
        TranscriptTextDoneEventLogprobsItem,
    )
    from ..models.transcription_language import TranscriptionLanguage


T = TypeVar("T", bound="TranscriptTextDoneEvent")


@_attrs_define
class TranscriptTextDoneEvent:
    """Emitted when the transcription is complete. Contains the complete transcription text. Only emitted when you [create
    a transcription](/docs/api-reference/audio/create-transcription) with the `Stream` parameter set to `true`.

        Attributes:
            type_ (TranscriptTextDoneEventType): The type of the event. Always `transcript.text.done`.
            text (str): The text that was transcribed.
            languages (list[TranscriptionLanguage] | Unset): The languages detected in the audio. Returned by `gpt-
                transcribe`. An empty array indicates that no language could be reliably detected.
            logprobs (list[TranscriptTextDoneEventLogprobsItem] | Unset): The log probabilities of the individual tokens in
                the transcription. Only included if you [create a transcription](/docs/api-reference/audio/create-transcription)
                with the `include[]` parameter set to `logprobs`.
            usage (TokenUsage | Unset): Usage statistics for models billed by token usage.
    """

    type_: TranscriptTextDoneEventType
    text: str
    languages: list[TranscriptionLanguage] | Unset = UNSET
    logprobs: list[TranscriptTextDoneEventLogprobsItem] | Unset = UNSET
    usage: TokenUsage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        text = self.text

        languages: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.languages, Unset):
            languages = []
            for languages_item_data in self.languages:
                languages_item = languages_item_data.to_dict()
                languages.append(languages_item)

        logprobs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.logprobs, Unset):
            logprobs = []
            for logprobs_item_data in self.logprobs:
                logprobs_item = logprobs_item_data.to_dict()
                logprobs.append(logprobs_item)

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "text": text,
            }
        )
        if languages is not UNSET:
            field_dict["languages"] = languages
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.token_usage import TokenUsage
        from ..models.transcript_text_done_event_logprobs_item import (
            TranscriptTextDoneEventLogprobsItem,
        )
        from ..models.transcription_language import TranscriptionLanguage

        d = dict(src_dict)
        type_ = TranscriptTextDoneEventType(d.pop("type"))

        text = d.pop("text")

        _languages = d.pop("languages", UNSET)
        languages: list[TranscriptionLanguage] | Unset = UNSET
        if _languages is not UNSET:
            languages = []
            for languages_item_data in _languages:
                languages_item = TranscriptionLanguage.from_dict(languages_item_data)

                languages.append(languages_item)

        _logprobs = d.pop("logprobs", UNSET)
        logprobs: list[TranscriptTextDoneEventLogprobsItem] | Unset = UNSET
        if _logprobs is not UNSET:
            logprobs = []
            for logprobs_item_data in _logprobs:
                logprobs_item = TranscriptTextDoneEventLogprobsItem.from_dict(
                    logprobs_item_data
                )

                logprobs.append(logprobs_item)

        _usage = d.pop("usage", UNSET)
        usage: TokenUsage | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = TokenUsage.from_dict(_usage)

        transcript_text_done_event = cls(
            type_=type_,
            text=text,
            languages=languages,
            logprobs=logprobs,
            usage=usage,
        )

        transcript_text_done_event.additional_properties = d
        return transcript_text_done_event

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
