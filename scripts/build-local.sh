#!/usr/bin/env bash
# Build tyk-ve.so the way Tyk's plugin compiler does, without Docker.
set -euo pipefail

usage() {
	cat <<'USAGE'
usage: scripts/build-local.sh [--version vX.Y.Z] [--no-check] /path/to/tyk-gateway-checkout [out.so]

Follows the plugin compiler's procedure: a temporary Go workspace holding the gateway
checkout and this repository (go work init; go work use), then, at the repository root,

  CGO_ENABLED=1 go build -buildmode=plugin -trimpath -tags=goplugin -o OUT

OUT defaults to tyk-ve_<vX.Y.Z>_<GOOS>_<GOARCH>.so in the repository root when the
gateway version is known (--version, or an exact tag in the checkout), else tyk-ve.so.
No go.work is written into the repository.

The plugin loads only into a gateway built with the same Go version, build tags,
-trimpath and CGO settings; set GOTOOLCHAIN=go1.X.Y to match the gateway's Go.

  --version vX.Y.Z   gateway version for the file name (a "-suffix" is dropped, as the gateway does)
  --no-check         skip 'tyk-ve check-deps --gomod <checkout>/go.mod' before building

Environment: GOOS, GOARCH, CC, GOTOOLCHAIN, BUILD_TAG (extra build tag, as the compiler).
USAGE
}

VERSION=""
CHECK=1
POS=()
while [[ $# -gt 0 ]]; do
	case "$1" in
	-h | --help) usage; exit 0 ;;
	--version) VERSION="${2:?--version needs a value}"; shift 2 ;;
	--version=*) VERSION="${1#*=}"; shift ;;
	--no-check) CHECK=0; shift ;;
	-*) echo "build-local.sh: unknown flag $1" >&2; usage >&2; exit 2 ;;
	*) POS+=("$1"); shift ;;
	esac
done
if [[ ${#POS[@]} -lt 1 || ${#POS[@]} -gt 2 ]]; then
	usage >&2
	exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GW="$(cd "${POS[0]}" && pwd)" || { echo "build-local.sh: no such directory: ${POS[0]}" >&2; exit 1; }
if ! grep -q '^module github.com/TykTechnologies/tyk$' "$GW/go.mod" 2>/dev/null; then
	echo "build-local.sh: $GW is not a Tyk gateway checkout (no go.mod for github.com/TykTechnologies/tyk)" >&2
	exit 1
fi
command -v go >/dev/null 2>&1 || { echo "build-local.sh: the go command is not on PATH" >&2; exit 1; }

if [[ -z "$VERSION" ]]; then
	VERSION="$(git -C "$GW" describe --tags --exact-match 2>/dev/null || true)"
	[[ -n "$VERSION" ]] || echo "build-local.sh: warning: $GW is not at a release tag; pass --version to get a versioned file name" >&2
fi
if [[ -n "$VERSION" ]]; then
	[[ "$VERSION" == v* ]] || VERSION="v$VERSION"
	VERSION="${VERSION%%-*}" # the gateway strips suffixes such as -rc15 when it builds the name
fi

GOOS="$(go env GOOS)"
GOARCH="$(go env GOARCH)"
if [[ ${#POS[@]} -eq 2 ]]; then
	OUT="${POS[1]}"
	[[ "$OUT" == /* ]] || OUT="$PWD/$OUT"
elif [[ -n "$VERSION" ]]; then
	OUT="$ROOT/tyk-ve_${VERSION}_${GOOS}_${GOARCH}.so"
else
	OUT="$ROOT/tyk-ve.so"
fi

gw_go="$(awk '$1 == "go" { print $2; exit }' "$GW/go.mod")"
gw_toolchain="$(awk '$1 == "toolchain" { print $2; exit }' "$GW/go.mod")"
echo "build-local.sh: gateway go.mod: go ${gw_go:-?}${gw_toolchain:+, toolchain $gw_toolchain}; building with $(go env GOVERSION)" >&2

if [[ $CHECK -eq 1 ]]; then
	(cd "$ROOT" && GOWORK=off go run ./cmd/tyk-ve check-deps --gomod "$GW/go.mod")
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && go work init && go work use "$GW" "$ROOT")

tags="goplugin"
[[ -z "${BUILD_TAG:-}" ]] || tags="$tags,$BUILD_TAG"

echo "build-local.sh: CGO_ENABLED=1 go build -buildmode=plugin -trimpath -tags=$tags -o $OUT" >&2
(cd "$ROOT" && GOWORK="$WORK/go.work" CGO_ENABLED=1 go build -buildmode=plugin -trimpath -tags="$tags" -o "$OUT")

if [[ -e "$ROOT/go.work" ]]; then
	echo "build-local.sh: warning: $ROOT/go.work exists (not created by this script); remove it before committing" >&2
fi
echo "built $OUT"
