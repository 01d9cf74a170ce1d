package bundle

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExtract(t *testing.T) {
	t.Parallel()
	data, _ := build(t, goodManifest("tyk-ve.so", "examples/hello.js", "examples/nested/deeper/two.js"), testFiles(), nil)
	b := mustOpen(t, data)
	dir := filepath.Join(t.TempDir(), "bundles", "0123abcd")
	if err := b.Extract(dir); err != nil {
		t.Fatalf("Extract: %v", err)
	}
	src := testFiles()
	for _, name := range []string{"tyk-ve.so", "examples/hello.js", "examples/nested/deeper/two.js"} {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(src[name].Data) {
			t.Errorf("%s = %q, want %q", name, got, src[name].Data)
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil || string(raw) != string(b.RawManifest) {
		t.Errorf("manifest.json not extracted as stored (err %v)", err)
	}
}

func TestExtractRefusesNonEmptyDir(t *testing.T) {
	t.Parallel()
	data, _ := build(t, goodManifest("tyk-ve.so"), testFiles(), nil)
	b := mustOpen(t, data)
	dir := t.TempDir()
	// A symlink planted in the destination must never be followed.
	if err := os.Symlink("/tmp", filepath.Join(dir, "tyk-ve.so")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	checkErr(t, b.Extract(dir), "directory is not empty")
	if target, err := os.Readlink(filepath.Join(dir, "tyk-ve.so")); err != nil || target != "/tmp" {
		t.Errorf("planted symlink was touched: %q, %v", target, err)
	}
}

func TestExtractEmptyDirAndCleanup(t *testing.T) {
	t.Parallel()
	data, _ := build(t, goodManifest("tyk-ve.so"), testFiles(), nil)
	b := mustOpen(t, data)
	if err := b.Extract(t.TempDir()); err != nil {
		t.Fatalf("Extract into an empty existing dir: %v", err)
	}

	// A size lie discovered while writing removes the directory Extract made.
	lying := patchUncompressedSize(t, data, "tyk-ve.so", 3)
	lb := mustOpen(t, lying)
	dir := filepath.Join(t.TempDir(), "new")
	if err := lb.Extract(dir); err == nil {
		t.Fatal("Extract of a lying entry succeeded")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("failed Extract left %s behind (stat err %v)", dir, err)
	}
}
