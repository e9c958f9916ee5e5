#!/usr/bin/env bash
# make run: start the development PKI, migrate the embedded SQLite database, generate dev keys,
# load demo data once, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-127.0.0.1}; port=${2:-8000}
export PATH="$PWD/.venv/bin:$PATH"
export ICPORTAL_SITE_URL="http://$host:$port"
export PYTHONUNBUFFERED=1  # progress lines appear as they happen
mkdir -p var
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
# The development PKI (OCSP, CRL, timestamps; var/keys) before the demo data: demo ICs are signed
# and timestamped against it.
pki_url=${DEV_PKI_URL:-http://127.0.0.1:8790/}
echo "Starting the development PKI (OCSP, CRL, timestamps) at $pki_url…"
icportal dev_pki > var/dev_pki.log 2>&1 &
pids+=($!)
if ! python -m dev_pki wait --url "$pki_url" --deadline 120; then
  echo "The development PKI did not start (is $pki_url taken?):" >&2; cat var/dev_pki.log >&2; exit 1
fi
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
pids+=($!)
echo "Background worker running (log: var/worker.log)."
echo "Starting the web server on $host:$port…"
icportal runserver "$host:$port" --noreload &
server_pid=$!
pids+=("$server_pid")
# The address is printed once the server answers, not before (the first start can take a while).
until curl -fsS -o /dev/null "http://$host:$port/favicon.ico" 2>/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || { echo "The web server stopped: see the lines above."; exit 1; }
  sleep 0.5
done
echo
echo "icportal is running at http://$host:$port/   (sandbox ICEGATE at http://$host:$port/sandbox/icegate/)"
echo "Sandbox admin key (X-Sandbox-Admin-Key): $(cat var/sandbox_admin_key 2>/dev/null || echo 'from ICEGATE_SANDBOX_ADMIN_KEY')"
echo "Development PKI (OCSP, CRL, TSA) at $pki_url   (log: var/dev_pki.log; admin key in var/dev_pki_admin_key)"
icportal demo_data --logins
echo "Another address: make run HOST=0.0.0.0 PORT=8080. Stop with Ctrl+C."
wait "$server_pid"
