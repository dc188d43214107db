"""The API contracts this project vendors, one entry each: the one list the tools read.

Each names where upstream publishes its whole document, the operations kept from it,
and the files made from it. ``make update-spec CONTRACT=<name>``, ``make
check-upstream CONTRACT=<name>`` and the contract diff take a name from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Where `make update-spec` appends what changed, one entry per update, every contract.
CHANGELOG = "docs/contract-changes.md"


@dataclass(frozen=True)
class Contract:
    name: str
    #: Upstream's whole OpenAPI document (``make check-upstream`` fetches it).
    upstream_url: str
    #: The operations kept, as (method, path): everything they reference is kept too.
    operations: tuple[tuple[str, str], ...]
    #: Files relative to the project root.
    spec: str
    lock: str
    overlay: str
    generated_package: str
    #: The wrapper keyword that sets a request field named otherwise (field -> keyword).
    keyword_for_field: dict[str, str] = field(default_factory=dict, hash=False)
    #: Whether this project vendors it yet (spec, lock and generated package exist).
    vendored: bool = True

    def operation_names(self) -> list[str]:
        return [f"{method.upper()} {path}" for method, path in self.operations]


OPENROUTER = Contract(
    name="openrouter",
    upstream_url=(
        "https://raw.githubusercontent.com/OpenRouterTeam/docs/main/openapi/openapi.yaml"
    ),
    operations=(("post", "/audio/transcriptions"), ("get", "/models")),
    spec="openapi.yaml",
    lock="openapi.lock.json",
    overlay="mock/overlay.yaml",
    generated_package="generated/openrouter_stt_api",
    keyword_for_field={"provider": "provider_options"},
)

#: OpenAI's audio operations. Named here so the diff can read its history; it is not
#: vendored yet (no spec, lock or generated package exists for it).
OPENAI = Contract(
    name="openai",
    upstream_url="https://raw.githubusercontent.com/openai/openai-openapi/main/openapi.yaml",
    operations=(("post", "/audio/transcriptions"), ("post", "/audio/translations")),
    spec="openai/openapi.yaml",
    lock="openai/openapi.lock.json",
    overlay="openai/overlay.yaml",
    generated_package="generated/openai_stt_api",
    vendored=False,
)

CONTRACTS: dict[str, Contract] = {c.name: c for c in (OPENROUTER, OPENAI)}


def contract(name: str) -> Contract:
    """The contract called ``name``, or a ValueError listing the known ones."""
    try:
        return CONTRACTS[name]
    except KeyError:
        raise ValueError(f"no contract named {name!r}; known: {', '.join(CONTRACTS)}") from None
