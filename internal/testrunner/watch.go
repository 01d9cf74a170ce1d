package testrunner

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/fswatch"
)

// Watch calls run once, then again whenever a file under the paths (test
// files, definitions, scripts; not cassettes) changes, until ctx ends.
// It polls every interval (no file-notification dependency).
func Watch(ctx context.Context, paths []string, interval time.Duration, run func()) {
	run()
	seen := fingerprint(paths)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if fp := fingerprint(paths); fp != seen {
				seen = fp
				run()
			}
		}
	}
}

// fingerprint summarises names, sizes and modification times of the files
// under paths, skipping cassettes (a recording run writes them), hidden
// folders and node_modules.
func fingerprint(paths []string) string {
	return fswatch.Fingerprint(paths, fswatch.Filter{
		SkipDir:  func(name string) bool { return name == "node_modules" || strings.HasPrefix(name, ".") },
		SkipFile: func(path string) bool { return strings.HasSuffix(path, ".cassette.json") },
	})
}

// WatchPaths returns paths and what the test files under them read from
// elsewhere: the folders of the API definitions they name, and the files
// a code test file imports (outside node_modules). A code file's top level
// is run to learn its API.
func WatchPaths(ctx context.Context, paths []string) []string {
	out := append([]string(nil), paths...)
	files, _ := Find(paths)
	for _, f := range files {
		if !IsCodeTestFile(f) {
			if tf, err := ReadFile(f); err == nil && tf.API != "" {
				out = append(out, filepath.Dir(filepath.Join(filepath.Dir(f), tf.API)))
			}
			continue
		}
		script, inputs, _ := LoadCode(ctx, f, 0)
		if script != nil && script.API != "" {
			out = append(out, filepath.Dir(filepath.Join(filepath.Dir(f), script.API)))
		}
		for _, in := range inputs {
			if !strings.Contains(in, string(filepath.Separator)+"node_modules"+string(filepath.Separator)) {
				out = append(out, in)
			}
		}
	}
	return out
}
