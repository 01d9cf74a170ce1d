package fswatch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFingerprint(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("api.json", "{}")
	write("node_modules/x/index.js", "1")
	write("a.cassette.json", "[]")
	f := Filter{
		SkipDir:  func(name string) bool { return name == "node_modules" },
		SkipFile: func(path string) bool { return strings.HasSuffix(path, ".cassette.json") },
	}
	base := Fingerprint([]string{dir}, f)
	if !strings.Contains(base, "api.json") || strings.Contains(base, "node_modules") || strings.Contains(base, "cassette") {
		t.Fatalf("fingerprint %q", base)
	}
	tests := []struct {
		name    string
		change  func()
		changed bool
	}{
		{"a skipped folder changes", func() { write("node_modules/x/index.js", "22") }, false},
		{"a skipped file changes", func() { write("a.cassette.json", "[1]") }, false},
		{"a file is added", func() { write("s.js", "x") }, true},
		{"a file changes size", func() { write("api.json", "{ }") }, true},
		{"a file changes time", func() {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(filepath.Join(dir, "s.js"), later, later); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a file is removed", func() { _ = os.Remove(filepath.Join(dir, "s.js")) }, true},
	}
	prev := base
	for _, tc := range tests {
		tc.change()
		now := Fingerprint([]string{dir}, f)
		if (now != prev) != tc.changed {
			t.Errorf("%s: changed = %v, want %v", tc.name, now != prev, tc.changed)
		}
		prev = now
	}
	if got := Fingerprint([]string{filepath.Join(dir, "api.json"), filepath.Join(dir, "missing")}, Filter{}); !strings.HasPrefix(got, filepath.Join(dir, "api.json")+"|") || strings.Contains(got, "\n") {
		t.Fatalf("a file root: %q", got)
	}
}
