package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/rsa"
	"errors"
	"io"
	"io/fs"
	"reflect"
	"testing"
	"testing/fstest"
)

func TestBuildRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		key     string
		files   []string
		entries []string // ZIP entry names in order
	}{
		{
			name:    "flat unsigned",
			files:   []string{"tyk-ve.so"},
			entries: []string{"tyk-ve.so", "manifest.json"},
		},
		{
			name:    "nested signed pkcs1",
			key:     "rsa_pkcs1_private.pem",
			files:   []string{"tyk-ve_v5.9.2_linux_amd64.so", "examples/hello.js", "examples/nested/deeper/two.js"},
			entries: []string{"tyk-ve_v5.9.2_linux_amd64.so", "examples/", "examples/hello.js", "examples/nested/", "examples/nested/deeper/", "examples/nested/deeper/two.js", "manifest.json"},
		},
		{
			name:    "signed pkcs8",
			key:     "pkcs8_private.pem",
			files:   []string{"examples/hello.js", "tyk-ve.so"},
			entries: []string{"examples/", "examples/hello.js", "tyk-ve.so", "manifest.json"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var key *rsa.PrivateKey
			if tt.key != "" {
				key = privateKey(t, tt.key)
			}
			data, built := build(t, goodManifest(tt.files...), testFiles(), key)

			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
				if f.ModifiedDate != 0 || f.ModifiedTime != 0 || len(f.Extra) != 0 { // what zip.Writer.Create writes
					t.Errorf("entry %q has a timestamp or extra fields", f.Name)
				}
			}
			if !reflect.DeepEqual(names, tt.entries) {
				t.Errorf("entries %q, want %q", names, tt.entries)
			}

			b := mustOpen(t, data)
			if !reflect.DeepEqual(b.Manifest, built) {
				t.Errorf("manifest read back differs:\n got %+v\nwant %+v", b.Manifest, built)
			}
			if raw, _ := built.Marshal(); !bytes.Equal(raw, b.RawManifest) {
				t.Errorf("stored manifest.json differs from Marshal")
			}
			opts := VerifyOptions{}
			if tt.key != "" {
				opts.PublicKey = &key.PublicKey
			} else if built.Signature != "" {
				t.Error("unsigned bundle has a signature")
			}
			if err := b.Verify(opts); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

func TestBuildDeterministic(t *testing.T) {
	t.Parallel()
	m := goodManifest("tyk-ve.so", "examples/hello.js")
	key := privateKey(t, "rsa_pkcs1_private.pem")
	first, _ := build(t, m, testFiles(), key)
	for i := 0; i < 3; i++ {
		again, _ := build(t, m, testFiles(), key)
		if !bytes.Equal(first, again) {
			t.Fatal("two builds of the same inputs differ")
		}
	}
	// Checksum and signature already in the input manifest are ignored.
	m.Checksum, m.Signature = "stale", "stale"
	if again, _ := build(t, m, testFiles(), key); !bytes.Equal(first, again) {
		t.Fatal("stale checksum/signature in the input changed the output")
	}
}

func TestBuildErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    BuildOptions
		wantErr string
		is      error
	}{
		{name: "invalid manifest", opts: BuildOptions{Manifest: Manifest{}, Files: testFiles()}, wantErr: "no driver specified", is: ErrInvalidManifest},
		{name: "no fs", opts: BuildOptions{Manifest: goodManifest("tyk-ve.so")}, wantErr: "no file system"},
		{name: "missing file", opts: BuildOptions{Manifest: goodManifest("tyk-ve.so", "nope.js"), Files: testFiles()}, wantErr: `file_list entry "nope.js"`, is: fs.ErrNotExist},
		{name: "directory in file_list", opts: BuildOptions{Manifest: goodManifest("tyk-ve.so", "examples"), Files: testFiles()}, wantErr: "not a regular file", is: ErrNotRegular},
		{name: "symlink source", opts: BuildOptions{Manifest: goodManifest("tyk-ve.so"), Files: fstest.MapFS{"tyk-ve.so": {Mode: fs.ModeSymlink}}}, wantErr: "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Build(io.Discard, tt.opts)
			checkErr(t, err, tt.wantErr)
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}
