from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TranscriptTextDeltaEventLogprobsItem")


@_attrs_define
class TranscriptTextDeltaEventLogprobsItem:
    """
    Attributes:
        token (str | Unset): The token that was used to generate the log probability.
        logprob (float | Unset): The log probability of the token.
        bytes_ (list[int] | Unset): The bytes that were used to generate the log probability.
    """

    token: str | Unset = UNSET
    logprob: float | Unset = UNSET
    bytes_: list[int] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        logprob = self.logprob

        bytes_: list[int] | Unset = UNSET
        if not isinstance(self.bytes_, Unset):
            bytes_ = self.bytes_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if token is not UNSET:
            field_dict["token"] = token
        if logprob is not UNSET:
            field_dict["logprob"] = logprob
        if bytes_ is not UNSET:
            field_dict["bytes"] = bytes_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        token = d.pop("token", UNSET)

        logprob = d.pop("logprob", UNSET)

        bytes_ = cast(list[int], d.pop("bytes", UNSET))

        transcript_text_delta_event_logprobs_item = cls(
            token=token,
            logprob=logprob,
            bytes_=bytes_,
        )

        transcript_text_delta_event_logprobs_item.additional_properties = d
        return transcript_text_delta_event_logprobs_item

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
