#!/usr/bin/env bash
# Installs the report's front-end assets (plotly.js-dist-min, pinned by report/package-lock.json) from the npm registry.
# The HTML report inlines them, so a report opens offline; nothing is fetched when a report is viewed.
# Idempotent: does nothing when the locked version is already installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
asset="$root/report/node_modules/plotly.js-dist-min/plotly.min.js"
marker="$root/report/node_modules/.installed-lock"
if [ -f "$asset" ] && [ -f "$marker" ] && cmp -s "$marker" "$root/report/package-lock.json"; then exit 0; fi
command -v npm >/dev/null || { echo "hccsim: the report needs Node.js and npm to install plotly.js-dist-min (apt-get install -y nodejs npm)" >&2; exit 1; }
echo "hccsim: installing report assets (npm ci in report/)…" >&2
(cd "$root/report" && npm ci --no-audit --no-fund --loglevel=error >&2)
cp "$root/report/package-lock.json" "$marker"
