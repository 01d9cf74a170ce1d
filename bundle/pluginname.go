package bundle

import (
	"path"
	"regexp"
	"strings"
)

// PluginBuild is a Go plugin file in a bundle whose name carries the gateway
// version it was built for, as the plugin compiler names its output:
// <base>_<vX.Y.Z>_<GOOS>_<GOARCH>.so (tyk-contract §3.7, §6.1).
type PluginBuild struct {
	// File is the file_list entry, e.g. "tyk-ve_v5.9.2_linux_amd64.so".
	File string
	// Base is the name a hook path uses for it, e.g. "tyk-ve.so".
	Base string
	// Version is the gateway version with a "v" prefix, e.g. "v5.9.2".
	Version string
	// GOOS and GOARCH are the target platform.
	GOOS, GOARCH string
}

// versionedSO matches the compiler's output names. The gateway builds the
// name from its own version with any "-suffix" stripped, so a prerelease in
// the file name never matches and is not accepted here either.
var versionedSO = regexp.MustCompile(`^(.+)_(v?\d+\.\d+\.\d+)_([a-z0-9]+)_([a-z0-9]+)\.so$`)

// ParsePluginBuild reports whether file is a versioned plugin name and, if
// so, what it carries. Directories are kept: "lib/x_v5.9.2_linux_amd64.so"
// has Base "lib/x.so".
func ParsePluginBuild(file string) (PluginBuild, bool) {
	dir, name := path.Split(file)
	m := versionedSO.FindStringSubmatch(name)
	if m == nil {
		return PluginBuild{}, false
	}
	v := m[2]
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	return PluginBuild{File: file, Base: dir + m[1] + ".so", Version: v, GOOS: m[3], GOARCH: m[4]}, true
}

// PluginBuilds lists the versioned plugin files in file_list, in list order.
func (m Manifest) PluginBuilds() []PluginBuild {
	var out []PluginBuild
	for _, f := range m.FileList {
		if b, ok := ParsePluginBuild(path.Clean(f)); ok {
			out = append(out, b)
		}
	}
	return out
}

// pluginCandidates reports which file_list entries the gateway could load for
// a goplugin hook path: the exact name, or any versioned build of it.
func (m Manifest) pluginCandidates(hookPath string) []string {
	want := path.Clean(hookPath)
	var out []string
	for _, f := range m.FileList {
		f = path.Clean(f)
		if f == want {
			out = append(out, f)
			continue
		}
		if b, ok := ParsePluginBuild(f); ok && b.Base == want {
			out = append(out, f)
		}
	}
	return out
}
