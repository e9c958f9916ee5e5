#!/usr/bin/env bash
# Debian packages the tests need: PostgreSQL 15 server, Chromium (browser tests), SoftHSM2 (PKCS#11
# signing), poppler-utils (pdfsig), nginx (the production rehearsal's TLS proxy),
# DejaVu + Noto fonts (IC PDFs: Latin, Devanagari, Tamil …).
# Installed only when missing and only when running as root.
set -euo pipefail
need=()
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
command -v pdfsig >/dev/null 2>&1 || need+=(poppler-utils)
command -v xgettext >/dev/null 2>&1 || need+=(gettext)  # the catalog tests run makemessages
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi "Noto Sans Devanagari" || need+=(fonts-noto-core)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Missing system packages: ${need[*]} — install them (apt-get install ${need[*]})." >&2
  exit 1
fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
