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

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${repo_root}/testdata/go.work"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/tyk-ve-e2e.XXXXXX")"
work_sum="${repo_root}/testdata/go.work.sum"
had_work_sum=false
[[ -e "${work_sum}" ]] && had_work_sum=true
cleanup() {
	rm -rf "${tmp}"
	# Workspace commands may record checksums in go.work.sum; do not leave
	# one behind that this run created.
	if [[ "${had_work_sum}" == false && -e "${work_sum}" ]]; then
		rm -f "${work_sum}"
		log "note: removed testdata/go.work.sum written by go; a go.sum lacks some checksums"
	fi
}
trap cleanup EXIT

log() { printf 'plugin-e2e: %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

command -v go >/dev/null 2>&1 || die "go is not on PATH"
[[ -f "${work}" ]] || die "workspace ${work} is missing"
[[ -n "$(ls "${repo_root}"/*.go 2>/dev/null)" ]] || die "no Go files at the repository root: nothing to build as a plugin"

export GOWORK="${work}"
export CGO_ENABLED=1
# Both the plugin and the host must be built with identical flags, or
# plugin.Open fails with "plugin was built with a different version of package".
build_flags=(-trimpath -tags=goplugin)
so="${tmp}/tyk-ve.so"

log "building plugin ($(go env GOVERSION), GOWORK=${GOWORK})"
(cd "${repo_root}" && go build -buildmode=plugin "${build_flags[@]}" -o "${so}" .) \
	|| die "plugin build failed"
log "built ${so} ($(du -h "${so}" | cut -f1))"

log "running host harness tests"
(cd "${repo_root}/testdata/host" && TYKVE_PLUGIN_SO="${so}" go test "${build_flags[@]}" -count=1 "$@" ./...) \
	|| die "host harness tests failed"

log "PASS"
