#!/usr/bin/env bash
# Runs every fuzz target of the parsers and readers for FUZZTIME each
# (default 5s; use e.g. FUZZTIME=10m for a long run). New failing inputs are
# saved under the package's testdata/fuzz/ and replayed by plain `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-5s}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for pkg in ./plugin ./vm ./bundle ./internal/depcheck; do
	[ -d "$pkg" ] || continue
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "fuzz ${pkg} ${target} for ${FUZZTIME}"
		if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" "$pkg" >"$log" 2>&1; then
			cat "$log"
			exit 1
		fi
	done
done
