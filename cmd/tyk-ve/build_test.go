package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/bundle"
	"github.com/tyk-ve/tyk-ve/plugin"
)

const jsbuildTestdata = "../../jsbuild/testdata"

func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestBuildCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	entry := filepath.Join(jsbuildTestdata, "module", "orders.ts")
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
		files          []string
	}{
		{"inline map", []string{"build", entry, "-o", filepath.Join(dir, "a.js")}, 0, "globals boom, handler; default export as __tykve_default", "", []string{"a.js"}},
		{"flags after the entry, external map", []string{"build", entry, "--sourcemap", "external", "-o", filepath.Join(dir, "b.js")}, 0, "source map " + filepath.Join(dir, "b.js.map"), "", []string{"b.js", "b.js.map"}},
		{"plain script", []string{"build", filepath.Join(jsbuildTestdata, "plain", "hello.ts"), "-o", filepath.Join(dir, "c.js")}, 0, "a plain script", "", []string{"c.js"}},
		{"bad source map mode", []string{"build", entry, "--sourcemap", "side"}, 2, "", `source_map: "side"`, nil},
		{"no entry", []string{"build"}, 2, "", "usage: tyk-ve build ENTRY", nil},
		{"syntax error", []string{"build", filepath.Join(jsbuildTestdata, "errors", "syntax.ts"), "-o", filepath.Join(dir, "d.js")}, 1, "", `syntax.ts:2:13: Unexpected ";"`, nil},
	}
	for _, tc := range tests {
		code, stdout, stderr := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("%s: code %d (want %d)\nstdout: %s\nstderr: %s", tc.name, code, tc.code, stdout, stderr)
		}
		for _, f := range tc.files {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
	}
}

// TestBundleBuildShipsBuiltEntries: a manifest listing a TypeScript entry
// ships its built script in its place, and a gateway-like plugin (no
// builder) serves an API that names the .ts from the unpacked bundle.
func TestBundleBuildShipsBuiltEntries(t *testing.T) {
	t.Parallel()
	dir := copyBundleSource(t)
	for _, f := range []string{"orders.ts", "lib/money.ts"} {
		data, err := os.ReadFile(filepath.Join(jsbuildTestdata, "module", f))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "src", f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeManifest := func(list ...string) string {
		m := map[string]interface{}{"file_list": list, "custom_middleware": map[string]interface{}{"driver": "goplugin",
			"post": []interface{}{map[string]interface{}{"name": "VirtualEndpoint", "path": "tyk-ve.so"}}}, "checksum": "", "signature": ""}
		b, _ := json.Marshal(m)
		p := filepath.Join(dir, fmt.Sprintf("manifest-%d.json", len(list)))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out := filepath.Join(t.TempDir(), "b.zip")
	code, stdout, stderr := runBundleCLI("build", "-m", writeManifest("tyk-ve_v5.9.2_linux_amd64.so", "src/orders.ts"), "-o", out, "-y")
	if code != 0 || !strings.Contains(stdout, "built src/orders.ts -> src/orders.js") {
		t.Fatalf("bundle build: %d\n%s\n%s", code, stdout, stderr)
	}
	b, err := bundle.OpenFile(out, bundle.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Verify(bundle.VerifyOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(b.Manifest.FileList, ","); got != "tyk-ve_v5.9.2_linux_amd64.so,src/orders.js" {
		t.Fatalf("file_list %s", got)
	}
	unpacked := t.TempDir()
	if err := b.Extract(unpacked); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(unpacked, "src", "orders.ts")); err == nil {
		t.Error("the bundle ships the TypeScript source too")
	}

	logger := logrus.New()
	logger.SetOutput(io.Discard)
	h, err := plugin.NewHandler(plugin.Settings{Sources: plugin.SourceResolver{WorkDir: unpacked}}, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	def, _ := json.Marshal(map[string]interface{}{"api_id": "b", "org_id": "o", "name": "b",
		"proxy": map[string]interface{}{"listen_path": "/b/", "target_url": "http://127.0.0.1:1"},
		"config_data": map[string]interface{}{"tyk_ve": map[string]interface{}{"endpoints": []interface{}{map[string]interface{}{
			"method": "POST", "path": "/total", "response_function_name": "handler",
			"function_source_type": "file", "function_source_uri": "src/orders.ts"}}}}})
	w := httptest.NewRecorder()
	h.Serve(w, httptest.NewRequest("POST", "/b/total", strings.NewReader(`[{"price":5,"qty":2}]`)),
		plugin.Source{Key: "b", Load: func() ([]byte, error) { return def, nil }}, nil)
	if w.Code != 200 || w.Body.String() != `{"total":10}` {
		t.Fatalf("served %d %q", w.Code, w.Body.String())
	}

	code, _, stderr = runBundleCLI("build", "-m", writeManifest("src/orders.ts", "src/orders.js"), "-o", out, "-y")
	if code != 1 || !strings.Contains(stderr, `file_list[0] "src/orders.ts": its built script "src/orders.js" is listed too`) {
		t.Errorf("both listed: %d %s", code, stderr)
	}
	code, _, stderr = runBundleCLI("build", "-m", writeManifest("src/missing.ts"), "-o", out, "-y")
	if code != 1 || !strings.Contains(stderr, `file_list[0] "src/missing.ts": entry:`) {
		t.Errorf("missing entry: %d %s", code, stderr)
	}
}
