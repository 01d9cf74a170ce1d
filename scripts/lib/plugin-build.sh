# Sourced (never run) by the scripts that build tyk-ve as a Go plugin the way
# Tyk's plugin compiler does: a workspace build of the repository root
# against the gateway's contract double (testdata/go.work), with
# -buildmode=plugin -trimpath -tags=goplugin and CGO on. The caller sets
# script_name first. Defines:
#   repo_root, tmp          the repository; a temporary folder removed on exit
#   log MSG, die MSG        messages on stderr prefixed with script_name
#   build_flags             the flags the plugin and its host must share, or
#                           plugin.Open fails ("plugin was built with a
#                           different version of package")
#   build_plugin OUT        the root package as a plugin
#   build_in_host ARGS...   go build in testdata/host (the host module) with
#                           the workspace and build_flags
# It leaves no files in the repository: a go.work.sum the build wrote is
# removed on exit.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/tyk-ve-${script_name}.XXXXXX")"
work="${repo_root}/testdata/go.work"
work_sum="${repo_root}/testdata/go.work.sum"
had_work_sum=false
[[ -e "${work_sum}" ]] && had_work_sum=true
build_flags=(-trimpath -tags=goplugin)

log() { printf '%s: %s\n' "${script_name}" "$*" >&2; }
die() { log "FAIL: $*"; exit "${die_status:-1}"; }

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

command -v go >/dev/null 2>&1 || die "go is not on PATH"
[[ -f "${work}" ]] || die "workspace ${work} is missing"

build_plugin() {
	[[ -n "$(ls "${repo_root}"/*.go 2>/dev/null)" ]] || die "no Go files at the repository root: nothing to build as a plugin"
	(cd "${repo_root}" && GOWORK="${work}" CGO_ENABLED=1 go build -buildmode=plugin "${build_flags[@]}" -o "$1" .)
}

build_in_host() {
	(cd "${repo_root}/testdata/host" && GOWORK="${work}" CGO_ENABLED=1 go build "${build_flags[@]}" "$@")
}
