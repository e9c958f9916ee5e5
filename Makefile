# icportal — two commands: `make run` and `make test`.
SHELL := /bin/bash
# uv is installed with pip when missing; `python3 -m uv` works wherever pip put it.
UV := $(shell command -v uv >/dev/null 2>&1 && echo uv || echo python3 -m uv)
VENV := .venv
PY := $(VENV)/bin/python
ICPORTAL := $(VENV)/bin/icportal
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-deps lint format bench screenshots clean rehearsal messages

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --quiet
	touch $@

# Translation catalogs: each app's locale/<lang>/LC_MESSAGES/django.po, compiled at set-up.
setup: $(VENV)/.synced
	@$(PY) scripts/messages.py compile

# Rewrite every app's catalog from the code (after changing any marked string), then compile.
messages: setup
	$(PY) scripts/messages.py update

system-deps:
	@bash scripts/system-deps.sh

run: setup
	@bash scripts/run.sh $(HOST) $(PORT)

test: setup system-deps
	@bash scripts/test.sh

# Production rehearsal: PostgreSQL, gunicorn behind nginx over TLS, two workers, sandbox, SMTP;
# the whole journey with processes killed mid-way (docs/operations.md). `make test` runs it last.
rehearsal: setup system-deps
	@bash scripts/rehearsal.sh

# The pictures in docs/ are taken by the browser tests; this run writes them into docs/screenshots/.
screenshots: setup system-deps
	ICPORTAL_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots DATABASE_URL= $(VENV)/bin/pytest -q -n 0 tests/e2e

# Synthetic data (2,000 ICs) in var/bench/bench.sqlite3, then server times of the main pages.
# At scale: see docs/operations.md, "Measuring at scale".
bench: setup
	rm -f var/bench/bench.sqlite3 var/bench/bench.sqlite3-wal var/bench/bench.sqlite3-shm
	DATABASE_URL= $(PY) bench/generate.py
	DATABASE_URL= $(PY) bench/pages.py --runs 10

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var staticfiles
