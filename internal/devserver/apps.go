package devserver

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/tyk-ve/tyk-ve/internal/fswatch"
	"github.com/tyk-ve/tyk-ve/plugin"
)

// app is one loaded API definition file. Its pointer is the plugin cache key:
// a reload creates new apps, as the gateway creates new specs.
type app struct {
	file string
	raw  []byte
	def  *plugin.Definition
}

// loadApps reads every *.json file of dir (an API definition each) but the
// JavaScript tooling's own (package.json, tsconfig.json …: notJSONApps),
// so an API folder can also be an npm package. Files that do not parse are
// reported and skipped, like the gateway skips bad definitions.
func loadApps(fsys fs.FS, subst func([]byte) []byte) ([]*app, []error) {
	var apps []*app
	var errs []error
	matches, _ := fs.Glob(fsys, "*.json")
	for _, name := range matches {
		if notJSONApps[name] {
			continue
		}
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		if subst != nil {
			raw = subst(raw)
		}
		def, err := plugin.ParseDefinition(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		apps = append(apps, &app{file: name, raw: raw, def: def})
	}
	// Longest listen path first, so /foo does not shadow /foo-bar.
	sort.SliceStable(apps, func(i, j int) bool {
		return len(apps[i].def.ListenPath) > len(apps[j].def.ListenPath)
	})
	return apps, errs
}

// notJSONApps are JSON files of an npm package or TypeScript project.
var notJSONApps = map[string]bool{"package.json": true, "package-lock.json": true, "npm-shrinkwrap.json": true,
	"tsconfig.json": true, "jsconfig.json": true}

// match returns the app whose listen path prefixes path.
func match(apps []*app, path string) *app {
	for _, a := range apps {
		lp := a.def.ListenPath
		if lp == "" {
			lp = "/"
		}
		if strings.HasPrefix(path, strings.TrimSuffix(lp, "/")) || lp == "/" {
			return a
		}
	}
	return nil
}

// find returns the app named by a tyk:// loop host: its API ID or name.
func find(apps []*app, host string) *app {
	for _, a := range apps {
		if a.def.APIID == host || strings.EqualFold(a.def.Name, host) ||
			strings.EqualFold(strings.ReplaceAll(a.def.Name, " ", "-"), host) {
			return a
		}
	}
	return nil
}

// fingerprint summarises a directory's files (name, size, mtime) so the
// server notices edits to definitions and scripts without fsnotify. It
// skips node_modules and .git folders (thousands of files, polled every
// second): the package files a build used are watched as build inputs.
func fingerprint(dir string) string {
	return fswatch.Fingerprint([]string{dir}, fswatch.Filter{SkipDir: func(name string) bool {
		return name == "node_modules" || name == ".git"
	}})
}
