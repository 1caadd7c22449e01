#!/bin/sh
# Instructions per patient of the engine on the reference chain, counted by callgrind: deterministic, so a before/after
# comparison is not blurred by the host's load. Two processes, N patients and 1 patient; their difference over N-1 is
# the per-patient cost with every outcome tallied.
#
# The engine runs as ReadyToRun code with tiering off: precompiled with full optimisation (what the CLI starts on) and
# never recompiled, so the count does not depend on timing. JIT-compiling under valgrind is not used: there the JIT
# abandons its optimised compilations and falls back to unoptimised code (seen here with .NET 10.0.12, valgrind 3.19).
# Usage: benchmarks/callgrind.sh [patients=200000] [discounted]
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-200000}"
mode="${2:-}"
out="${CALLGRIND_BUILD:-/tmp/hccsim-bench-r2r}"
dotnet publish "$root/benchmarks/HccSim.Benchmarks" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out" -nologo -v quiet >/dev/null
count() {
  DOTNET_TieredCompilation=0 DOTNET_TieredPGO=0 \
    valgrind --tool=callgrind --callgrind-out-file=/dev/null dotnet "$out/HccSim.Benchmarks.dll" one-run "$1" $mode 2>&1 \
    | awk '/Collected :/ { print $4 }'
}
big="$(count "$n")"
small="$(count 1)"
echo "instructions: $n patients $big, 1 patient $small"
awk -v b="$big" -v s="$small" -v n="$n" 'BEGIN { printf "per patient: %.1f instructions\n", (b - s) / (n - 1) }'
