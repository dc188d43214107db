from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reasoning_effort_type_1 import ReasoningEffortType1
from ..models.reasoning_effort_type_2_type_1 import ReasoningEffortType2Type1
from ..models.reasoning_effort_type_3_type_1 import ReasoningEffortType3Type1
from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelReasoning")


@_attrs_define
class ModelReasoning:
    """Reasoning effort configuration. Omitted for non-reasoning models and dynamic router models.

    Example:
        {'default_effort': 'medium', 'default_enabled': True, 'mandatory': False, 'supported_efforts': ['high',
            'medium', 'low', 'minimal']}

    Attributes:
        mandatory (bool): When true, reasoning cannot be disabled and effort "none" is rejected.
        default_effort (None | ReasoningEffortType1 | ReasoningEffortType2Type1 | ReasoningEffortType3Type1 | Unset):
            Example: medium.
        default_enabled (bool | Unset): Default reasoning enabled state when the client does not set
            `reasoning.enabled`.
        supported_efforts (list[None | ReasoningEffortType1 | ReasoningEffortType2Type1 | ReasoningEffortType3Type1] |
            None | Unset): Allowed reasoning effort values for this model, in descending effort order (highest first). Null
            means no allowlist — all gateway effort values are accepted.
        supports_max_tokens (bool | Unset): Present and `true` when the model accepts `reasoning.max_tokens` in requests
            (Anthropic-style) instead of or in addition to `reasoning.effort`. Omitted otherwise.
    """

    mandatory: bool
    default_effort: (
        None
        | ReasoningEffortType1
        | ReasoningEffortType2Type1
        | ReasoningEffortType3Type1
        | Unset
    ) = UNSET
    default_enabled: bool | Unset = UNSET
    supported_efforts: (
        list[
            None
            | ReasoningEffortType1
            | ReasoningEffortType2Type1
            | ReasoningEffortType3Type1
        ]
        | None
        | Unset
    ) = UNSET
    supports_max_tokens: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mandatory = self.mandatory

        default_effort: None | str | Unset
        if isinstance(self.default_effort, Unset):
            default_effort = UNSET
        elif (
            isinstance(self.default_effort, ReasoningEffortType1)
            or isinstance(self.default_effort, ReasoningEffortType2Type1)
            or isinstance(self.default_effort, ReasoningEffortType3Type1)
        ):
            default_effort = self.default_effort.value
        else:
            default_effort = self.default_effort

        default_enabled = self.default_enabled

        supported_efforts: list[None | str] | None | Unset
        if isinstance(self.supported_efforts, Unset):
            supported_efforts = UNSET
        elif isinstance(self.supported_efforts, list):
            supported_efforts = []
            for supported_efforts_type_0_item_data in self.supported_efforts:
                supported_efforts_type_0_item: None | str
                if (
                    isinstance(supported_efforts_type_0_item_data, ReasoningEffortType1)
                    or isinstance(
                        supported_efforts_type_0_item_data, ReasoningEffortType2Type1
                    )
                    or isinstance(
                        supported_efforts_type_0_item_data, ReasoningEffortType3Type1
                    )
                ):
                    supported_efforts_type_0_item = (
                        supported_efforts_type_0_item_data.value
                    )
                else:
                    supported_efforts_type_0_item = supported_efforts_type_0_item_data
                supported_efforts.append(supported_efforts_type_0_item)

        else:
            supported_efforts = self.supported_efforts

        supports_max_tokens = self.supports_max_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mandatory": mandatory,
            }
        )
        if default_effort is not UNSET:
            field_dict["default_effort"] = default_effort
        if default_enabled is not UNSET:
            field_dict["default_enabled"] = default_enabled
        if supported_efforts is not UNSET:
            field_dict["supported_efforts"] = supported_efforts
        if supports_max_tokens is not UNSET:
            field_dict["supports_max_tokens"] = supports_max_tokens

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mandatory = d.pop("mandatory")

        def _parse_default_effort(
            data: object,
        ) -> (
            None
            | ReasoningEffortType1
            | ReasoningEffortType2Type1
            | ReasoningEffortType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_reasoning_effort_type_1 = ReasoningEffortType1(data)

                return componentsschemas_reasoning_effort_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_reasoning_effort_type_2_type_1 = (
                    ReasoningEffortType2Type1(data)
                )

                return componentsschemas_reasoning_effort_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_reasoning_effort_type_3_type_1 = (
                    ReasoningEffortType3Type1(data)
                )

                return componentsschemas_reasoning_effort_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | ReasoningEffortType1
                | ReasoningEffortType2Type1
                | ReasoningEffortType3Type1
                | Unset,
                data,
            )

        default_effort = _parse_default_effort(d.pop("default_effort", UNSET))

        default_enabled = d.pop("default_enabled", UNSET)

        def _parse_supported_efforts(
            data: object,
        ) -> (
            list[
                None
                | ReasoningEffortType1
                | ReasoningEffortType2Type1
                | ReasoningEffortType3Type1
            ]
            | None
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                supported_efforts_type_0 = []
                _supported_efforts_type_0 = data
                for supported_efforts_type_0_item_data in _supported_efforts_type_0:

                    def _parse_supported_efforts_type_0_item(
                        data: object,
                    ) -> (
                        None
                        | ReasoningEffortType1
                        | ReasoningEffortType2Type1
                        | ReasoningEffortType3Type1
                    ):
                        if data is None:
                            return data
                        try:
                            if not isinstance(data, str):
                                raise TypeError()
                            componentsschemas_reasoning_effort_type_1 = (
                                ReasoningEffortType1(data)
                            )

                            return componentsschemas_reasoning_effort_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, str):
                                raise TypeError()
                            componentsschemas_reasoning_effort_type_2_type_1 = (
                                ReasoningEffortType2Type1(data)
                            )

                            return componentsschemas_reasoning_effort_type_2_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, str):
                                raise TypeError()
                            componentsschemas_reasoning_effort_type_3_type_1 = (
                                ReasoningEffortType3Type1(data)
                            )

                            return componentsschemas_reasoning_effort_type_3_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(
                            None
                            | ReasoningEffortType1
                            | ReasoningEffortType2Type1
                            | ReasoningEffortType3Type1,
                            data,
                        )

                    supported_efforts_type_0_item = (
                        _parse_supported_efforts_type_0_item(
                            supported_efforts_type_0_item_data
                        )
                    )

                    supported_efforts_type_0.append(supported_efforts_type_0_item)

                return supported_efforts_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                list[
                    None
                    | ReasoningEffortType1
                    | ReasoningEffortType2Type1
                    | ReasoningEffortType3Type1
                ]
                | None
                | Unset,
                data,
            )

        supported_efforts = _parse_supported_efforts(d.pop("supported_efforts", UNSET))

        supports_max_tokens = d.pop("supports_max_tokens", UNSET)

        model_reasoning = cls(
            mandatory=mandatory,
            default_effort=default_effort,
            default_enabled=default_enabled,
            supported_efforts=supported_efforts,
            supports_max_tokens=supports_max_tokens,
        )

        model_reasoning.additional_properties = d
        return model_reasoning

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
