package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/rsa"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

const testdata = "../testdata/bundle"

// zipEntry describes one entry of a hand-crafted ZIP.
type zipEntry struct {
	name string
	data string
	mode fs.FileMode // zero: a plain file, or a directory if name ends in "/"
}

// craftZip writes entries exactly as given, bypassing every check Build makes.
func craftZip(t *testing.T, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatalf("creating entry %q: %v", e.name, err)
		}
		if e.data != "" {
			if _, err := w.Write([]byte(e.data)); err != nil {
				t.Fatalf("writing entry %q: %v", e.name, err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// goodManifest is a minimal valid goplugin manifest over the given files.
func goodManifest(files ...string) Manifest {
	return Manifest{
		FileList: files,
		CustomMiddleware: MiddlewareSection{
			Driver: DriverGoPlugin,
			Post:   []MiddlewareDefinition{{Name: "VirtualEndpoint", Path: "tyk-ve.so"}},
		},
	}
}

// testFiles is a small source tree for Build.
func testFiles() fstest.MapFS {
	return fstest.MapFS{
		"tyk-ve.so":                     {Data: []byte("plugin bytes")},
		"tyk-ve_v5.9.2_linux_amd64.so":  {Data: []byte("plugin 5.9.2")},
		"examples/hello.js":             {Data: []byte("function hello() {}\n")},
		"examples/nested/deeper/two.js": {Data: []byte("function two() {}\n")},
	}
}

// build builds a bundle or fails the test.
func build(t *testing.T, m Manifest, files fs.FS, key *rsa.PrivateKey) ([]byte, Manifest) {
	t.Helper()
	var buf bytes.Buffer
	out, err := Build(&buf, BuildOptions{Manifest: m, Files: files, Key: key})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return buf.Bytes(), out
}

// open opens bundle bytes with default limits.
func open(data []byte) (*Bundle, error) {
	return Open(bytes.NewReader(data), int64(len(data)), Limits{})
}

// mustOpen opens bundle bytes or fails the test.
func mustOpen(t *testing.T, data []byte) *Bundle {
	t.Helper()
	b, err := open(data)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return b
}

// privateKey loads a test private key from testdata.
func privateKey(t *testing.T, name string) *rsa.PrivateKey {
	t.Helper()
	k, err := LoadPrivateKey(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// publicKey loads a test public key from testdata.
func publicKey(t *testing.T, name string) *rsa.PublicKey {
	t.Helper()
	k, err := LoadPublicKey(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// readTestdata reads a testdata file.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
