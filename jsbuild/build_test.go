package jsbuild

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestBuildGolden builds each fixture entry and compares the script and
// its source map with testdata/golden (go test ./jsbuild -update rewrites
// them after an intended change or an esbuild upgrade).
func TestBuildGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, entry string
		exports     []string
		def, module bool
	}{
		{"orders", "module/orders.ts", []string{"boom", "handler"}, true, true},
		{"throws", "module/throws.ts", []string{"orders"}, false, true},
		{"hello", "plain/hello.ts", nil, false, false},
		{"npm", "npm/entry.mjs", []string{"hello"}, false, true},
		{"features", "lowering/features.ts", []string{"features", "sum"}, false, true},
		{"cjs", "cjs/entry.cjs", nil, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join("testdata", "golden", tc.name+".js")
			res, err := Build(Options{Entry: filepath.Join("testdata", tc.entry), OutFile: out, SourceMap: SourceMapExternal})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Exports, tc.exports) || res.Default != tc.def || res.Module != tc.module {
				t.Errorf("exports %q default %v module %v, want %q %v %v", res.Exports, res.Default, res.Module, tc.exports, tc.def, tc.module)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings: %q", res.Warnings)
			}
			golden(t, out, res.Code)
			golden(t, out+".map", res.Map)
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./jsbuild -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the build:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestBuildInputs: the files a build read are listed, for watchers.
func TestBuildInputs(t *testing.T) {
	t.Parallel()
	res, err := Build(Options{Entry: "testdata/npm/entry.mjs", SourceMap: SourceMapNone, OutFile: filepath.Join(t.TempDir(), "o.js")})
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("testdata/npm")
	want := []string{filepath.Join(abs, "entry.mjs"), filepath.Join(abs, "node_modules/tiny-greet/index.mjs"), filepath.Join(abs, "node_modules/tiny-greet/package.json")}
	for _, w := range want[:2] {
		if !contains(res.Inputs, w) {
			t.Errorf("inputs %q lack %s", res.Inputs, w)
		}
	}
	if strings.Contains(string(res.Code), "sourceMappingURL") || res.Map != nil {
		t.Error("source map mode none still wrote a map")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestBuildErrors: bad input is a clear error naming the file, line and
// column, or the option.
func TestBuildErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"no entry", Options{}, []string{"entry: missing"}},
		{"not a script", Options{Entry: "testdata/npm/node_modules/tiny-greet/package.json"}, []string{"entry:", "not a JavaScript or TypeScript file"}},
		{"missing entry", Options{Entry: "testdata/nope.ts"}, []string{`entry: "testdata/nope.ts": not a readable file`}},
		{"bad source map mode", Options{Entry: "testdata/plain/hello.ts", SourceMap: "sideways"}, []string{`source_map: "sideways"`}},
		{"output over the entry", Options{Entry: "testdata/plain/hello.ts", OutFile: "testdata/plain/hello.ts"}, []string{"out_file:", "would overwrite the entry"}},
		{"syntax error", Options{Entry: "testdata/errors/syntax.ts"}, []string{"syntax.ts:2:13: Unexpected \";\""}},
		{"unresolved import", Options{Entry: "testdata/errors/unresolved.ts"}, []string{"unresolved.ts:1:19: Could not resolve \"./nowhere\""}},
		{"node built-in", Options{Entry: "testdata/errors/nodefs.ts"}, []string{"nodefs.ts:1:30: Could not resolve \"fs\""}},
		{"top-level await", Options{Entry: "testdata/errors/tla.ts"}, []string{"tla.ts:1:11:", "Top-level await"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := tc.opts
			if opts.OutFile == "" && opts.Entry != "" {
				opts.OutFile = filepath.Join(t.TempDir(), "out.js")
			}
			_, err := Build(opts)
			if err == nil {
				t.Fatal("built, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestNeedsBuild(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]bool{
		"a.ts": true, "a.mts": true, "a.mjs": true, "a.tsx": true, "A.TS": true,
		"a.js": false, "a.json": false, "a": false, "a.d.ts": true,
	} {
		if got := NeedsBuild(path); got != want {
			t.Errorf("NeedsBuild(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestDefaultOutFile(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"src/a.ts": "src/a.js", "a.mjs": "a.js", "a.js": "a.built.js"} {
		if got := DefaultOutFile(in); got != want {
			t.Errorf("DefaultOutFile(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWrapModule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, code, want string
		exports          []binding
		err              string
	}{
		{"clause", "var x = 1;\nexport {\n  x,\n  x as default,\n  x as \"a-b\"\n};\n", "var x = 1;\nreturn { \"a-b\": x, \"default\": x, \"x\": x };",
			[]binding{{"x", "a-b"}, {"x", "default"}, {"x", "x"}}, ""},
		{"minified clause", "var a=1;export{a as handler};\n", "var a=1;\nreturn { \"handler\": a };", []binding{{"a", "handler"}}, ""},
		{"no exports", "f();\n", "f();\nreturn { };", nil, ""},
		{"CommonJS entry", "var require_e = 1;\nexport default require_e();\n", "return { \"default\": require_e() };", []binding{{"require_e()", "default"}}, ""},
		{"export elsewhere", "export const a = 1;\nf();\n", "", nil, "not the final export clause"},
		{"odd clause", "export { a b };\n", "", nil, `export clause entry "a b"`},
	}
	for _, tc := range tests {
		got, bindings, err := wrapModule([]byte(tc.code))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || !strings.Contains(string(got), tc.want) || !reflect.DeepEqual(bindings, tc.exports) {
			t.Errorf("%s: got %q %v %v, want %q %v", tc.name, got, bindings, err, tc.want, tc.exports)
		}
		if !strings.HasPrefix(string(got), "var __tykve_module = (function () {\n") || !strings.HasSuffix(string(got), "})();\n") {
			t.Errorf("%s: not wrapped: %q", tc.name, got)
		}
	}
}
