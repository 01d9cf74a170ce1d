package bundle

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden bundles in testdata/bundle")

// goldenBundles are the committed bundles built from testdata/bundle/src.
var goldenBundles = []struct {
	file string
	key  string
}{
	{file: "unsigned.zip"},
	{file: "signed.zip", key: "rsa_pkcs1_private.pem"},
}

// TestGoldenBundles checks that the committed bundles still open and verify,
// and that building the source again gives the same manifest. With -update
// it rewrites them instead.
func TestGoldenBundles(t *testing.T) {
	src := filepath.Join(testdata, "src")
	f, err := os.Open(filepath.Join(src, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range goldenBundles {
		t.Run(g.file, func(t *testing.T) {
			var opts BuildOptions
			opts.Manifest, opts.Files = m, os.DirFS(src)
			var verify VerifyOptions
			if g.key != "" {
				opts.Key = privateKey(t, g.key)
				verify.PublicKey = &opts.Key.PublicKey
			}
			var buf bytes.Buffer
			built, err := Build(&buf, opts)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(testdata, g.file)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := OpenFile(path, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Verify(verify); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			raw, err := built.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			// Compare manifests, not ZIP bytes: compress/flate output may
			// change between Go releases, the hashed data may not.
			if !bytes.Equal(raw, b.RawManifest) {
				t.Errorf("rebuilt manifest differs from %s:\n got %s\nwant %s", g.file, raw, b.RawManifest)
			}
			if got := len(b.Manifest.PluginBuilds()); got != 2 {
				t.Errorf("%d versioned plugin builds, want 2", got)
			}
		})
	}
}

// TestInfoZipInterop opens a bundle made by Info-ZIP from the extracted
// unsigned bundle: other tools' ZIPs (directory entries, Unix modes, extra
// timestamp fields) must be accepted.
func TestInfoZipInterop(t *testing.T) {
	t.Parallel()
	b, err := OpenFile(filepath.Join(testdata, "infozip.zip"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Verify(VerifyOptions{}); err != nil {
		t.Fatalf("Verify: %v", err)
	}
}
