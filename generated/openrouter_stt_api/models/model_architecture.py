from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.input_modality import InputModality
from ..models.instruct_type_type_1 import InstructTypeType1
from ..models.instruct_type_type_2_type_1 import InstructTypeType2Type1
from ..models.instruct_type_type_3_type_1 import InstructTypeType3Type1
from ..models.model_group import ModelGroup
from ..models.output_modality import OutputModality
from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelArchitecture")


@_attrs_define
class ModelArchitecture:
    """Model architecture information

    Example:
        {'input_modalities': ['text'], 'instruct_type': 'chatml', 'modality': 'text->text', 'output_modalities':
            ['text'], 'tokenizer': 'GPT'}

    Attributes:
        input_modalities (list[InputModality]): Supported input modalities
        modality (None | str): Primary modality of the model Example: text->text.
        output_modalities (list[OutputModality]): Supported output modalities
        instruct_type (InstructTypeType1 | InstructTypeType2Type1 | InstructTypeType3Type1 | None | Unset): Instruction
            format type Example: chatml.
        tokenizer (ModelGroup | Unset): Tokenizer type used by the model Example: GPT.
    """

    input_modalities: list[InputModality]
    modality: None | str
    output_modalities: list[OutputModality]
    instruct_type: (
        InstructTypeType1
        | InstructTypeType2Type1
        | InstructTypeType3Type1
        | None
        | Unset
    ) = UNSET
    tokenizer: ModelGroup | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        input_modalities = []
        for input_modalities_item_data in self.input_modalities:
            input_modalities_item = input_modalities_item_data.value
            input_modalities.append(input_modalities_item)

        modality: None | str
        modality = self.modality

        output_modalities = []
        for output_modalities_item_data in self.output_modalities:
            output_modalities_item = output_modalities_item_data.value
            output_modalities.append(output_modalities_item)

        instruct_type: None | str | Unset
        if isinstance(self.instruct_type, Unset):
            instruct_type = UNSET
        elif (
            isinstance(self.instruct_type, InstructTypeType1)
            or isinstance(self.instruct_type, InstructTypeType2Type1)
            or isinstance(self.instruct_type, InstructTypeType3Type1)
        ):
            instruct_type = self.instruct_type.value
        else:
            instruct_type = self.instruct_type

        tokenizer: str | Unset = UNSET
        if not isinstance(self.tokenizer, Unset):
            tokenizer = self.tokenizer.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "input_modalities": input_modalities,
                "modality": modality,
                "output_modalities": output_modalities,
            }
        )
        if instruct_type is not UNSET:
            field_dict["instruct_type"] = instruct_type
        if tokenizer is not UNSET:
            field_dict["tokenizer"] = tokenizer

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        input_modalities = []
        _input_modalities = d.pop("input_modalities")
        for input_modalities_item_data in _input_modalities:
            input_modalities_item = InputModality(input_modalities_item_data)

            input_modalities.append(input_modalities_item)

        def _parse_modality(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        modality = _parse_modality(d.pop("modality"))

        output_modalities = []
        _output_modalities = d.pop("output_modalities")
        for output_modalities_item_data in _output_modalities:
            output_modalities_item = OutputModality(output_modalities_item_data)

            output_modalities.append(output_modalities_item)

        def _parse_instruct_type(
            data: object,
        ) -> (
            InstructTypeType1
            | InstructTypeType2Type1
            | InstructTypeType3Type1
            | None
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_instruct_type_type_1 = InstructTypeType1(data)

                return componentsschemas_instruct_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_instruct_type_type_2_type_1 = InstructTypeType2Type1(
                    data
                )

                return componentsschemas_instruct_type_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_instruct_type_type_3_type_1 = InstructTypeType3Type1(
                    data
                )

                return componentsschemas_instruct_type_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                InstructTypeType1
                | InstructTypeType2Type1
                | InstructTypeType3Type1
                | None
                | Unset,
                data,
            )

        instruct_type = _parse_instruct_type(d.pop("instruct_type", UNSET))

        _tokenizer = d.pop("tokenizer", UNSET)
        tokenizer: ModelGroup | Unset
        if isinstance(_tokenizer, Unset):
            tokenizer = UNSET
        else:
            tokenizer = ModelGroup(_tokenizer)

        model_architecture = cls(
            input_modalities=input_modalities,
            modality=modality,
            output_modalities=output_modalities,
            instruct_type=instruct_type,
            tokenizer=tokenizer,
        )

        model_architecture.additional_properties = d
        return model_architecture

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
