#!/usr/bin/env bash
# make run: migrate the embedded SQLite database, generate dev keys, load demo data once, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-127.0.0.1}; port=${2:-8000}
export PATH="$PWD/.venv/bin:$PATH"
export ICPORTAL_SITE_URL="http://$host:$port"
export PYTHONUNBUFFERED=1  # progress lines appear as they happen
mkdir -p var
echo "Preparing the database (var/)…"
icportal migrate --noinput -v 0
echo "Loading demo data (the first run takes a few minutes; later runs skip it)…"
icportal demo_data
if [ "${ICEGATE_SANDBOX_ENABLED:-true}" != "false" ]; then
  icportal sandbox_seed --from var/sandbox-seed.json
fi
echo "Collecting static files…"
icportal collectstatic --noinput -v 0
icportal worker > var/worker.log 2>&1 &
worker_pid=$!
trap 'kill $worker_pid 2>/dev/null' EXIT
echo "Background worker running (log: var/worker.log)."
echo "Starting the web server on $host:$port…"
icportal runserver "$host:$port" --noreload &
server_pid=$!
trap 'kill $worker_pid $server_pid 2>/dev/null' EXIT
# The address is printed once the server answers, not before (the first start can take a while).
until curl -fsS -o /dev/null "http://$host:$port/favicon.ico" 2>/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || { echo "The web server stopped: see the lines above."; exit 1; }
  sleep 0.5
done
echo
echo "icportal is running at http://$host:$port/   (sandbox ICEGATE at http://$host:$port/sandbox/icegate/)"
echo "Sandbox admin key (X-Sandbox-Admin-Key): $(cat var/sandbox_admin_key 2>/dev/null || echo 'from ICEGATE_SANDBOX_ADMIN_KEY')"
icportal demo_data --logins
echo "Another address: make run HOST=0.0.0.0 PORT=8080. Stop with Ctrl+C."
wait "$server_pid"
