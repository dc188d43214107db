from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.stt_usage import STTUsage


T = TypeVar("T", bound="STTResponse")


@_attrs_define
class STTResponse:
    """STT response containing transcribed text and optional usage statistics

    Example:
        {'text': 'Hello, this is a test of OpenAI speech-to-text transcription.', 'usage': {'cost': 0.000508,
            'input_tokens': 83, 'output_tokens': 30, 'seconds': 9.2, 'total_tokens': 113}}

    Attributes:
        text (str): The transcribed text Example: Hello, this is a test of OpenAI speech-to-text transcription. The
            weather is sunny today and the temperature is around 72 degrees..
        usage (STTUsage | Unset): Aggregated usage statistics for the request Example: {'cost': 0.000508,
            'input_tokens': 83, 'output_tokens': 30, 'seconds': 9.2, 'total_tokens': 113}.
    """

    text: str
    usage: STTUsage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "text": text,
            }
        )
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.stt_usage import STTUsage

        d = dict(src_dict)
        text = d.pop("text")

        _usage = d.pop("usage", UNSET)
        usage: STTUsage | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = STTUsage.from_dict(_usage)

        stt_response = cls(
            text=text,
            usage=usage,
        )

        stt_response.additional_properties = d
        return stt_response

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
