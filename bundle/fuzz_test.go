package bundle

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzLimits keep fuzzing cheap.
var fuzzLimits = Limits{MaxEntries: 64, MaxFileSize: 1 << 20, MaxTotalSize: 4 << 20, MaxManifestSize: 64 << 10}

// addZipSeeds adds every ZIP in testdata/bundle to the corpus.
func addZipSeeds(f *testing.F) []string {
	f.Helper()
	zips, err := filepath.Glob(filepath.Join(testdata, "*.zip"))
	if err != nil {
		f.Fatal(err)
	}
	for _, z := range zips {
		data, err := os.ReadFile(z)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	return zips
}

func FuzzReadManifest(f *testing.F) {
	for _, z := range addZipSeeds(f) {
		if b, err := OpenFile(z, Limits{}); err == nil {
			f.Add(b.RawManifest)
		}
	}
	if data, err := os.ReadFile(filepath.Join(testdata, "src", ManifestName)); err == nil {
		f.Add(data)
	}
	f.Add([]byte(tykBundlerJSON))
	f.Add([]byte(`{"custom_middleware":{"id_extractor":{"extractor_config":{"a":[1,2.5,{"b":null}]}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadManifest(bytes.NewReader(data))
		if err != nil {
			return
		}
		_ = m.Validate()
		_ = m.PluginBuilds()
		first, err := m.Marshal()
		if err != nil {
			t.Fatalf("Marshal of a decoded manifest failed: %v", err)
		}
		again, err := ReadManifest(bytes.NewReader(first))
		if err != nil {
			t.Fatalf("re-reading %s: %v", first, err)
		}
		second, err := again.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("manifest does not round-trip:\n%s\n%s", first, second)
		}
	})
}

func FuzzOpenZip(f *testing.F) {
	addZipSeeds(f)
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Open(bytes.NewReader(data), int64(len(data)), fuzzLimits)
		if err != nil {
			return
		}
		for _, name := range b.Manifest.FileList {
			if b.files[name] == nil {
				t.Fatalf("Open accepted a bundle missing %q", name)
			}
		}
		_ = b.Verify(VerifyOptions{})
		root := t.TempDir()
		dest := filepath.Join(root, "bundle")
		_ = b.Extract(dest)
		entries, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != "bundle" {
				t.Fatalf("Extract wrote %q outside its directory", e.Name())
			}
		}
	})
}
