from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.vad_config_type import VadConfigType
from ..types import UNSET, Unset

T = TypeVar("T", bound="VadConfig")


@_attrs_define
class VadConfig:
    """
    Attributes:
        type_ (VadConfigType): Must be set to `server_vad` to enable manual chunking using server side VAD.
        prefix_padding_ms (int | Unset): Amount of audio to include before the VAD detected speech (in
            milliseconds).
             Default: 300.
        silence_duration_ms (int | Unset): Duration of silence to detect speech stop (in milliseconds).
            With shorter values the model will respond more quickly,
            but may jump in on short pauses from the user.
             Default: 200.
        threshold (float | Unset): Sensitivity threshold (0.0 to 1.0) for voice activity detection. A
            higher threshold will require louder audio to activate the model, and
            thus might perform better in noisy environments.
             Default: 0.5.
    """

    type_: VadConfigType
    prefix_padding_ms: int | Unset = 300
    silence_duration_ms: int | Unset = 200
    threshold: float | Unset = 0.5

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        prefix_padding_ms = self.prefix_padding_ms

        silence_duration_ms = self.silence_duration_ms

        threshold = self.threshold

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if prefix_padding_ms is not UNSET:
            field_dict["prefix_padding_ms"] = prefix_padding_ms
        if silence_duration_ms is not UNSET:
            field_dict["silence_duration_ms"] = silence_duration_ms
        if threshold is not UNSET:
            field_dict["threshold"] = threshold

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = VadConfigType(d.pop("type"))

        prefix_padding_ms = d.pop("prefix_padding_ms", UNSET)

        silence_duration_ms = d.pop("silence_duration_ms", UNSET)

        threshold = d.pop("threshold", UNSET)

        vad_config = cls(
            type_=type_,
            prefix_padding_ms=prefix_padding_ms,
            silence_duration_ms=silence_duration_ms,
            threshold=threshold,
        )

        return vad_config
