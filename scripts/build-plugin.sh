#!/usr/bin/env bash
# Build tyk-ve.so with Tyk's official plugin compiler image.
set -euo pipefail

usage() {
	cat <<'USAGE'
usage: scripts/build-plugin.sh VERSION [GOOS GOARCH]

Builds the plugin with the official compiler image for gateway VERSION:

  docker run --rm -v "$REPO":/plugin-source tykio/tyk-plugin-compiler:vX.Y.Z tyk-ve.so

The compiler names its output tyk-ve_<vX.Y.Z>_<GOOS>_<GOARCH>.so and leaves it in the
repository root; the gateway finds it when an API or bundle names "tyk-ve.so".

  VERSION        gateway release, e.g. v5.9.2 (the "v" is optional)
  GOOS GOARCH    target platform (default: the image's, linux/amd64 on amd64 hosts)

Environment:
  IMAGE          compiler image (default tykio/tyk-plugin-compiler); use the same tag
                 with the "-ng" suffix, e.g. VERSION=v5.14.0-ng, for the new compiler
  DOCKER         docker command (default: docker)

Without a working Docker engine, build with scripts/build-local.sh and a gateway checkout.
USAGE
}

case "${1:-}" in
-h | --help) usage; exit 0 ;;
"") usage >&2; exit 2 ;;
esac
if [[ $# -ne 1 && $# -ne 3 ]]; then
	usage >&2
	exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="$1"
[[ "$VERSION" == v* ]] || VERSION="v$VERSION"
IMAGE="${IMAGE:-tykio/tyk-plugin-compiler}"
DOCKER="${DOCKER:-docker}"

no_docker() {
	cat >&2 <<MSG
build-plugin.sh: $1

The official compiler needs a running Docker engine. To build without Docker,
use the compiler's procedure locally with a gateway checkout at the same tag
and the gateway's exact Go version:

  git clone --depth 1 --branch ${VERSION%-ng} https://github.com/TykTechnologies/tyk /tmp/tyk-${VERSION%-ng}
  GOTOOLCHAIN=go<the gateway's Go version> scripts/build-local.sh /tmp/tyk-${VERSION%-ng}
MSG
	exit 1
}

command -v "$DOCKER" >/dev/null 2>&1 || no_docker "'$DOCKER' is not installed (not on PATH)."
"$DOCKER" info >/dev/null 2>&1 || no_docker "'$DOCKER' is installed but cannot reach a Docker engine ('$DOCKER info' failed)."

args=(tyk-ve.so)
if [[ $# -eq 3 ]]; then
	# The compiler's arguments are: name.so [plugin_id] [GOOS] [GOARCH]. An empty
	# plugin_id keeps the module path (a plugin_id makes the old compiler rewrite it).
	args+=("" "$2" "$3")
fi

echo "build-plugin.sh: $IMAGE:$VERSION ${args[*]}" >&2
"$DOCKER" run --rm -v "$ROOT":/plugin-source "$IMAGE:$VERSION" "${args[@]}"

shopt -s nullglob
built=("$ROOT"/tyk-ve_"${VERSION%-ng}"_*.so)
if [[ ${#built[@]} -eq 0 ]]; then
	echo "build-plugin.sh: the compiler finished but no tyk-ve_${VERSION%-ng}_*.so is in $ROOT" >&2
	exit 1
fi
printf 'built %s\n' "${built[@]}"
