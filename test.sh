#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs every test project; ends with "N passed, N failed".
# Whatever the tests need is installed here, so a fresh machine needs nothing else.
set -uo pipefail
cd "$(dirname "$0")"

results=TestResults
rm -rf "$results"
# The browser test of the report needs Chromium (plotly.js itself comes inside the Plotly.NET package).
scripts/chromium.sh || { echo "0 passed, 1 failed"; exit 1; }
# The whole solution, so the CLI and the benchmarks are compiled (with warnings as errors) too.
dotnet build HccSim.sln -c Release || { echo "0 passed, 1 failed"; exit 1; }
dotnet test HccSim.sln -c Release --no-build --logger "trx" --results-directory "$results" "$@"
status=$?

# The README's run command (through the ./hccsim launcher), on a smaller cohort: it must run and stamp its results.
smoke=$(mktemp -d)
smoke_failed=0
if ./hccsim run scenarios/intermediate-stage.yaml --patients 20000 --out "$smoke" >/dev/null \
   && head -n 1 "$smoke/summary.csv" | grep -qE '^# hccsim [0-9.]+; scenario intermediate-stage; .*sha256 [0-9a-f]{64}; seed [0-9]+; patients 20000'; then
  echo "smoke: ./hccsim run scenarios/intermediate-stage.yaml wrote stamped results"
else
  echo "smoke: ./hccsim run scenarios/intermediate-stage.yaml failed" >&2
  smoke_failed=1; status=1
fi
rm -rf "$smoke"

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ]; then
  echo "no xUnit test ran" >&2
  status=1
fi
passed=$((passed + 1 - smoke_failed)); failed=$((failed + smoke_failed))
echo "$passed passed, $failed failed"
exit "$status"
