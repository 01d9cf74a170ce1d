#!/usr/bin/env bash
# Check our module requirements against every supported gateway's.
set -euo pipefail

usage() {
	cat <<'USAGE'
usage: scripts/check-deps.sh [GATEWAY_DEPS_DIR]

Runs 'go run ./cmd/tyk-ve check-deps --lists DIR' against every list (*.txt) in
GATEWAY_DEPS_DIR (default: internal/depcheck/gateways in this repository, the
supported gateways' lists; see its README.md).
Exits non-zero if any module we require is newer than a gateway's, because the
plugin compiler's workspace would then upgrade it and the plugin would fail to load.
USAGE
}

case "${1:-}" in
-h | --help) usage; exit 0 ;;
esac
if [[ $# -gt 1 ]]; then
	usage >&2
	exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:-$ROOT/internal/depcheck/gateways}"
[[ -d "$DIR" ]] || { echo "check-deps.sh: no such directory: $DIR" >&2; exit 2; }
DIR="$(cd "$DIR" && pwd)"

cd "$ROOT"
GOWORK=off go run ./cmd/tyk-ve check-deps --modfile "$ROOT/go.mod" --lists "$DIR"
