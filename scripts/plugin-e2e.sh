#!/usr/bin/env bash
# plugin-e2e.sh builds tyk-ve as a Go plugin the way Tyk's plugin compiler
# does (workspace build of the repository root, -buildmode=plugin -trimpath
# -tags=goplugin, CGO on) against the contract double of the gateway in
# testdata/tyk, then runs the host harness tests (testdata/host), which load
# the .so with plugin.Open and run the conformance cases through it.
#
# Usage: scripts/plugin-e2e.sh [extra go test flags, e.g. -run Conformance -v]
# Works from any directory and leaves no files in the repository.
set -euo pipefail

script_name=plugin-e2e
source "$(dirname "${BASH_SOURCE[0]}")/lib/plugin-build.sh"
so="${tmp}/tyk-ve.so"

log "building plugin ($(go env GOVERSION), GOWORK=${work})"
build_plugin "${so}" || die "plugin build failed"
log "built ${so} ($(du -h "${so}" | cut -f1))"

log "running host harness tests"
(cd "${repo_root}/testdata/host" && GOWORK="${work}" CGO_ENABLED=1 TYKVE_PLUGIN_SO="${so}" go test "${build_flags[@]}" -count=1 "$@" ./...) \
	|| die "host harness tests failed"

# The gateway configuration is process-wide, so the storage test (the gateway's Redis from tyk.conf's
# storage section) runs alone in its own process; it skips when no redis-server can be had.
log "running the storage test against the gateway's Redis"
(cd "${repo_root}/testdata/host" && GOWORK="${work}" CGO_ENABLED=1 TYKVE_PLUGIN_SO="${so}" TYKVE_E2E_STORAGE=1 go test "${build_flags[@]}" -count=1 -run '^TestPluginStorage$' .) \
	|| die "plugin storage test failed"

log "PASS"
