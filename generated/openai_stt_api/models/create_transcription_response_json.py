from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_transcription_response_json_logprobs_item import (
        CreateTranscriptionResponseJsonLogprobsItem,
    )
    from ..models.duration_usage import DurationUsage
    from ..models.token_usage import TokenUsage
    from ..models.transcription_language import TranscriptionLanguage


T = TypeVar("T", bound="CreateTranscriptionResponseJson")


@_attrs_define
class CreateTranscriptionResponseJson:
    """Represents a transcription response returned by model, based on the provided input.

    Attributes:
        text (str): The transcribed text.
        languages (list[TranscriptionLanguage] | Unset): The languages detected in the audio. Returned by `gpt-
            transcribe`. An empty array indicates that no language could be reliably detected.
        logprobs (list[CreateTranscriptionResponseJsonLogprobsItem] | Unset): The log probabilities of the tokens in the
            transcription. Only returned with the models `gpt-4o-transcribe` and `gpt-4o-mini-transcribe` if `logprobs` is
            added to the `include` array.
        usage (DurationUsage | TokenUsage | Unset): Token usage statistics for the request.
    """

    text: str
    languages: list[TranscriptionLanguage] | Unset = UNSET
    logprobs: list[CreateTranscriptionResponseJsonLogprobsItem] | Unset = UNSET
    usage: DurationUsage | TokenUsage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.token_usage import TokenUsage

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
        from ..models.create_transcription_response_json_logprobs_item import (
            CreateTranscriptionResponseJsonLogprobsItem,
        )
        from ..models.duration_usage import DurationUsage
        from ..models.token_usage import TokenUsage
        from ..models.transcription_language import TranscriptionLanguage

        d = dict(src_dict)
        text = d.pop("text")

        _languages = d.pop("languages", UNSET)
        languages: list[TranscriptionLanguage] | Unset = UNSET
        if _languages is not UNSET:
            languages = []
            for languages_item_data in _languages:
                languages_item = TranscriptionLanguage.from_dict(languages_item_data)

                languages.append(languages_item)

        _logprobs = d.pop("logprobs", UNSET)
        logprobs: list[CreateTranscriptionResponseJsonLogprobsItem] | Unset = UNSET
        if _logprobs is not UNSET:
            logprobs = []
            for logprobs_item_data in _logprobs:
                logprobs_item = CreateTranscriptionResponseJsonLogprobsItem.from_dict(
                    logprobs_item_data
                )

                logprobs.append(logprobs_item)

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

        create_transcription_response_json = cls(
            text=text,
            languages=languages,
            logprobs=logprobs,
            usage=usage,
        )

        create_transcription_response_json.additional_properties = d
        return create_transcription_response_json

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
