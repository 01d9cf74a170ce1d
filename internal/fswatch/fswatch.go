// Package fswatch notices changed files without a notification
// dependency: a fingerprint of the files under some folders (names, sizes,
// modification times) that callers poll and compare. tyk-ve dev reloads
// its APIs and tyk-ve test --watch reruns its tests with it.
package fswatch

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Filter leaves folders and files out of a fingerprint.
type Filter struct {
	// SkipDir reports whether a folder below a root (by name) is left
	// out with everything in it.
	SkipDir func(name string) bool
	// SkipFile reports whether a file (by path) is left out.
	SkipFile func(path string) bool
}

// Fingerprint summarises the files under roots (a root may be a file): one
// line per file with its path, size and modification time, sorted. Two
// fingerprints differ when a file was added, removed or changed.
func Fingerprint(roots []string, f Filter) string {
	var lines []string
	for _, root := range roots {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if path != root && f.SkipDir != nil && f.SkipDir(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if f.SkipFile != nil && f.SkipFile(path) {
				return nil
			}
			if info, err := os.Stat(path); err == nil {
				lines = append(lines, fmt.Sprintf("%s|%d|%d", path, info.Size(), info.ModTime().UnixNano()))
			}
			return nil
		})
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
