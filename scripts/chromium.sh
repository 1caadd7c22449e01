#!/usr/bin/env bash
# Installs Debian's Chromium for the report's browser test (headless, offline). Idempotent.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "hccsim: the browser test needs Chromium: apt-get install -y chromium (as root)" >&2; exit 1; fi
echo "hccsim: installing chromium for the report's browser test…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null 2>&1 \
  || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null; }
command -v chromium >/dev/null
