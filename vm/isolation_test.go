package vm

import (
	"testing"
)

// TestIsolatedState: in isolated mode every call sees the fresh top-level
// state, whatever the previous call did; in shared mode state persists.
func TestIsolatedState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		src    string
		state  State
		expect []string
	}{
		{"object var is re-created", `var cache = {n: 0};
			function f() { cache.n++; return TykJsResponse({Body: String(cache.n), Code: 200}) }`,
			StateIsolated, []string{"1", "1", "1"}},
		{"let and const are re-initialised", `let hits = 0; const seen = [];
			function f() { hits++; seen.push(1); return TykJsResponse({Body: hits + "/" + seen.length, Code: 200}) }`,
			StateIsolated, []string{"1/1", "1/1", "1/1"}},
		{"implicit global is removed", `function f() { var was = typeof leaked; leaked = 1; return TykJsResponse({Body: was, Code: 200}) }`,
			StateIsolated, []string{"undefined", "undefined", "undefined"}},
		{"implicit global beside a block-scoped name is removed", `function f() { { let x = 1; } var was = typeof x; x = 2; return TykJsResponse({Body: was, Code: 200}) }`,
			StateIsolated, []string{"undefined", "undefined", "undefined"}},
		{"local reassignments leave globals alone", `var n = 1; function f() { var n = 5; n++; for (var i = 0; i < 2; i++) {} return TykJsResponse({Body: String(n), Code: 200}) }`,
			StateIsolated, []string{"6", "6", "6"}},
		{"var without initializer is cleared", `var last;
			function f() { var was = String(last); last = "set"; return TykJsResponse({Body: was, Code: 200}) }`,
			StateIsolated, []string{"undefined", "undefined", "undefined"}},
		{"primitive var restored", `var n = 5;
			function f() { n++; return TykJsResponse({Body: String(n), Code: 200}) }`,
			StateIsolated, []string{"6", "6", "6"}},
		{"function property is reset", `function f() { f.calls = (f.calls || 0) + 1; return TykJsResponse({Body: String(f.calls), Code: 200}) }`,
			StateIsolated, []string{"1", "1", "1"}},
		{"global via this is removed", `function f() { var g = (function(){ return this })(); var was = typeof g.viaThis; g.viaThis = 1;
			return TykJsResponse({Body: was, Code: 200}) }`,
			StateIsolated, []string{"undefined", "undefined", "undefined"}},
		{"reassigned API function is restored", `function f() { var was = typeof b64enc; b64enc = 1; return TykJsResponse({Body: was, Code: 200}) }`,
			StateIsolated, []string{"function", "function", "function"}},
		{"redefined handler is restored", `function f() { f = function() { return TykJsResponse({Body: "hijacked", Code: 200}) }; return TykJsResponse({Body: "orig", Code: 200}) }`,
			StateIsolated, []string{"orig", "orig", "orig"}},
		{"class declarations are re-created", `class Counter { constructor() { this.n = 0 } }
			var c = new Counter();
			function f() { c.n++; return TykJsResponse({Body: String(c.n), Code: 200}) }`,
			StateIsolated, []string{"1", "1", "1"}},
		{"shared mode keeps state", `var cache = {n: 0};
			function f() { cache.n++; return TykJsResponse({Body: String(cache.n), Code: 200}) }`,
			StateShared, []string{"1", "2", "3"}},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newTestPool(t, func(c *PoolConfig) { c.State = tc.state; c.MaxRuntimes = 1; c.Prewarm = 1 }, tc.src)
			for i, want := range tc.expect {
				resp, err := call(t, p, "f", nil)
				if err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
				if resp.Body != want {
					t.Fatalf("call %d: body %q, want %q", i, resp.Body, want)
				}
			}
		})
	}
}

func TestAnalyzeGlobals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src        string
		restorable bool
		dynamic    bool
	}{
		{`function f() {} var a = 1, b = "x", c; const d = -2;`, true, false},
		{`var o = {};`, false, false},
		{`log("loading"); function f() {}`, false, false},
		{`function f() { f.cache = 1 }`, false, false},
		{`function f() { return this }`, true, true},
		{`function f() { return globalThis.x }`, true, true},
		{`"use strict"; function f() {}`, true, false},
	}
	for _, tc := range tests {
		p, err := compileScript(Script{Name: "t.js", Source: tc.src}, true)
		if err != nil {
			t.Fatal(err)
		}
		if p.globals.restorable != tc.restorable || p.globals.dynamic != tc.dynamic {
			t.Errorf("%s: restorable=%v dynamic=%v, want %v %v", tc.src, p.globals.restorable, p.globals.dynamic, tc.restorable, tc.dynamic)
		}
	}
}
