"""The API contracts this project vendors, one entry each: the one list the tools read.

Each names where upstream publishes its whole document, the operations kept from it,
and the files made from it. ``make update-spec CONTRACT=<name>``, ``make
check-upstream CONTRACT=<name>``, the normaliser, ``make generate`` / ``check-generated``,
the mock and the contract tests all read this list (``python tools/contracts.py`` prints
the names, for the Makefile).
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
    #: The normalised spec (vendored spec + overlay) every tool reads; built by `make spec`.
    normalised: str
    #: openapi-python-client's configuration (package name) for this contract.
    codegen_config: str
    #: The wrapper keyword that sets a request field named otherwise (field -> keyword).
    keyword_for_field: dict[str, str] = field(default_factory=dict, hash=False)
    #: Mapping keys the filter leaves out wherever they appear (besides the operations not
    #: kept): documentation only, such as OpenAI's ``x-oaiMeta`` code samples, and
    #: top-level sections no kept operation uses, such as ``webhooks``.
    dropped_keys: tuple[str, ...] = ()
    #: Comment lines written above the vendored spec (e.g. upstream's licence notice).
    notice: str = ""
    #: Whether this project vendors it yet (spec, lock and generated package exist).
    vendored: bool = True

    @property
    def package(self) -> str:
        """The generated package's import name."""
        return Path(self.generated_package).name

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
    normalised="build/openapi.json",
    codegen_config="codegen/config.yaml",
    keyword_for_field={"provider": "provider_options"},
)

#: OpenAI's audio operations, spoken by every OpenAI-compatible server (OpenAI, Groq,
#: OneRouter, local whisper servers). MIT licence: vendored/openai/LICENSE.
OPENAI = Contract(
    name="openai",
    upstream_url="https://raw.githubusercontent.com/openai/openai-openapi/main/openapi.yaml",
    operations=(("post", "/audio/transcriptions"), ("post", "/audio/translations")),
    spec="vendored/openai/openapi.yaml",
    lock="vendored/openai/openapi.lock.json",
    overlay="mock/openai/overlay.yaml",
    generated_package="generated/openai_stt_api",
    normalised="build/openai/openapi.json",
    codegen_config="codegen/openai.yaml",
    # The x-oaiMeta code samples are two thirds of the cut (98 KB -> 33 KB) and say nothing
    # a client or a mock reads; the webhooks describe OpenAI calling its users, not ours.
    dropped_keys=("x-oaiMeta", "webhooks"),
    notice=(
        "OpenAI's API description (openai/openai-openapi, openapi.yaml; source and commit in\n"
        "openapi.lock.json beside this file), cut by tools/filter_spec.py to the operations\n"
        "tools/contracts.py keeps, without the x-oaiMeta code samples and the webhooks;\n"
        "every value as upstream wrote it. Copyright OpenAI, MIT licence: see LICENSE\n"
        "beside this file."
    ),
)

CONTRACTS: dict[str, Contract] = {c.name: c for c in (OPENROUTER, OPENAI)}


def contract(name: str) -> Contract:
    """The contract called ``name``, or a ValueError listing the known ones."""
    try:
        return CONTRACTS[name]
    except KeyError:
        raise ValueError(f"no contract named {name!r}; known: {', '.join(CONTRACTS)}") from None


if __name__ == "__main__":
    print(" ".join(name for name, c in CONTRACTS.items() if c.vendored))
