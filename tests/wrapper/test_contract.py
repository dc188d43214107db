"""_contract reads what the vendored spec offers from the generated client: each enum
field's values as the spec lists them, and None for what the spec lacks."""

from __future__ import annotations

from typing import Any

import pytest
from spec_features import form_carries, needs, request_schema, resolve

from openrouter_stt import _contract
from openrouter_stt._options import form_cannot_carry
from openrouter_stt_api.models import STTRequest

PROPERTIES: dict[str, Any] = (request_schema("json") or {}).get("properties", {})
FORM_PROPERTIES: dict[str, Any] = (request_schema("multipart") or {}).get("properties", {})


def _enum(prop: dict[str, Any]) -> Any:
    prop = resolve(prop)
    return prop.get("enum", resolve(prop.get("items", {})).get("enum"))


@pytest.mark.parametrize("option", sorted(set(PROPERTIES) - {"input_audio", "provider"}))
def test_an_options_choices_are_the_spec_enum(option: str) -> None:
    choices = _contract.choices(STTRequest, option)
    expected = _enum(PROPERTIES[option])
    assert (choices is None, set(choices or ())) == (expected is None, set(expected or ()))


def test_a_schema_the_spec_lacks_is_none_not_an_import_error() -> None:
    assert _contract.model("STTRequest") is STTRequest
    assert _contract.model("NoSuchSchemaInAnyVersion") is None


def test_build_converts_enum_values_as_the_generated_from_dict_does() -> None:
    values = {"input_audio": STTRequest.from_dict(_minimal()).input_audio, "model": "m"}
    for option in ("response_format", "timestamp_granularities"):
        if option in PROPERTIES:
            first = _enum(PROPERTIES[option])[0]
            values[option] = [first] if option == "timestamp_granularities" else first
    built = _contract.build(STTRequest, values)
    assert built.to_dict() == STTRequest.from_dict(built.to_dict()).to_dict()
    assert {k: v for k, v in built.to_dict().items() if k != "input_audio"} == {
        k: v for k, v in values.items() if k != "input_audio"
    }


def _minimal() -> dict[str, Any]:
    return {"input_audio": {"data": "AAAA", "format": "wav"}, "model": "m"}


@needs("multipart", language="en")
def test_the_form_refuses_options_it_has_no_field_or_value_for() -> None:
    assert form_cannot_carry({"model": "m", "language": "en"}) == []
    provider = form_cannot_carry({"model": "m", "provider": {"groq": {}}})
    assert provider == ([] if form_carries("provider") else ["provider"])
    enums = [name for name in FORM_PROPERTIES if _enum(FORM_PROPERTIES[name])]
    for wire_name in enums:  # a value outside a form field's enum
        name = wire_name.removesuffix("[]")
        assert form_cannot_carry({"model": "m", name: ["no-such-value"]}) == [
            f"{name}=['no-such-value']"
        ]
