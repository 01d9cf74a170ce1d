package plugin

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSourceResolverFindsBundleScripts(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(work, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum := md5.Sum([]byte("ve-bundle.zip"))
	bundleDir := filepath.Join("middleware", "bundles", hex.EncodeToString(sum[:]))
	write(filepath.Join(bundleDir, "examples/a.js"), "bundle-a")
	write("examples/a.js", "workdir-a")
	write("examples/b.js", "workdir-b")
	write(filepath.Join("hookdir", "examples/c.js"), "hook-c")

	res := SourceResolver{WorkDir: work}
	withBundle := &Definition{Bundle: "ve-bundle.zip", HookPaths: []string{"hookdir/tyk-ve.so"}}
	tests := []struct {
		name string
		def  *Definition
		uri  string
		want string
	}{
		{"bundle directory first", withBundle, "examples/a.js", "bundle-a"},
		{"hook directory (gateway-rewritten path)", withBundle, "examples/c.js", "hook-c"},
		{"falls back to the working directory", withBundle, "examples/b.js", "workdir-b"},
		{"no bundle: working directory", &Definition{}, "examples/a.js", "workdir-a"},
		{"absolute path", &Definition{}, filepath.Join(work, "examples/b.js"), "workdir-b"},
	}
	for _, tc := range tests {
		e := &EndpointConfig{FunctionSourceType: SourceFile, FunctionSourceURI: tc.uri}
		_, src, err := res.Load(e, tc.def, "x")
		if err != nil || src != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.name, src, err, tc.want)
		}
	}
	_, _, err := res.Load(&EndpointConfig{FunctionSourceType: SourceFile, FunctionSourceURI: "missing.js"}, withBundle, "x")
	if err == nil || !strings.Contains(err.Error(), "function_source_uri") || !strings.Contains(err.Error(), "missing.js") {
		t.Fatalf("missing file error: %v", err)
	}
}

func TestSourceResolverRefusesBlobsWhenDisabled(t *testing.T) {
	t.Parallel()
	res := SourceResolver{DisableBlobs: true}
	for _, typ := range []string{SourceBlob, SourceInline} {
		_, _, err := res.Load(&EndpointConfig{FunctionSourceType: typ, FunctionSourceURI: "eA==", FunctionSource: "x"}, &Definition{}, "x")
		if !errors.Is(err, ErrBlobsDisabled) {
			t.Errorf("%s: err = %v, want ErrBlobsDisabled", typ, err)
		}
	}
}
