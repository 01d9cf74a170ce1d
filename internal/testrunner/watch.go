package testrunner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
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
	var parts []string
	for _, p := range paths {
		_ = filepath.Walk(p, func(q string, info os.FileInfo, err error) error {
			if err != nil {
				return nil
			}
			if info.IsDir() && q != p && (info.Name() == "node_modules" || strings.HasPrefix(info.Name(), ".")) {
				return filepath.SkipDir
			}
			if !info.IsDir() && !strings.HasSuffix(q, ".cassette.json") {
				parts = append(parts, fmt.Sprintf("%s|%d|%d", q, info.Size(), info.ModTime().UnixNano()))
			}
			return nil
		})
	}
	sort.Strings(parts)
	return strings.Join(parts, "\n")
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
