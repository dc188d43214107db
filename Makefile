# openrouter-stt: the one entry point. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 4010
# Which contract update-spec / check-upstream work on (tools/contracts.py lists them;
# spec, generate and check-generated work on all of them).
CONTRACT ?= openrouter
# Which contract `make mock` serves.
API    ?= openrouter
# pytest processes for `make test` (pytest-xdist); each test file runs whole in one of
# them, so a module's fixtures (a Prism, an older contract's checkout) start once.
TEST_WORKERS ?= 2
# Seconds of hypothesis examples per property test; `make fuzz` raises it.
FUZZ_EXAMPLES ?= 25
export FUZZ_EXAMPLES

.DEFAULT_GOAL := help
.PHONY: help setup update-spec check-upstream spec generate check-generated test test-unit test-live fuzz mock mock-stop demo bench lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: $(VENV)/.installed mock/node_modules/.installed ## create .venv, install the package with dev extras, npm ci the mock

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

mock/node_modules/.installed: mock/package.json mock/package-lock.json $(wildcard mock/patches/*.patch)
	cd mock && npm ci --no-audit --no-fund --loglevel=error
	touch $@

update-spec: setup ## vendor upstream's spec, print what changed, log it: SRC=<path or URL> [REF=<commit/date>] [CONTRACT=openrouter]
	@test -n "$(SRC)" || { echo "usage: make update-spec SRC=<path or https URL> [REF=<upstream commit/date>] [CONTRACT=$(CONTRACT)]" >&2; exit 2; }
	$(BIN)/python tools/update_spec.py "$(SRC)" --contract "$(CONTRACT)" $(if $(REF),--ref "$(REF)")
	$(MAKE) --no-print-directory generate

check-upstream: $(VENV)/.installed ## fail when upstream's document changed what we cover (prints the changelog entry) [SRC=<URL>] [CONTRACT=openrouter]
	$(BIN)/python tools/check_upstream.py --contract "$(CONTRACT)" $(if $(SRC),"$(SRC)")

spec: $(VENV)/.installed ## derive each contract's normalised spec (vendored spec + overlay) under build/
	$(BIN)/python tools/normalise_spec.py

generate: spec ## regenerate each contract's package under generated/ from its normalised spec
	$(BIN)/python tools/codegen.py generate

check-generated: spec ## fail, naming the files, when a package under generated/ is stale
	$(BIN)/python tools/codegen.py check

test: setup check-generated lint ## everything CI runs: generated code current, lint, unit and contract tests
	$(BIN)/python -m pytest --numprocesses $(TEST_WORKERS) --dist loadfile

test-live: setup spec ## contract tests against the real API through `prism proxy` (needs OPENROUTER_API_KEY)
	$(BIN)/python -m pytest tests/live -m live -rs

fuzz: setup spec ## the contract suite with many more hypothesis examples
	FUZZ_EXAMPLES=500 $(BIN)/python -m pytest tests/contract

mock: setup spec ## start the Prism mock on 127.0.0.1:$(PORT) in the background (returns once it answers) [API=openrouter|openai]
	@$(BIN)/python -c 'from openrouter_stt.mock import MockServer; import sys; \
		m = MockServer(port=$(PORT), log="build/mock.log", detach=True, api="$(API)").start(); \
		open("build/mock.pid", "w").write(str(m.pid)); print("mock listening on", m.base_url)'

mock-stop: ## stop the mock started by `make mock`
	@if [ -f build/mock.pid ]; then kill -- -$$(cat build/mock.pid) 2>/dev/null || true; rm -f build/mock.pid; echo "mock stopped"; fi

demo: setup ## transcribe a generated sample against the offline mock (started and stopped here)
	@$(BIN)/python tools/make_sample.py build/sample.wav
	$(BIN)/openrouter-stt transcribe build/sample.wav --mock --output json

bench: setup ## benchmarks vs the official SDK and plain httpx (a few minutes); writes docs/benchmarks.md
	$(BIN)/pip install -q -e '.[bench,long]'
	$(BIN)/python bench/run.py

lint: setup ## ruff on the handwritten code, mypy --strict on the wrapper and the generated package
	$(BIN)/ruff check wrapper tests tools bench hatch_build.py
	$(BIN)/ruff format --check wrapper tests tools bench hatch_build.py
	$(BIN)/mypy

clean: ## remove build output and caches (keeps .venv and node_modules)
	rm -rf build .pytest_cache .hypothesis .ruff_cache
