package vm

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A source map of one mapping: generated line 1, column 0 is orig.ts line
// 5, column 2 (zero-based: "AAIE"; a second line follows, since go-sourcemap finds no mapping past the last one).
const testSourceMap = `{"version":3,"sources":["orig.ts"],"names":[],"mappings":"AAIE;AACA"}`

const throwingScript = "function boom() { throw new Error(\"boom here\") }\n"

// TestScriptErrorStack: a thrown error's log text carries the JavaScript
// stack with file, line and column, for a plain script and, through its
// source map (inline, or external beside a file script), at the original
// file.
func TestScriptErrorStack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("ext.js.map", testSourceMap)
	write("outside.map", testSourceMap)
	inline := "//# sourceMappingURL=data:application/json;base64," + base64.StdEncoding.EncodeToString([]byte(testSourceMap)) + "\n"
	tests := []struct {
		name, script, source, want string
	}{
		{"plain", "orders.js", throwingScript, "Error: boom here\n\tat boom (orders.js:1:25)"},
		{"inline map", "api-1/ep.js", throwingScript + inline, "Error: boom here\n\tat boom (api-1/orig.ts:5:"},
		{"external map beside a file", filepath.Join(dir, "ext.js"), throwingScript + "//# sourceMappingURL=ext.js.map\n", "\tat boom (" + filepath.Join(dir, "orig.ts") + ":5:"},
		{"external map missing", filepath.Join(dir, "missing.js"), throwingScript + "//# sourceMappingURL=missing.js.map\n", "\tat boom (" + filepath.Join(dir, "missing.js") + ":1:25)"},
		{"external map outside the script's directory", filepath.Join(dir, "sub", "x.js"), throwingScript + "//# sourceMappingURL=../outside.map\n", "x.js:1:25)"},
		{"external map of an inline script", "api-1/ep.js", throwingScript + "//# sourceMappingURL=" + filepath.Join(dir, "ext.js.map") + "\n", "\tat boom (api-1/ep.js:1:25)"},
		{"thrown string", "s.js", "function boom() { throw 'plain' }", "plain\n\tat boom (s.js:1:19)"},
		{"anonymous and native frames", "a.js", "function boom() { [1].forEach(function () { null.x }) }",
			"TypeError: Cannot read property 'x' of undefined\n\tat a.js:1:50\n\tat forEach (native)\n\tat boom (a.js:1:30)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := NewPool(NewPoolConfig("test-api", []Script{{Name: tc.script, Source: tc.source}}, testLogger()))
			if err != nil {
				t.Fatalf("NewPool: %v", err)
			}
			t.Cleanup(func() { _ = p.Close() })
			_, err = call(t, p, "boom", nil)
			var se *ScriptError
			if !errors.As(err, &se) || !errors.Is(err, ErrScript) {
				t.Fatalf("got %v, want a ScriptError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error text\n%s\nwant it to contain\n%s", err.Error(), tc.want)
			}
		})
	}
}

// TestScriptErrorStackBounded: a throw from deep recursion logs a bounded
// number of frames.
func TestScriptErrorStackBounded(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, nil, "function boom() { (function r(n) { if (n === 0) throw new Error('deep'); r(n - 1) })(200) }")
	_, err := call(t, p, "boom", nil)
	var se *ScriptError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a ScriptError", err)
	}
	if n := strings.Count(se.Stack, "\tat "); n != maxStackFrames {
		t.Errorf("%d frames logged, want %d", n, maxStackFrames)
	}
	if !strings.Contains(se.Stack, "more\n") {
		t.Errorf("stack does not say frames were left out:\n%s", se.Stack)
	}
}

// TestLoadErrorStack: an exception in a script's top level names where.
func TestLoadErrorStack(t *testing.T) {
	t.Parallel()
	_, err := NewPool(NewPoolConfig("test-api", []Script{{Name: "top.js", Source: "var a = 1;\nthrow new Error('at load')"}}, testLogger()))
	if err == nil || !strings.Contains(err.Error(), "Error: at load\n\tat top.js:2:7") {
		t.Fatalf("got %v, want the load error with its stack", err)
	}
}

// TestBadSourceMapIsACompileError: a map the library would panic on, or
// that is not a map, fails the script's compilation with a clear error.
func TestBadSourceMapIsACompileError(t *testing.T) {
	t.Parallel()
	for name, m := range map[string]string{
		"unknown source":  `{"version":3,"sources":["a.ts"],"names":[],"mappings":"AGAA"}`,
		"not JSON":        `{"version":3,`,
		"bad segment":     `{"version":3,"sources":["a.ts"],"names":[],"mappings":"AA"}`,
		"not base64 data": "",
	} {
		ref := "data:application/json;base64," + base64.StdEncoding.EncodeToString([]byte(m))
		if m == "" {
			ref = "data:application/json;base64,@@@"
		}
		_, err := NewPool(NewPoolConfig("test-api", []Script{{Name: "m.js", Source: throwingScript + "//# sourceMappingURL=" + ref + "\n"}}, testLogger()))
		var ce *CompileError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), "source map") {
			t.Errorf("%s: got %v, want a compile error naming the source map", name, err)
		}
	}
}
