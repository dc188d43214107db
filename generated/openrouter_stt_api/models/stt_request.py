from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.stt_input_audio import STTInputAudio
    from ..models.stt_request_provider import STTRequestProvider


T = TypeVar("T", bound="STTRequest")


@_attrs_define
class STTRequest:
    """Speech-to-text request input. Accepts a JSON body with input_audio containing base64-encoded audio.

    Example:
        {'input_audio': {'data': 'UklGRiQA...', 'format': 'wav'}, 'language': 'en', 'model': 'openai/whisper-large-v3'}

    Attributes:
        input_audio (STTInputAudio): Base64-encoded audio to transcribe Example: {'data': 'UklGRiQA...', 'format':
            'wav'}.
        model (str): STT model identifier Example: openai/whisper-large-v3.
        language (str | Unset): ISO-639-1 language code (e.g., "en", "ja"). Auto-detected if omitted. Example: en.
        provider (STTRequestProvider | Unset): Provider-specific passthrough configuration
        temperature (float | Unset): Sampling temperature for transcription Example: 0.
    """

    input_audio: STTInputAudio
    model: str
    language: str | Unset = UNSET
    provider: STTRequestProvider | Unset = UNSET
    temperature: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        input_audio = self.input_audio.to_dict()

        model = self.model

        language = self.language

        provider: dict[str, Any] | Unset = UNSET
        if not isinstance(self.provider, Unset):
            provider = self.provider.to_dict()

        temperature = self.temperature

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "input_audio": input_audio,
                "model": model,
            }
        )
        if language is not UNSET:
            field_dict["language"] = language
        if provider is not UNSET:
            field_dict["provider"] = provider
        if temperature is not UNSET:
            field_dict["temperature"] = temperature

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.stt_input_audio import STTInputAudio
        from ..models.stt_request_provider import STTRequestProvider

        d = dict(src_dict)
        input_audio = STTInputAudio.from_dict(d.pop("input_audio"))

        model = d.pop("model")

        language = d.pop("language", UNSET)

        _provider = d.pop("provider", UNSET)
        provider: STTRequestProvider | Unset
        if isinstance(_provider, Unset):
            provider = UNSET
        else:
            provider = STTRequestProvider.from_dict(_provider)

        temperature = d.pop("temperature", UNSET)

        stt_request = cls(
            input_audio=input_audio,
            model=model,
            language=language,
            provider=provider,
            temperature=temperature,
        )

        stt_request.additional_properties = d
        return stt_request

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
