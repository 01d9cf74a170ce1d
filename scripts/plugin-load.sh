#!/usr/bin/env bash
# plugin-load.sh runs issue 12's plugin load benchmark: one test host
# (testdata/host/cmd/loadhost) loads tyk-ve.so and a static Go plugin
# (testdata/host/cmd/staticplugin) that answers the same bytes, holds a
# gateway-like heap (300 MB of live pointer-rich data by default), and serves
# the load scenario's representative endpoint through each; the tool drives
# both with the same keep-alive clients in interleaved rounds and prints
# req/s, p50/p99 and the ratio tyk-ve / static plugin. Everything is built
# as scripts/plugin-e2e.sh builds the plugin (testdata/go.work workspace,
# -buildmode=plugin -trimpath -tags=goplugin, CGO on). Loopback only; leaves
# no files in the repository.
#
#   scripts/plugin-load.sh                       # 6 rounds of 3 s per target, 16 clients
#   scripts/plugin-load.sh -rounds 10 -round 5s  # flags go to the tool (-h lists them)
#   scripts/plugin-load.sh -gateway-heap-mb 0    # without the gateway-like heap
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/tyk-ve-plugin-load.XXXXXX")"
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

log() { printf 'plugin-load: %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 2; }

command -v go >/dev/null 2>&1 || die "go is not on PATH"
cd "${repo_root}"

log "building the tool"
go build -o "${tmp}/pluginload" ./scripts/pluginload || die "tool build failed"

# The plugins and the host with identical flags, or plugin.Open fails with
# "plugin was built with a different version of package".
build_flags=(-trimpath -tags=goplugin)
export GOWORK="${repo_root}/testdata/go.work" CGO_ENABLED=1
log "building tyk-ve.so, the static plugin and the test host ($(go env GOVERSION))"
go build -buildmode=plugin "${build_flags[@]}" -o "${tmp}/tyk-ve.so" . || die "plugin build failed"
(cd testdata/host &&
	go build -buildmode=plugin "${build_flags[@]}" -o "${tmp}/static.so" ./cmd/staticplugin &&
	go build "${build_flags[@]}" -o "${tmp}/loadhost" ./cmd/loadhost) || die "static plugin or test host build failed"
unset GOWORK

"${tmp}/pluginload" -defs testdata/loadscenario -host "${tmp}/loadhost" -plugin-so "${tmp}/tyk-ve.so" -static-so "${tmp}/static.so" "$@"
