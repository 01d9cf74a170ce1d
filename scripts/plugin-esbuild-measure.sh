#!/usr/bin/env bash
# plugin-esbuild-measure.sh measures what linking esbuild into the plugin
# would cost (docs/typescript.md, "Why the plugin runs built scripts only"):
# it builds tyk-ve.so as plugin-e2e.sh does, and again with the tag
# tykve_measure_esbuild (esbuild_measure_goplugin.go), then loads each with
# plugin.Open in fresh processes of testdata/host/cmd/openbench, alternating,
# and prints sizes and load-time medians with their ratios.
#
#   scripts/plugin-esbuild-measure.sh        # 40 loads of each
#   ROUNDS=100 scripts/plugin-esbuild-measure.sh
set -euo pipefail

script_name=plugin-esbuild-measure die_status=2
source "$(dirname "${BASH_SOURCE[0]}")/lib/plugin-build.sh"
rounds="${ROUNDS:-40}"

log "building tyk-ve.so, the same with esbuild, and the test host ($(go env GOVERSION))"
build_plugin "${tmp}/plain.so" || die "plugin build failed"
(cd "${repo_root}" && GOWORK="${work}" CGO_ENABLED=1 go build -buildmode=plugin -trimpath -tags=goplugin,tykve_measure_esbuild -o "${tmp}/esbuild.so" .) ||
	die "plugin build with esbuild failed"
build_in_host -o "${tmp}/openbench" ./cmd/openbench || die "test host build failed"

for ((i = 0; i < rounds; i++)); do
	printf '%s %s\n' "$("${tmp}/openbench" "${tmp}/plain.so")" "$("${tmp}/openbench" "${tmp}/esbuild.so")"
done >"${tmp}/pairs"

size() { stat -c %s "$1"; }
awk -v ps="$(size "${tmp}/plain.so")" -v es="$(size "${tmp}/esbuild.so")" '
	{ p[NR] = $1; e[NR] = $2; r[NR] = $2 / $1 }
	function median(a, n,   i, j, t, b) {
		for (i = 1; i <= n; i++) b[i] = a[i]
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
		return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
	}
	END {
		printf "size          tyk-ve.so %.1f MB, with esbuild %.1f MB, ratio %.2f\n", ps / 1e6, es / 1e6, es / ps
		mp = median(p, NR); me = median(e, NR)
		printf "plugin.Open   median %.1f ms vs %.1f ms, ratio %.2f; median of paired ratios %.2f (%d loads each)\n", mp / 1000, me / 1000, me / mp, median(r, NR), NR
	}' "${tmp}/pairs"
