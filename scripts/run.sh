#!/usr/bin/env bash
# make run: start the development PKI, migrate the embedded SQLite database, generate dev keys,
# load demo data once, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-127.0.0.1}; port=${2:-8000}
export PATH="$PWD/.venv/bin:$PATH"
export ICPORTAL_SITE_URL="http://$host:$port"
mkdir -p var
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
# The development PKI (OCSP, CRL, timestamps; var/keys) before the demo data: demo ICs are signed
# and timestamped against it.
pki_url=${DEV_PKI_URL:-http://127.0.0.1:8790/}
icportal dev_pki > var/dev_pki.log 2>&1 &
pids+=($!)
if ! python -m dev_pki wait --url "$pki_url" --deadline 120; then
  echo "The development PKI did not start (is $pki_url taken?):" >&2; cat var/dev_pki.log >&2; exit 1
fi
icportal migrate --noinput -v 0
icportal demo_data
if [ "${ICEGATE_SANDBOX_ENABLED:-true}" != "false" ]; then
  icportal sandbox_seed --from var/sandbox-seed.json
fi
icportal collectstatic --noinput -v 0
echo
echo "icportal is running at http://$host:$port/   (sandbox ICEGATE at http://$host:$port/sandbox/icegate/)"
echo "Sandbox admin key (X-Sandbox-Admin-Key): $(cat var/sandbox_admin_key 2>/dev/null || echo 'from ICEGATE_SANDBOX_ADMIN_KEY')"
echo "Development PKI (OCSP, CRL, TSA) at $pki_url   (log: var/dev_pki.log; admin key in var/dev_pki_admin_key)"
icportal demo_data --logins
echo
icportal worker > var/worker.log 2>&1 &
pids+=($!)
echo "Background worker running (log: var/worker.log)."
icportal runserver "$host:$port" --noreload
