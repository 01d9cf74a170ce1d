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

script_name=load-scenario die_status=2
source "$(dirname "${BASH_SOURCE[0]}")/lib/plugin-build.sh"
cd "${repo_root}"

log "building the tool"
go build -o "${tmp}/loadscenario" ./scripts/loadscenario || die "tool build failed"

target_flags=()
if [[ -z "${LOAD_SKIP_PLUGIN:-}" ]]; then
	log "building the plugin and the test host ($(go env GOVERSION))"
	build_plugin "${tmp}/tyk-ve.so" || die "plugin build failed"
	build_in_host -o "${tmp}/loadhost" ./cmd/loadhost || die "test host build failed"
	target_flags=(-plugin-so "${tmp}/tyk-ve.so" -host "${tmp}/loadhost")
fi

"${tmp}/loadscenario" -defs testdata/loadscenario "${target_flags[@]}" "$@"
