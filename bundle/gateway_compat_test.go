package bundle

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// gatewayUnpack models how the gateway unpacks a downloaded bundle
// (gateway/coprocess_bundle.go, ZipBundleSaver): every entry in order, Mkdir
// (not MkdirAll) for directory entries, Create for files. It is written from
// reading that code, to pin down the layout our bundles need.
func gatewayUnpack(data []byte, dir string) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		dest := filepath.Join(dir, f.Name)
		if f.FileHeader.Mode().IsDir() {
			if err := os.Mkdir(dest, 0o700); err != nil {
				return err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		out, err := os.Create(dest)
		if err != nil {
			rc.Close()
			return err
		}
		_, err = io.Copy(out, rc)
		rc.Close()
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func TestGatewayUnpacksOurBundles(t *testing.T) {
	t.Parallel()
	nested := goodManifest("tyk-ve.so", "examples/hello.js", "examples/nested/deeper/two.js")
	data, _ := build(t, nested, testFiles(), nil)
	if err := gatewayUnpack(data, t.TempDir()); err != nil {
		t.Fatalf("the gateway could not unpack our nested bundle: %v", err)
	}

	// What `tyk bundle build` writes for the same manifest: no directory
	// entries. The gateway fails on it, and Open says why.
	tykStyle := craftZip(t,
		zipEntry{name: "tyk-ve.so", data: "plugin bytes"},
		zipEntry{name: "examples/hello.js", data: "function hello() {}\n"},
		zipEntry{name: "manifest.json", data: mustMarshal(t, goodManifest("tyk-ve.so", "examples/hello.js"))},
	)
	if err := gatewayUnpack(tykStyle, t.TempDir()); err == nil {
		t.Fatal("gateway model unpacked a nested file without a directory entry; the model is wrong")
	}
	if _, err := open(tykStyle); err == nil {
		t.Fatal("Open accepted a bundle the gateway cannot unpack")
	}
}
