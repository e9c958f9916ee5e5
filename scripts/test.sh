#!/usr/bin/env bash
# make test: lint, then the whole suite on SQLite, then again on a throwaway PostgreSQL 15, then
# the production rehearsal (gunicorn, nginx, workers, sandbox and SMTP as real processes).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1
pgdir=$(mktemp -d /tmp/icportal-pg.XXXXXX)
chmod 755 "$pgdir"
cleanup() { bash scripts/pg.sh stop "$pgdir"; }
trap cleanup EXIT

echo "== ruff"
ruff check .
ruff format --check .

workers=${PYTEST_WORKERS:-2}
echo "== tests on SQLite"
DATABASE_URL= pytest -n "$workers" -q "$@"

echo "== tests on PostgreSQL"
url=$(bash scripts/pg.sh start "$pgdir")
DATABASE_URL="$url" pytest -n "$workers" -q "$@"
echo "== both runs passed (SQLite and PostgreSQL)"

echo "== production rehearsal (scripts/rehearsal.sh)"
bash scripts/rehearsal.sh
echo "== rehearsal passed"
