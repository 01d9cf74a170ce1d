#!/usr/bin/env bash
# setup.sh installs the example's npm package (ms) into node_modules — not
# committed — and builds src/handler.ts into src/handler.js with
# `tyk-ve build`, the script the gateway plugin runs.
#
#   examples/npm-package/setup.sh                 # install, then build with tyk-ve (PATH, else go run)
#   examples/npm-package/setup.sh --install-only  # install only (tyk-ve dev builds on the fly)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

command -v npm >/dev/null 2>&1 || { echo "setup.sh: npm is not on PATH (install Node.js)" >&2; exit 1; }
if [[ -f package-lock.json ]]; then
	npm ci --no-audit --no-fund --loglevel=error
else
	npm install --no-audit --no-fund --loglevel=error
fi
[[ "${1:-}" == "--install-only" ]] && exit 0

if command -v tyk-ve >/dev/null 2>&1; then
	tyk-ve build src/handler.ts
else
	(cd ../.. && go run ./cmd/tyk-ve build examples/npm-package/src/handler.ts)
fi
