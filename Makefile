# Hatchway — the commands a newcomer and CI use. Needs only Python 3.11+ and make.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help install install-test demo serve test check lint format typecheck messages catalogues assets clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed catalogues ## Install Hatchway into .venv

install-test: $(VENV)/.installed-dev catalogues

catalogues: | $(BIN)/python ## Compile the translation catalogues (.po -> .mo), no system gettext needed
	@$(BIN)/python -m hatchway.i18n compile

demo: export SITE_URL ?= http://$(HOST):$(PORT)
demo: install ## Migrate an SQLite database under var/, load demo data, serve http://127.0.0.1:8000 (PORT=...)
	DEBUG=1 $(BIN)/hatchway migrate --no-input
	DEBUG=1 $(BIN)/hatchway demo-data
	@echo "Background worker (imports, long jobs) starts beside the web server; Ctrl-C stops both."
	DEBUG=1 $(BIN)/hatchway db_worker --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/hatchway runserver $(HOST):$(PORT)

test: install-test ## Run every test, browser tests included (installs Chromium where missing)
	scripts/ensure-system-deps.sh
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: install-test ## ruff format --check and ruff check
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: install-test ## mypy with django-stubs
	HATCHWAY_TESTING=1 $(BIN)/mypy hatchway tests

check: lint typecheck test ## Lint, type-check, then run the tests

format: install-test ## Reformat the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install-test ## Extract translatable strings into the zh-Hans catalogue (needs gettext)
	$(BIN)/hatchway makemessages --locale zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'build/*'
	@$(BIN)/python -m hatchway.i18n compile

assets: ## Re-vendor the front-end assets from npm (see docs/assets.md)
	scripts/vendor-assets.sh

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var build *.egg-info .pytest_cache .mypy_cache .ruff_cache
