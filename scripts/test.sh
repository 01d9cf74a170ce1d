#!/usr/bin/env bash
# The whole test suite — what CI runs (.ci/run) and what the README's set-up
# command runs on a fresh machine. Needs Go (>= 1.23) and gcc (for the plugin
# build); everything else comes from the Go module proxy.
#
#   scripts/test.sh            everything
#   FUZZTIME=10m scripts/test.sh   longer fuzz runs (default 20000 executions per target)
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZTIME="${FUZZTIME:-20000x}"
GO123="${GO123:-go1.23.12}"
passed=0
failed=0
failures=()

step() {
	local name="$1"
	shift
	echo
	echo "==> ${name}"
	local start=$SECONDS
	if "$@"; then
		passed=$((passed + 1))
		echo "--> ok: ${name} ($((SECONDS - start))s)"
	else
		failed=$((failed + 1))
		failures+=("${name}")
		echo "--> FAILED: ${name} ($((SECONDS - start))s)"
	fi
}

gofmt_check() {
	local out
	out=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'))
	if [ -n "$out" ]; then
		echo "gofmt would change:"
		echo "$out"
		return 1
	fi
}

vet() {
	go vet ./... &&
		GOWORK="$PWD/testdata/go.work" go vet -tags=goplugin . &&
		(cd testdata/host && GOWORK="$PWD/../go.work" go vet -tags=goplugin ./...)
}

go123_build() {
	GOTOOLCHAIN="$GO123" go build ./... &&
		GOTOOLCHAIN="$GO123" GOWORK="$PWD/testdata/go.work" go build -tags=goplugin -o /dev/null .
}

bench_smoke() {
	go test -run '^$' -bench . -benchtime 20x ./vm ./plugin >/dev/null
}

# The storage tests start a real redis-server: install it from the OS packages when missing
# (they skip the Redis half, saying so, when none can be had).
provide_redis() {
	command -v redis-server >/dev/null && return 0
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
	command -v apt-get >/dev/null && { $sudo apt-get install -y -qq redis-server >/dev/null 2>&1 ||
		{ $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq redis-server >/dev/null 2>&1; }; }
	command -v redis-server >/dev/null || echo "redis-server not available: the storage tests run in memory only"
}
provide_redis || true

step "gofmt" gofmt_check
step "go vet (plain and goplugin)" vet
step "go test -race ./..." go test -race -count=1 ./...
step "leak test at full size (100k calls, 1k timeouts)" go test -count=1 -run 'TestNoLeakAfterManyCallsAndTimeouts' ./vm
step "hostile scripts at full count (32 MiB stack child)" go test -count=1 -run 'TestHostileScripts$' ./vm
step "plugin end-to-end (compiler procedure + host)" scripts/plugin-e2e.sh
step "fuzz targets (${FUZZTIME} each)" env FUZZTIME="$FUZZTIME" scripts/fuzz.sh
step "dependency alignment with every supported gateway" scripts/check-deps.sh
step "compile with Go 1.23 (${GO123})" go123_build
step "benchmarks compile and run" bench_smoke

echo
if [ "$failed" -gt 0 ]; then
	printf 'failed steps:\n'
	printf '  - %s\n' "${failures[@]}"
fi
echo "tyk-ve checks: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
