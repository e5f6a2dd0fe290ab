# opencsc — `make` lists the targets. Two commands matter on a fresh machine: `make demo`, `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export OPENCSC_HOME := $(CURDIR)
export DJANGO_SETTINGS_MODULE := opencsc.config.settings
DEMO_POPULATION ?= 60000
DEMO_YEARS ?= 5
DEMO_SEED ?= 1

.DEFAULT_GOAL := help
.PHONY: help install static browser-deps demo serve test lint typecheck migrations-check pytest synth clean bench-peers bench-returns bench-web

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install: $(VENV)/.installed ## create .venv and install opencsc with its development tools

GOVUK := node_modules/govuk-frontend/dist/govuk
STATIC := src/opencsc/web/static/govuk
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STATIC)/.built: node_modules/.installed
	rm -rf $(STATIC) && mkdir -p $(STATIC)
	cp $(GOVUK)/govuk-frontend.min.css $(GOVUK)/govuk-frontend.min.js $(STATIC)/
	cp -r $(GOVUK)/assets $(STATIC)/assets
	# The precompiled stylesheet looks for /assets/; ours are served under /static/govuk/assets/.
	sed -i 's#url(/assets/#url(/static/govuk/assets/#g' $(STATIC)/govuk-frontend.min.css
	@touch $@

browser-deps: ## Debian's Chromium for the browser tests (installed with apt-get when missing)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

static: $(STATIC)/.built ## build GOV.UK Frontend (pinned, from the npm registry) into static files

demo: install static ## migrate SQLite, generate a synthetic authority, create demo users, serve on 127.0.0.1:8000
	$(BIN)/opencsc manage migrate --no-input -v 0
	$(BIN)/opencsc synth --population $(DEMO_POPULATION) --years $(DEMO_YEARS) --seed $(DEMO_SEED)
	$(BIN)/opencsc demo-users
	$(BIN)/opencsc manage runserver 127.0.0.1:8000

synth: install ## regenerate the synthetic authority and print its calibration report
	$(BIN)/opencsc synth --population $(DEMO_POPULATION) --years $(DEMO_YEARS) --seed $(DEMO_SEED)
	$(BIN)/opencsc synth report

test: install lint typecheck migrations-check pytest ## the whole suite: lint, types, migrations, tests

lint: install ## ruff
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

typecheck: install ## mypy
	$(BIN)/mypy

migrations-check: install ## fail if models and migrations are out of step
	$(BIN)/opencsc manage makemigrations --check --dry-run

pytest: install static browser-deps ## the test suite on the database OPENCSC_DATABASE_URL names
	$(BIN)/pytest $(PYTEST_ARGS)

PEERS := bench/out/peers
$(PEERS)/903/.installed:
	$(PY) -m venv $(PEERS)/903
	$(PEERS)/903/bin/pip install -q csc-validator-be-903==0.1.17
	@touch $@
$(PEERS)/cin/.installed:
	$(PY) -m venv $(PEERS)/cin
	# the peer's pandas code predates numpy 2
	$(PEERS)/cin/bin/pip install -q csc-validator-be-cin==0.1.13 'numpy<2'
	@touch $@

bench-peers: $(PEERS)/903/.installed $(PEERS)/cin/.installed ## the peer validators, each in its own venv under bench/out/peers

bench-returns: install bench-peers ## validators side by side: national SSDA903 and a 15,000-child CIN census
	$(BIN)/python bench/returns_compare.py --kind 903 --population 200000 --replicate 115 --work bench/out/903
	$(BIN)/python bench/returns_compare.py --kind cin --population 200000 --work bench/out/cin

bench-web: install static ## page times on 100,000 children (SQLite; OPENCSC_DATABASE_URL for PostgreSQL)
	$(BIN)/python bench/web_pages.py $(BENCH_ARGS)

clean: ## remove the virtual environment and local data
	rm -rf $(VENV) var node_modules
