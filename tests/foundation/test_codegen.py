"""tools/codegen.py keeps generated/ a build product: `check` passes clean and names stale files."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import openapi_python_client
import pytest

from ._spec import ROOT

PYTHON = ROOT / ".venv" / "bin" / "python"
PACKAGE = "generated/openrouter_stt_api"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PYTHON), *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=100
    )


@pytest.fixture(scope="module")
def spec_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The normalised spec as tools/normalise_spec.py writes it (what `make spec` produces)."""
    output = tmp_path_factory.mktemp("codegen") / "openapi.json"
    done = run(
        ROOT / "tools" / "normalise_spec.py",
        ROOT / "openapi.yaml",
        ROOT / "mock" / "overlay.yaml",
        "-o",
        output,
    )
    assert done.returncode == 0, done.stderr
    return output


@pytest.mark.slow
def test_check_passes_on_the_clean_tree(spec_file: Path) -> None:
    done = run(ROOT / "tools" / "codegen.py", "check", "--spec", spec_file)
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout


@pytest.mark.slow
def test_check_fails_naming_hand_edited_and_stray_files(spec_file: Path, tmp_path: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=ignore)
    shutil.copytree(ROOT / "codegen", tmp_path / "codegen", ignore=ignore)
    with (tmp_path / PACKAGE / "client.py").open("a", encoding="utf-8") as edited:
        edited.write("# a hand edit\n")
    (tmp_path / PACKAGE / "models" / "stray.py").write_text("", encoding="utf-8")

    done = run(ROOT / "tools" / "codegen.py", "check", "--root", tmp_path, "--spec", spec_file)

    assert done.returncode == 1
    named = {line.strip() for line in done.stderr.splitlines() if line.startswith("  ")}
    assert named == {f"{PACKAGE}/client.py", f"{PACKAGE}/models/stray.py"}


@pytest.mark.slow
def test_check_covers_every_contract_naming_the_stale_package(tmp_path: Path) -> None:
    """`make check-generated` (no --contract) checks OpenAI's package too: a hand edit
    there is named, and OpenRouter's clean package is not."""
    done = run(ROOT / "tools" / "normalise_spec.py")  # every contract's, as `make spec`
    assert done.returncode == 0, done.stderr
    ignore = shutil.ignore_patterns("__pycache__")
    for part in ("generated", "codegen", "build"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=ignore)
    edited = tmp_path / "generated" / "openai_stt_api" / "client.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# a hand edit\n", encoding="utf-8")

    done = run(ROOT / "tools" / "codegen.py", "check", "--root", tmp_path)

    assert done.returncode == 1
    named = {line.strip() for line in done.stderr.splitlines() if line.startswith("  ")}
    assert named == {"generated/openai_stt_api/client.py"}


#: Each template override in codegen/templates and the only lines it may change
#: from upstream's template: (removed, added), stripped.
_EXIT_PARAMETERS = [
    "self,",
    "exc_type: type[BaseException] | None = None,",
    "exc_value: BaseException | None = None,",
    "traceback: TracebackType | None = None,",
    ") -> None:",
]
TEMPLATE_FIXES: dict[str, tuple[list[str], list[str]]] = {
    # The generator's ruff post-hook rewrites `*args: Any` to `*args: object` (PYI036), which
    # mypy --strict refuses to forward to httpx's __exit__: the protocol's own parameters.
    "client.py.jinja": (
        [
            "def __exit__(self, *args: Any, **kwargs: Any) -> None:",
            "self.get_httpx_client().__exit__(*args, **kwargs)",
            "async def __aexit__(self, *args: Any, **kwargs: Any) -> None:",
            "await self.get_async_httpx_client().__aexit__(*args, **kwargs)",
        ],
        [
            "from types import TracebackType",
            "{# ruff's PYI036 fix (default rules) turns upstream's `*args: Any` into `*args:"
            " object`, which mypy --strict refuses to pass on to httpx: spell out the"
            " protocol. #}",
            "def __exit__(",
            *_EXIT_PARAMETERS,
            "self.get_httpx_client().__exit__(exc_type, exc_value, traceback)",
            "async def __aexit__(",
            *_EXIT_PARAMETERS,
            "await self.get_async_httpx_client().__aexit__(exc_type, exc_value, traceback)",
        ],
    ),
    # 524 and 529 are not HTTPStatus members.
    "endpoint_module.py.jinja": (
        ["status_code=HTTPStatus(response.status_code),"],
        [
            "try:",
            "status_code = HTTPStatus(response.status_code)",
            "except ValueError:  # codes HTTPStatus does not know, e.g. 524 and 529",
            "status_code = response.status_code  # type: ignore[assignment]",
            "status_code=status_code,",
        ],
    ),
    # Models load on first use (PEP 562), not all ~190 with the package: a call uses a few.
    "models_init.py.jinja": (
        ["{{ import }}"],
        [
            "{# Each model's module loads on first use (PEP 562 __getattr__), not all of them"
            " with the package: a call needs a handful of the models, and importing every one"
            " was most of the time to a first call. Type checkers read the imports under"
            " TYPE_CHECKING. #}",
            "{% if imports %}",
            "from importlib import import_module",
            "from typing import TYPE_CHECKING, Any",
            "",
            "if TYPE_CHECKING:",
            "{{ import }}",
            "{% endif %}",
            "",
            "_MODULES = {",
            "{% for import in imports | sort %}",
            "{% set words = import.split() %}",
            '"{{ words[3] }}": "{{ words[1] }}",',
            "{% endfor %}",
            "}",
            "",
            "",
            "def __getattr__(name: str) -> Any:",
            "if name not in _MODULES:",
            'raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
            "value = getattr(import_module(_MODULES[name], __name__), name)",
            "globals()[name] = value  # loaded once: later lookups are plain attribute reads",
            "return value",
            "",
            "",
            "def __dir__() -> list[str]:",
            "return sorted({*globals(), *_MODULES})",
        ],
    ),
    # openapi-python-client#1451: a required body with several media types got `| Unset`.
    "endpoint_macros.py.jinja": (
        [
            "{%- for body in endpoint.bodies -%}"
            "{% set body_required = body_required and body.prop.required %}",
            "{%- endfor -%}{% if not body_required %} | Unset = UNSET{% endif %}",
        ],
        [
            "{#- openapi-python-client#1451 (fix proposed in PR #1478): `body_required` was read"
            " before it was set, so a required multi-type body got `| Unset = UNSET` with no"
            " `Unset` import. -#}",
            "{%- for body in endpoint.bodies -%}",
            '{%- endfor -%}{% if endpoint.bodies | rejectattr("prop.required") | list %}'
            " | Unset = UNSET{% endif %}",
        ],
    ),
}


def test_every_template_override_is_pinned() -> None:
    overrides = {path.name for path in (ROOT / "codegen" / "templates").iterdir()}
    assert overrides == set(TEMPLATE_FIXES)


@pytest.mark.parametrize("template", sorted(TEMPLATE_FIXES))
def test_template_override_differs_from_upstream_only_by_its_fix(template: str) -> None:
    # When the pinned generator is upgraded, this fails until the override is re-derived
    # from the new upstream template, so a fix never silently drops upstream changes.
    upstream = Path(openapi_python_client.__file__).parent / "templates" / template
    ours = ROOT / "codegen" / "templates" / template
    diff = list(
        difflib.unified_diff(
            upstream.read_text(encoding="utf-8").splitlines(),
            ours.read_text(encoding="utf-8").splitlines(),
            n=0,
            lineterm="",
        )
    )
    removed = [
        line[1:].strip() for line in diff if line.startswith("-") and not line.startswith("---")
    ]
    added = [
        line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++")
    ]
    assert (removed, added) == TEMPLATE_FIXES[template]


ANNOTATED_ENUM_REF = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/r": {
            "get": {
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/R"}}
                        },
                    }
                }
            }
        }
    },
    "components": {
        "schemas": {
            "Effort": {"type": "string", "enum": ["low", "high"]},
            "R": {
                "type": "object",
                "properties": {
                    "effort": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Effort"},
                            {"description": "an annotation beside the reference"},
                        ]
                    }
                },
            },
        }
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("normalised", [False, True], ids=["as-upstream-writes-it", "normalised"])
def test_the_generator_needs_the_all_of_annotation_lift(tmp_path: Path, normalised: bool) -> None:
    # openapi-python-client#674: an enum `$ref` beside annotations in an `allOf` drops the
    # model ("Cannot take allOf a non-object"). tools/normalise_spec.py lifts the
    # annotations; when the pinned generator no longer fails here, the lift can go.
    import json

    from normalise_spec import normalise

    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(normalise(ANNOTATED_ENUM_REF) if normalised else ANNOTATED_ENUM_REF))
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter: only the parse matters here
    done = run(
        "-m", "openapi_python_client", "generate",
        "--path", spec,
        "--config", config,
        "--meta", "none",
        "--output-path", tmp_path / "out",
        "--fail-on-warning",
    )  # fmt: skip
    output = done.stdout + done.stderr
    if normalised:
        assert done.returncode == 0, output
        assert (tmp_path / "out" / "models" / "r.py").is_file()
    else:
        assert done.returncode != 0
        assert "Cannot take allOf a non-object" in output


def test_every_generated_module_imports() -> None:
    # A template bug can yield code that generates and formats cleanly but fails on import
    # (openapi-python-client#1451: `Unset` used, not imported).
    import importlib
    import pkgutil

    import openrouter_stt_api

    names = [
        info.name
        for info in pkgutil.walk_packages(openrouter_stt_api.__path__, "openrouter_stt_api.")
    ]
    assert any(name.endswith(".create_audio_transcriptions") for name in names)
    for name in names:
        importlib.import_module(name)


def test_models_load_one_module_at_a_time_and_all_on_demand() -> None:
    done = run(
        "-c",
        "import sys\n"
        "import openrouter_stt_api.models as models\n"
        "def loaded():\n"
        "    return sorted(m for m in sys.modules if m.startswith(models.__name__ + '.'))\n"
        "print(loaded())\n"
        "print(models.STTUsage.__module__, loaded())\n"
        "print(models.STTUsage is models.stt_usage.STTUsage)\n"
        "print(set(models.__all__) <= set(dir(models)))\n"
        "try:\n"
        "    models.NoSuchModel\n"
        "except AttributeError as error:\n"
        "    print(error)\n"
        "from openrouter_stt_api.models import *\n"
        "print(len(loaded()) > 100, STTRequest.__name__)\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "[]",
        "openrouter_stt_api.models.stt_usage ['openrouter_stt_api.models.stt_usage']",
        "True",
        "True",
        "module 'openrouter_stt_api.models' has no attribute 'NoSuchModel'",
        "True STTRequest",
    ]
