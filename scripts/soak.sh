#!/usr/bin/env bash
# Load/soak test: drives up to N requests (default 1,000,000) through the dev
# server over loopback — 90% a representative virtual endpoint, 4% a script
# that throws, 1% an endless loop hitting its 20ms limit, 5% passed through to
# an upstream — and prints throughput, p50/p99/max latency per kind, RSS and
# goroutines at start and end. Loopback only; bounded in count and time.
#
#   scripts/soak.sh                     # -n 1000000 -c 16 -duration 10m
#   scripts/soak.sh -n 100000 -c 8      # flags go to the tool
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./scripts/soak "$@"
