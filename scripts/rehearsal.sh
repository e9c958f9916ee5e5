#!/usr/bin/env bash
# make rehearsal: production settings, PostgreSQL, gunicorn behind nginx over TLS, two workers,
# the ICEGATE sandbox and SMTP as their own processes; the whole journey with processes killed
# mid-way. See scripts/rehearsal/rehearse.py and docs/operations.md ("The production rehearsal").
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/rehearsal/rehearse.py "$@"
