# Two commands on a fresh machine: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do $$p -c "import sys; assert sys.version_info >= (3, 11)" >/dev/null 2>&1 && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# PostgreSQL for the second test pass: a fresh database is created per run from this server.
JMO_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test lint test-sqlite test-postgres test-browser bench messages clean-venv

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

## make run: install, migrate, seed demo data if the database is empty, serve, print logins
# Development conveniences are asked for here, never by default (docs/decisions/0007):
# generated secrets, the dev outbox, still-photo selfies, cookies without Secure.
run: export JMO_ENVIRONMENT := development
run: $(STAMP)
	$(BIN)/jmo db upgrade
	$(BIN)/jmo demo --if-empty
	$(BIN)/jmo serve --host $(HOST) --port $(PORT)

## make test: linters, the suite on SQLite, the database tests again on PostgreSQL
test: $(STAMP) lint test-sqlite test-postgres

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test-sqlite: $(STAMP)
	$(BIN)/pytest -q -n auto

test-postgres: $(STAMP)
	JMO_TEST_DATABASE=postgresql JMO_TEST_POSTGRES_URL=$(JMO_TEST_POSTGRES_URL) $(BIN)/pytest -q -n auto -m "db and not browser"

test-browser: $(STAMP)
	$(BIN)/pytest -q -m browser

## make bench: the read endpoints against the database floor on PostgreSQL (small scale), a
## worker's memory, then the face engine; figures in docs/performance.md and docs/biometrics.md
bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "bench: installing Debian's wrk"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python benchmarks/load.py --participants 2000 --users 100 --seconds 10
	$(BIN)/python benchmarks/memory.py --participants 2000 --users 64 --rounds 5
	$(BIN)/python benchmarks/passwords.py --seconds 5
	$(BIN)/python benchmarks/biometrics.py

## make messages: extract UI strings and update the catalogues (run after changing text)
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o src/jmo/i18n/messages.pot --no-location --omit-header --sort-output .
	$(BIN)/pybabel update -i src/jmo/i18n/messages.pot -d src/jmo/i18n/locale -D messages --no-fuzzy-matching --ignore-obsolete --no-location
	@echo "now translate the empty msgstr entries in src/jmo/i18n/locale/en/LC_MESSAGES/messages.po"

clean-venv:
	rm -rf $(VENV)
