#!/usr/bin/env bash
# Build a Tyk plugin bundle from built tyk-ve .so files and the example scripts.
set -euo pipefail

usage() {
	cat <<'USAGE'
usage: scripts/build-bundle.sh [-k key.pem | -y] [-o bundle.zip] [plugin.so ...]

Collects the plugin builds (default: every tyk-ve_v*_*_*.so in the repository root,
else tyk-ve.so) and examples/*.js into a staging directory, writes a manifest there
from the repository's manifest.json hooks (driver goplugin, post hook VirtualEndpoint
at path tyk-ve.so), and runs

  go run ./cmd/tyk-ve bundle build -m STAGING/manifest.json -o OUT [-k key.pem | -y]

A hook path of tyk-ve.so loads the build matching the gateway's version and platform
(the gateway looks for tyk-ve_<vX.Y.Z>_<GOOS>_<GOARCH>.so first), so one bundle can
serve several gateway versions.

  -k key.pem     sign with this RSA private key (PEM, PKCS#1 or PKCS#8)
  -y             build unsigned
  -o FILE        output (default: bundle.zip in the current directory)
USAGE
}

KEY=""
SKIP=0
OUT="bundle.zip"
SOS=()
while [[ $# -gt 0 ]]; do
	case "$1" in
	-h | --help) usage; exit 0 ;;
	-k) KEY="${2:?-k needs a file}"; shift 2 ;;
	-y) SKIP=1; shift ;;
	-o) OUT="${2:?-o needs a file}"; shift 2 ;;
	-*) echo "build-bundle.sh: unknown flag $1" >&2; usage >&2; exit 2 ;;
	*) SOS+=("$1"); shift ;;
	esac
done
if [[ -z "$KEY" && $SKIP -eq 0 ]]; then
	echo "build-bundle.sh: pass -k key.pem to sign the bundle, or -y to build it unsigned" >&2
	exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
abs() { [[ "$1" == /* ]] && printf '%s\n' "$1" || printf '%s\n' "$PWD/$1"; }
OUT="$(abs "$OUT")"
[[ -z "$KEY" ]] || KEY="$(abs "$KEY")"

shopt -s nullglob
if [[ ${#SOS[@]} -eq 0 ]]; then
	SOS=("$ROOT"/tyk-ve_v*_*_*.so)
	[[ ${#SOS[@]} -gt 0 || ! -f "$ROOT/tyk-ve.so" ]] || SOS=("$ROOT/tyk-ve.so")
fi
if [[ ${#SOS[@]} -eq 0 ]]; then
	echo "build-bundle.sh: no plugin builds found; run scripts/build-plugin.sh or scripts/build-local.sh first" >&2
	exit 1
fi
SCRIPTS=("$ROOT"/examples/*.js)

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/examples"
files=()
for so in "${SOS[@]}"; do
	[[ -f "$so" ]] || { echo "build-bundle.sh: no such file: $so" >&2; exit 1; }
	base="$(basename "$so")"
	cp "$so" "$STAGE/$base"
	files+=("$base")
done
for js in "${SCRIPTS[@]}"; do
	cp "$js" "$STAGE/examples/"
	files+=("examples/$(basename "$js")")
done

{
	printf '{\n  "file_list": [\n'
	for i in "${!files[@]}"; do
		sep=","
		[[ $i -eq $((${#files[@]} - 1)) ]] && sep=""
		printf '    "%s"%s\n' "${files[$i]}" "$sep"
	done
	printf '  ],\n'
	printf '  "custom_middleware": {\n    "driver": "goplugin",\n'
	printf '    "post": [{"name": "VirtualEndpoint", "path": "tyk-ve.so"}]\n  }\n}\n'
} >"$STAGE/manifest.json"

sign=(-y)
[[ -z "$KEY" ]] || sign=(-k "$KEY")
cd "$ROOT"
GOWORK=off go run ./cmd/tyk-ve bundle build -m "$STAGE/manifest.json" -o "$OUT" "${sign[@]}"
