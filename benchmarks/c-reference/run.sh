#!/bin/sh
# Builds and runs the plain C reference loop on one core: ./run.sh [patients] [repeats] [seed]
set -eu
cd "$(dirname "$0")"
gcc -O3 -march=native -std=c11 -Wall -Wextra -o reference_chain reference_chain.c -lm
exec ./reference_chain "$@"
