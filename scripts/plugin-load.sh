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

script_name=plugin-load die_status=2
source "$(dirname "${BASH_SOURCE[0]}")/lib/plugin-build.sh"
cd "${repo_root}"

log "building the tool"
go build -o "${tmp}/pluginload" ./scripts/pluginload || die "tool build failed"

log "building tyk-ve.so, the static plugin and the test host ($(go env GOVERSION))"
build_plugin "${tmp}/tyk-ve.so" || die "plugin build failed"
build_in_host -buildmode=plugin -o "${tmp}/static.so" ./cmd/staticplugin || die "static plugin build failed"
build_in_host -o "${tmp}/loadhost" ./cmd/loadhost || die "test host build failed"

"${tmp}/pluginload" -defs testdata/loadscenario -host "${tmp}/loadhost" -plugin-so "${tmp}/tyk-ve.so" -static-so "${tmp}/static.so" "$@"
