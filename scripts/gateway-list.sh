#!/usr/bin/env bash
# Write a supported gateway's dependency list from its go.mod.
set -euo pipefail

usage() {
	cat <<'USAGE'
usage: scripts/gateway-list.sh VERSION [TYK_CHECKOUT]

Writes internal/depcheck/gateways/VERSION.txt from the go.mod of Tyk Gateway
VERSION (a tag such as v5.15.0, or master), in the format check-deps reads
(tyk-ve check-deps --gomod GO.MOD --print-list), and prints the commit it was
taken from. Without TYK_CHECKOUT it makes a shallow clone of the tag from
github.com/TykTechnologies/tyk in a temporary directory; with it, it reads
TYK_CHECKOUT/go.mod and trusts that the checkout is at VERSION.
USAGE
}

case "${1:-}" in
-h | --help) usage; exit 0 ;;
'') usage >&2; exit 2 ;;
esac
if [[ $# -gt 2 ]]; then
	usage >&2
	exit 2
fi

VERSION="$1"
[[ "$VERSION" =~ ^(v[0-9]+\.[0-9]+\.[0-9]+([-.][0-9A-Za-z.-]+)?|master)$ ]] ||
	{ echo "gateway-list.sh: not a release tag or master: $VERSION" >&2; exit 2; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ $# -eq 2 ]]; then
	SRC="$(cd "$2" && pwd)"
else
	TMP="$(mktemp -d)"
	trap 'rm -rf "$TMP"' EXIT
	git clone --quiet --depth 1 --branch "$VERSION" https://github.com/TykTechnologies/tyk.git "$TMP/tyk"
	SRC="$TMP/tyk"
fi
[[ -f "$SRC/go.mod" ]] || { echo "gateway-list.sh: no go.mod in $SRC" >&2; exit 2; }

OUT="$ROOT/internal/depcheck/gateways/$VERSION.txt"
cd "$ROOT"
GOWORK=off go run ./cmd/tyk-ve check-deps --gomod "$SRC/go.mod" --print-list >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
COMMIT="$(git -C "$SRC" rev-parse --short=8 HEAD 2>/dev/null || echo unknown)"
echo "wrote $OUT ($(($(wc -l <"$OUT") - 1)) modules) from $VERSION commit $COMMIT"
echo "add \"$VERSION $COMMIT\" to the source commits in internal/depcheck/gateways/README.md"
