from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.token_usage_type import TokenUsageType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.token_usage_input_token_details import TokenUsageInputTokenDetails


T = TypeVar("T", bound="TokenUsage")


@_attrs_define
class TokenUsage:
    """Usage statistics for models billed by token usage.

    Attributes:
        type_ (TokenUsageType): The type of the usage object. Always `tokens` for this variant.
        input_tokens (int): Number of input tokens billed for this request.
        output_tokens (int): Number of output tokens generated.
        total_tokens (int): Total number of tokens used (input + output).
        input_token_details (TokenUsageInputTokenDetails | Unset): Details about the input tokens billed for this
            request.
    """

    type_: TokenUsageType
    input_tokens: int
    output_tokens: int
    total_tokens: int
    input_token_details: TokenUsageInputTokenDetails | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        total_tokens = self.total_tokens

        input_token_details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.input_token_details, Unset):
            input_token_details = self.input_token_details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "input_tokens": input_tokens,
                "output_tokens": output_tokens,
                "total_tokens": total_tokens,
            }
        )
        if input_token_details is not UNSET:
            field_dict["input_token_details"] = input_token_details

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.token_usage_input_token_details import TokenUsageInputTokenDetails

        d = dict(src_dict)
        type_ = TokenUsageType(d.pop("type"))

        input_tokens = d.pop("input_tokens")

        output_tokens = d.pop("output_tokens")

        total_tokens = d.pop("total_tokens")

        _input_token_details = d.pop("input_token_details", UNSET)
        input_token_details: TokenUsageInputTokenDetails | Unset
        if isinstance(_input_token_details, Unset):
            input_token_details = UNSET
        else:
            input_token_details = TokenUsageInputTokenDetails.from_dict(
                _input_token_details
            )

        token_usage = cls(
            type_=type_,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            total_tokens=total_tokens,
            input_token_details=input_token_details,
        )

        token_usage.additional_properties = d
        return token_usage

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
