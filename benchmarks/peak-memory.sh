#!/bin/sh
# Peak working set of one reference-chain run at 1 M and at 10 M patients, each in its own process, and their
# ratio (target: within 10%). Usage: benchmarks/peak-memory.sh [threads=1]
set -eu
cd "$(dirname "$0")/.."
threads="${1:-1}"
dotnet build -c Release benchmarks/HccSim.Benchmarks -v quiet -nologo >/dev/null
run() { dotnet run -c Release --no-build --project benchmarks/HccSim.Benchmarks -- peak-memory "$1" "$threads"; }
small=$(run 1000000); echo "$small"; echo
large=$(run 10000000); echo "$large"; echo
peak() { echo "$1" | awk '/^peak working set/ { print $4 }'; }
awk -v a="$(peak "$small")" -v b="$(peak "$large")" \
    'BEGIN { printf "peak working set 10M / 1M = %.4f (%s)\n", b / a, (b <= 1.10 * a ? "within 10%" : "MORE than 10% apart") }'
