package plugin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sirupsen/logrus/hooks/test"

	"github.com/tyk-ve/tyk-ve/jsbuild"
)

// TestNeedsBuildMatchesJSBuild: the plugin's copy of the extension list
// (it does not import jsbuild, to keep esbuild out of the .so) and its
// built path agree with package jsbuild's.
func TestNeedsBuildMatchesJSBuild(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"a.ts", "a.mts", "a.cts", "a.tsx", "a.mjs", "a.cjs", "a.jsx", "a.js", "A.TS", "a.json", "dir/a", "src/orders.ts"} {
		if got, want := NeedsBuild(p), jsbuild.NeedsBuild(p); got != want {
			t.Errorf("NeedsBuild(%q) = %v, jsbuild says %v", p, got, want)
		}
		if NeedsBuild(p) {
			if got, want := BuiltPath(p), jsbuild.DefaultOutFile(p); got != want {
				t.Errorf("BuiltPath(%q) = %q, jsbuild writes %q", p, got, want)
			}
		}
	}
}

// lastError is the last logged entry with an error: its message, error
// text and fields.
func lastError(hook *test.Hook) (string, string, map[string]interface{}) {
	entries := hook.AllEntries()
	for i := len(entries) - 1; i >= 0; i-- {
		if err, ok := entries[i].Data["error"].(error); ok {
			return entries[i].Message, err.Error(), entries[i].Data
		}
	}
	return "", "", nil
}

// TestModuleSources: a TypeScript or ES module source runs from its built
// script; without one, and for an inline module, the log says what to do,
// naming the API, the endpoint and the field; the client gets the JSON 500.
func TestModuleSources(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	write := func(rel, body string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(work, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, rel), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("src/built.ts", "export function built(): unknown { return null }")
	write("src/built.js", `function built() { return TykJsResponse({Body: "from the built script", Code: 200}, null) }`)
	write("src/unbuilt.ts", "export function unbuilt(): unknown { return null }")
	write("src/classic.mjs", `function classic() { return TykJsResponse({Body: "a classic .mjs runs as it is", Code: 200}, null) }`)
	write("src/module.mjs", "import x from './x.mjs';\nexport function module() { return x }")
	file := func(path, fn, uri string) map[string]interface{} {
		return map[string]interface{}{"method": "GET", "path": path, "response_function_name": fn,
			"function_source_type": "file", "function_source_uri": uri}
	}
	def := classicAPI(t, "mods", map[string]interface{}{"endpoints": []interface{}{
		file("/built", "built", "src/built.ts"),
		file("/unbuilt", "unbuilt", "src/unbuilt.ts"),
		inline("GET", "/inline", "f", "import x from 'y';\nexport function f() { return x }"),
		file("/classic", "classic", "src/classic.mjs"),
		file("/module", "module", "src/module.mjs"),
	}})
	logger, hook := testLogger()
	h, err := NewHandler(Settings{Sources: SourceResolver{WorkDir: work}}, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })

	if w := serve(t, h, def, "GET", "/mods/built", "", nil); w.Code != 200 || w.Body.String() != "from the built script" {
		t.Fatalf("built: %d %q", w.Code, w.Body.String())
	}
	if w := serve(t, h, def, "GET", "/mods/classic", "", nil); w.Code != 200 || w.Body.String() != "a classic .mjs runs as it is" {
		t.Fatalf("classic .mjs: %d %q", w.Code, w.Body.String())
	}
	tests := []struct {
		name, target, endpoint string
		want                   []string
	}{
		{"unbuilt TypeScript", "/mods/unbuilt", "tyk_ve.endpoints[1]", []string{`function_source_uri: "src/unbuilt.ts"`, "endpoint mods/tyk_ve.endpoints[1]", `"src/unbuilt.js" is missing`, "tyk-ve build src/unbuilt.ts"}},
		{"inline ES module", "/mods/inline", "tyk_ve.endpoints[2]", []string{"ES module syntax", "tyk-ve build"}},
		{"unbuilt .mjs module", "/mods/module", "tyk_ve.endpoints[4]", []string{"module.mjs", "Unexpected reserved word", "ES module syntax", "tyk-ve build"}},
	}
	for _, tc := range tests {
		w := serve(t, h, def, "GET", tc.target, "", nil)
		if w.Code != 500 || !strings.Contains(w.Body.String(), `"error":"virtual endpoint configuration error"`) {
			t.Errorf("%s: answered %d %q", tc.name, w.Code, w.Body.String())
		}
		var logged string
		for _, e := range hook.AllEntries() {
			if err, ok := e.Data["error"].(error); ok && e.Data["api_id"] == "mods" && e.Data["endpoint"] == tc.endpoint {
				logged += err.Error() + "\n"
			}
		}
		for _, s := range tc.want {
			if !strings.Contains(logged, s) {
				t.Errorf("%s: log for api_id mods, endpoint %q lacks %q:\n%s", tc.name, tc.endpoint, s, logged)
			}
		}
	}
}

// TestScriptErrorLogsTheStack: the log line of a thrown error carries the
// JavaScript stack; the client's body stays the fixed message.
func TestScriptErrorLogsTheStack(t *testing.T) {
	t.Parallel()
	def := classicAPI(t, "stk", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/throw", "boom", "function helper() { throw new Error('boom here') }\nfunction boom() { helper() }"),
		map[string]interface{}{"method": "GET", "path": "/proxy", "response_function_name": "boom2", "function_source_type": "inline",
			"function_source": "function boom2() {\n  null.x }", "proxy_on_error": true},
	}})
	h, hook := newTestHandler(t)
	w := serve(t, h, def, "GET", "/stk/throw", "", nil)
	if w.Code != 500 || strings.Contains(w.Body.String(), "boom") || strings.Contains(w.Body.String(), " at ") {
		t.Fatalf("answered %d %q: want the JSON 500 without the script's detail", w.Code, w.Body.String())
	}
	_, logged, fields := lastError(hook)
	for _, s := range []string{"Error: boom here", "\tat helper (stk/tyk_ve.endpoints[0].js:1:27)", "\tat boom (stk/tyk_ve.endpoints[0].js:2:25)"} {
		if !strings.Contains(logged, s) {
			t.Errorf("logged error lacks %q:\n%s", s, logged)
		}
	}
	if fields["id"] == nil || !strings.Contains(w.Body.String(), fields["id"].(string)) {
		t.Errorf("log fields %v do not carry the body's id %s", fields, w.Body.String())
	}
	if w := serve(t, h, def, "GET", "/stk/proxy", "", nil); w.Body.Len() != 0 {
		t.Fatalf("proxy_on_error wrote %q", w.Body.String())
	}
	msg, logged, _ := lastError(hook)
	if !strings.Contains(msg, "proxy_on_error") || !strings.Contains(logged, "\tat boom2 (stk/tyk_ve.endpoints[1].js:2:") {
		t.Errorf("proxy_on_error log %q lacks the stack:\n%s", msg, logged)
	}
}
