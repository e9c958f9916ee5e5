#!/usr/bin/env bash
# make run: migrate the embedded SQLite database, generate dev keys, load demo data once, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-127.0.0.1}; port=${2:-8000}
export PATH="$PWD/.venv/bin:$PATH"
export ICPORTAL_SITE_URL="http://$host:$port"
mkdir -p var
icportal migrate --noinput -v 0
icportal demo_data
if [ "${ICEGATE_SANDBOX_ENABLED:-true}" != "false" ]; then
  icportal sandbox_seed --from var/sandbox-seed.json
fi
icportal collectstatic --noinput -v 0
echo
echo "icportal is running at http://$host:$port/   (sandbox ICEGATE at http://$host:$port/sandbox/icegate/)"
echo "Sandbox admin key (X-Sandbox-Admin-Key): $(cat var/sandbox_admin_key 2>/dev/null || echo 'from ICEGATE_SANDBOX_ADMIN_KEY')"
icportal demo_data --logins
echo
icportal worker > var/worker.log 2>&1 &
worker_pid=$!
trap 'kill $worker_pid 2>/dev/null' EXIT
echo "Background worker running (log: var/worker.log)."
icportal runserver "$host:$port" --noreload
