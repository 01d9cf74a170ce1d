#!/usr/bin/env bash
# load-scenario.sh runs issue 10's load scenario on two targets in one run:
# the dev server (in process) and the compiled plugin loaded by the test host
# program (testdata/host/cmd/loadhost). The plugin and the host are built
# exactly as scripts/plugin-e2e.sh builds them (testdata/go.work workspace,
# -buildmode=plugin -trimpath -tags=goplugin, CGO on). Phases, each 5 s by
# default: the representative endpoint alone (16 clients); with 8 clients on
# /slowio (a 1 s upstream); with 4 clients on /spin (spins to its 100 ms
# timeout); with 2 clients on /alloc (allocates to its 500 ms timeout). It
# prints a markdown report with PASS/FAIL per threshold of the issue's "Done
# when". Loopback only; bounded in time; leaves no files in the repository.
#
#   scripts/load-scenario.sh                   # the default scenario
#   scripts/load-scenario.sh -phase 10s        # flags go to the tool (-h lists them)
#   scripts/load-scenario.sh -check            # exit 1 if a threshold fails
#   scripts/load-scenario.sh -heap-limit 256MiB -max-concurrent 4   # settings of the pool rework
#   LOAD_SKIP_PLUGIN=1 scripts/load-scenario.sh  # the dev server only (no cgo build)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/tyk-ve-load.XXXXXX")"
work_sum="${repo_root}/testdata/go.work.sum"
had_work_sum=false
[[ -e "${work_sum}" ]] && had_work_sum=true
cleanup() {
	rm -rf "${tmp}"
	if [[ "${had_work_sum}" == false && -e "${work_sum}" ]]; then
		rm -f "${work_sum}"
	fi
}
trap cleanup EXIT

log() { printf 'load-scenario: %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 2; }

command -v go >/dev/null 2>&1 || die "go is not on PATH"
cd "${repo_root}"

log "building the tool"
go build -o "${tmp}/loadscenario" ./scripts/loadscenario || die "tool build failed"

target_flags=()
if [[ -z "${LOAD_SKIP_PLUGIN:-}" ]]; then
	# Both the plugin and the host with identical flags, or plugin.Open
	# fails with "plugin was built with a different version of package".
	build_flags=(-trimpath -tags=goplugin)
	log "building the plugin and the test host ($(go env GOVERSION))"
	GOWORK="${repo_root}/testdata/go.work" CGO_ENABLED=1 \
		go build -buildmode=plugin "${build_flags[@]}" -o "${tmp}/tyk-ve.so" . || die "plugin build failed"
	(cd testdata/host && GOWORK="${repo_root}/testdata/go.work" CGO_ENABLED=1 \
		go build "${build_flags[@]}" -o "${tmp}/loadhost" ./cmd/loadhost) || die "test host build failed"
	target_flags=(-plugin-so "${tmp}/tyk-ve.so" -host "${tmp}/loadhost")
fi

"${tmp}/loadscenario" -defs testdata/loadscenario "${target_flags[@]}" "$@"
