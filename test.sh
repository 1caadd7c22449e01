#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs every test project; ends with "N passed, N failed".
# Whatever the tests need is installed here, so a fresh machine needs nothing else.
set -uo pipefail
cd "$(dirname "$0")"

results=TestResults
rm -rf "$results"
dotnet test HccSim.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
