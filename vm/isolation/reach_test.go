package isolation

import (
	"sort"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
)

// TestFindReach: the names a pool's scripts use, and what makes them reach
// globals dynamically (package vm's TestAreasFor maps them to areas).
func TestFindReach(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src     []string
		names   string // sorted, comma-separated
		fetch   bool
		dynamic string // part of the reason, "" when not dynamic
	}{
		{[]string{`function f(a) { return a.b + c }`}, "c", false, ""},
		{[]string{`function f(a) { let c; return a.fetch(c) }`}, "", true, ""},
		{[]string{`var o = { fetch: 1 }, p = {"fetch"() {}}`}, "", true, ""},
		{[]string{`class W { async fetch() {} }`}, "", true, ""},
		{[]string{`function f() { return o["fetch"] }`}, "o", true, ""},
		{[]string{`function f() { return {Headers: 1, Response: 2} }`}, "", false, ""},
		{[]string{`function f() { return eval("1") }`}, "eval", false, "eval"},
		{[]string{`function f() { var eval = 1; return eval }`}, "", false, ""},
		{[]string{`function f() { return self }`}, "self", false, "self"},
		{[]string{`var self = 1; function f() { return self }`}, "self", false, "self"},
		{[]string{`let self = 1; function f() { return self }`}, "", false, ""},
		{[]string{`this.x = 1`}, "", false, "this"},
		{[]string{`"use strict"; this.x = 1`}, "", false, "this"},
		{[]string{`var f = function () { return () => this }`}, "", false, "this"},
		{[]string{`var f = function () { "use strict"; return () => this }`}, "", false, ""},
		{[]string{`var o = { m() { return this } }`}, "o", false, "this"},
		{[]string{`class C extends B { [this.k]() {} }`}, "B", false, "this"},
		{[]string{`function f(x) { return x.constructor }`}, "", false, "constructor"},
		{[]string{"function f(x) { return x[`constructor`] }"}, "", false, "constructor"},
		{[]string{`function f(o) { with (o) { return 1 } }`}, "", false, "with"},
		{[]string{`function f() { return Object.keys(URL) } function URL() {}`}, "Object", false, ""},
	}
	for _, tc := range tests {
		trees := parseScripts(t, tc.src)
		r := FindReach(trees)
		var names []string
		for n := range r.Names {
			if n != "f" && n != "C" && n != "W" && n != "o" && n != "p" && n != "URL" || tc.names == "o" && n == "o" {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		if got := strings.Join(names, ","); got != tc.names {
			t.Errorf("%s: names %q, want %q", tc.src, got, tc.names)
		}
		if r.FetchProperty != tc.fetch {
			t.Errorf("%s: fetch property %v, want %v", tc.src, r.FetchProperty, tc.fetch)
		}
		if r.Dynamic != (tc.dynamic != "") || !strings.Contains(r.Reason, tc.dynamic) {
			t.Errorf("%s: dynamic %v (%s), want %q", tc.src, r.Dynamic, r.Reason, tc.dynamic)
		}
	}
}

// TestHelpersNameNoAPI: the pinned esbuild helpers, which FindReach skips,
// name only these globals (none of them an API area's).
func TestHelpersNameNoAPI(t *testing.T) {
	t.Parallel()
	table, err := pinnedHelpers()
	if err != nil {
		t.Fatal(err)
	}
	allowed := set("Object", "Symbol", "Promise", "TypeError", "Error", "Proxy", "require")
	for n := range table.free {
		if !allowed[n] {
			t.Errorf("an esbuild helper names %s: FindReach must count it", n)
		}
	}
}

// parseScripts parses a pool's scripts, in order.
func parseScripts(t *testing.T, srcs []string) []*ast.Program {
	t.Helper()
	trees := make([]*ast.Program, 0, len(srcs))
	for _, src := range srcs {
		tree, err := goja.Parse("t.js", src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		trees = append(trees, tree)
	}
	return trees
}
