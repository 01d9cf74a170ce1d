#!/usr/bin/env bash
# Runs every fuzz target of the parsers and readers, and the differential
# targets (among them vm's FuzzIsolation: generated scripts answer on a
# reused isolated runtime what they answer on a new one; a quarter of
# the count budget, see budget_for). Packages and targets are found by looking
# (grep, then go test -list), so a new Fuzz function is picked up here
# without editing. FUZZTIME is the budget
# per target: a count of executions by default (20000x), or a duration for a
# long run (e.g. FUZZTIME=10m). New failing inputs are saved under the
# package's testdata/fuzz/ and replayed by plain `go test`.
#
# Counts, not durations, by default: with a duration, Go's fuzz coordinator
# (before Go 1.27, golang/go#75804) can fail a target with a bare "context
# deadline exceeded" at the deadline although no input failed. A failure
# that wrote no failing input and says exactly that is reported as that
# flake and not counted; any other failure fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-20000x}"
FUZZMINIMIZETIME="${FUZZMINIMIZETIME:-2000x}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

corpus_size() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }

# budget_for prints a target's budget. FuzzIsolation builds and calls a
# dozen runtimes per input (the reused one and a new one per call): as a
# count it gets a quarter of FUZZTIME (20000x → 5000x, about a minute on 2
# cores), so that the whole suite stays well under CI's limit; a duration
# (FUZZTIME=10m) applies to it as it is.
budget_for() {
	case "$1:$FUZZTIME" in
	FuzzIsolation:*x) echo "$(( ${FUZZTIME%x} / 4 ))x" ;;
	*) echo "$FUZZTIME" ;;
	esac
}

# Every package of the module that has a fuzz target.
packages=$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u)
for pkg in $packages; do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		budget=$(budget_for "$target")
		echo "fuzz ${pkg} ${target} for ${budget}"
		corpus="${pkg}/testdata/fuzz/${target}"
		before=$(corpus_size "$corpus")
		if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$budget" -fuzzminimizetime "$FUZZMINIMIZETIME" "$pkg" >"$log" 2>&1; then
			continue
		fi
		if [ "$(corpus_size "$corpus")" = "$before" ] && grep -q '^    context deadline exceeded$' "$log" &&
			! grep -q 'Failing input written' "$log"; then
			echo "  ${target}: Go's fuzz-deadline flake (golang/go#75804), no failing input; not counted"
			continue
		fi
		cat "$log"
		exit 1
	done
done
