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
