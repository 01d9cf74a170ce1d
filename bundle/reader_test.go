package bundle

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"testing"
)

// manifestJSON is a valid manifest for a bundle holding a.so.
const manifestJSON = `{"file_list":["a.so"],"custom_middleware":{"driver":"goplugin","post":[{"name":"F","path":"a.so"}]},"checksum":"x"}`

func TestOpenRejectsMaliciousZips(t *testing.T) {
	t.Parallel()
	manifest := zipEntry{name: "manifest.json", data: manifestJSON}
	so := zipEntry{name: "a.so", data: "plugin"}
	tests := []struct {
		name    string
		entries []zipEntry
		limits  Limits
		is      error
		wantErr string
	}{
		{name: "zip slip", entries: []zipEntry{so, manifest, {name: "../evil.sh", data: "x"}}, is: ErrUnsafePath, wantErr: `"../evil.sh" escapes`},
		{name: "zip slip deep", entries: []zipEntry{so, manifest, {name: "a/../../evil.sh", data: "x"}}, is: ErrUnsafePath},
		{name: "absolute", entries: []zipEntry{so, manifest, {name: "/etc/cron.d/x", data: "x"}}, is: ErrUnsafePath, wantErr: "is absolute"},
		{name: "windows drive", entries: []zipEntry{so, manifest, {name: "C:/x", data: "x"}}, is: ErrUnsafePath},
		{name: "backslash", entries: []zipEntry{so, manifest, {name: `..\evil`, data: "x"}}, is: ErrUnsafePath, wantErr: "backslash"},
		{name: "unclean", entries: []zipEntry{so, manifest, {name: "./a.js", data: "x"}}, is: ErrUnsafePath},
		{name: "duplicate file", entries: []zipEntry{so, manifest, {name: "a.so", data: "other"}}, is: ErrDuplicateEntry},
		{name: "duplicate manifest", entries: []zipEntry{so, manifest, manifest}, is: ErrDuplicateEntry},
		{name: "file and dir same name", entries: []zipEntry{so, manifest, {name: "a.so/"}}, is: ErrDuplicateEntry},
		{name: "symlink", entries: []zipEntry{{name: "a.so", data: "/etc/passwd", mode: fs.ModeSymlink | 0o777}, manifest}, is: ErrNotRegular, wantErr: "not a regular file"},
		{name: "device", entries: []zipEntry{so, manifest, {name: "dev", mode: fs.ModeDevice | 0o600}}, is: ErrNotRegular},
		{name: "missing manifest", entries: []zipEntry{so}, is: ErrNoManifest},
		{name: "manifest is a directory", entries: []zipEntry{so, {name: "manifest.json/"}}, is: ErrNoManifest},
		{name: "bad manifest json", entries: []zipEntry{so, {name: "manifest.json", data: "{"}}, wantErr: "manifest.json: decoding manifest"},
		{name: "listed file missing", entries: []zipEntry{manifest}, is: ErrMissingFile, wantErr: `file_list[0]: file listed in manifest is missing from bundle: "a.so"`},
		{name: "listed file is a directory", entries: []zipEntry{{name: "a.so/"}, manifest}, is: ErrMissingFile},
		{
			name:    "nested file without directory entry",
			entries: []zipEntry{so, manifest, {name: "examples/hello.js", data: "x"}},
			is:      ErrMissingDir, wantErr: `add "examples/" before it`,
		},
		{
			name:    "directory entry after its file",
			entries: []zipEntry{so, manifest, {name: "examples/hello.js", data: "x"}, {name: "examples/"}},
			is:      ErrMissingDir,
		},
		{name: "file too large", entries: []zipEntry{{name: "a.so", data: strings.Repeat("x", 100)}, manifest}, limits: Limits{MaxFileSize: 99}, is: ErrTooLarge},
		{name: "total too large", entries: []zipEntry{so, manifest, {name: "b", data: strings.Repeat("x", 100)}}, limits: Limits{MaxTotalSize: 150}, is: ErrTooLarge},
		{name: "too many entries", entries: []zipEntry{so, manifest, {name: "b"}}, limits: Limits{MaxEntries: 2}, is: ErrTooLarge},
		{name: "manifest too large", entries: []zipEntry{so, manifest}, limits: Limits{MaxManifestSize: 10}, is: ErrTooLarge},
		{
			name:    "unsafe file_list entry",
			entries: []zipEntry{so, {name: "manifest.json", data: `{"file_list":["a.so","../../etc/passwd"]}`}},
			is:      ErrUnsafePath, wantErr: "file_list[1]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := craftZip(t, tt.entries...)
			b, err := Open(bytes.NewReader(data), int64(len(data)), tt.limits)
			if err == nil {
				t.Fatalf("Open accepted the bundle: %+v", b.Manifest)
			}
			if b != nil {
				t.Error("Open returned a bundle with an error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error is not %v: %v", tt.is, err)
			}
			if tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestOpenReportsEveryProblem(t *testing.T) {
	t.Parallel()
	data := craftZip(t,
		zipEntry{name: "../x", data: "x"},
		zipEntry{name: "/abs", data: "x"},
		zipEntry{name: "manifest.json", data: `{"file_list":["a.so","b.so"]}`},
	)
	_, err := open(data)
	for _, want := range []error{ErrUnsafePath, ErrMissingFile} {
		if !errors.Is(err, want) {
			t.Errorf("error does not include %v: %v", want, err)
		}
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 4 {
		t.Errorf("%d problems reported, want 4:\n%v", n, err)
	}
}

func TestOpenNotAZip(t *testing.T) {
	t.Parallel()
	for _, data := range [][]byte{nil, []byte("PK\x03\x04 not really"), bytes.Repeat([]byte{0}, 100)} {
		if _, err := open(data); err == nil || !strings.Contains(err.Error(), "reading zip") {
			t.Errorf("Open(%q) error = %v, want a zip error", data, err)
		}
	}
}

func TestOpenLiesAboutSize(t *testing.T) {
	t.Parallel()
	// A header that understates the size is caught while reading.
	data := craftZip(t, zipEntry{name: "a.so", data: strings.Repeat("A", 4096)}, zipEntry{name: "manifest.json", data: manifestJSON})
	patched := patchUncompressedSize(t, data, "a.so", 10)
	b, err := open(patched)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := b.Verify(VerifyOptions{}); err == nil {
		t.Fatal("Verify read past the declared size without error")
	}
}

func TestUnlistedAndFiles(t *testing.T) {
	t.Parallel()
	data := craftZip(t,
		zipEntry{name: "a.so", data: "p"},
		zipEntry{name: "docs/"},
		zipEntry{name: "docs/readme.txt", data: "r"},
		zipEntry{name: "manifest.json", data: manifestJSON},
	)
	b := mustOpen(t, data)
	if got := strings.Join(b.Files(), ","); got != "a.so,docs/readme.txt,manifest.json" {
		t.Errorf("Files() = %s", got)
	}
	if got := strings.Join(b.Unlisted(), ","); got != "docs/readme.txt" {
		t.Errorf("Unlisted() = %s", got)
	}
}
