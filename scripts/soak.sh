#!/usr/bin/env bash
# Load/soak test: drives up to N requests (default 1,000,000) through the dev
# server over loopback — 90% a representative virtual endpoint, 4% a script
# that throws, 1% an endless loop hitting its 20ms limit, 5% passed through to
# an upstream — and prints throughput, p50/p99/p99.9/max latency and statuses
# per kind, RSS and goroutines at start and after shutdown, and the runtime
# pool's counters as markdown. Loopback only; it stops at -n requests or at
# -duration, whichever comes first.
#
#   scripts/soak.sh                          # -n 1000000 -c 16 -duration 10m
#   scripts/soak.sh -n 100000 -c 8           # flags go to the tool
#   SOAK_N=200000 SOAK_DURATION=2m scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/soak" ./scripts/soak
"$bin/soak" -n "${SOAK_N:-1000000}" -c "${SOAK_C:-16}" -duration "${SOAK_DURATION:-10m}" "$@"
