package isolation

import (
	"sort"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// TestAnalyzeGlobalsScopes: an assignment counts as a possible global only
// where no enclosing scope declares the name — and always where one might
// not.
func TestAnalyzeGlobalsScopes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src      string
		assigned string // sorted, comma-separated
	}{
		{`function f() { var i; for (i = 0; i < 3; i++) {} }`, ""},
		{`function f() { for (var i = 0; i < 3; i++) {} }`, ""},
		{`function f() { if (true) { var y } y = 1 }`, ""},
		{`function f() { x = 1 }`, "x"},
		{`function f() { { let x; } x = 1 }`, "x"},
		{`function f() { { let x; x = 1 } }`, ""},
		{`function f(a, {b, c: [d = e]}, ...r) { a = b = d = r = 1; e = 2 }`, "e"},
		{`function f() { try {} catch (err) { err = 1 } }`, ""},
		{`function f() { try {} catch ({message}) { message = 1 } }`, ""},
		{`function f() { try {} catch (err) {} err = 1 }`, "err"},
		{`function f() { for (const k of []) {} k = 1 }`, "k"},
		{`function f() { for (let k in {}) { k = 2 } }`, ""},
		{`function f() { for (k in {}) {} }`, "k"},
		{`var g = 0; function f() { g++ }`, "g"},
		{`var g = 0; function f() { var g; g++ }`, ""},
		{`function f() { f = 1 }`, "f"},
		{`var h = function named() { named = 1 }`, "named"},
		{`function outer() { var v; function inner() { v = 1 } }`, ""},
		{`function outer() { function inner() { var v } v = 1 }`, "v"},
		{`var o = { m() { m = 1 } }`, "m"},
		{`function f() { switch (1) { case 1: let s; s = 2 } }`, ""},
		{`var a1 = () => { z = 1 }, a2 = (w) => { w = 1 }`, "z"},
		{`class C { static { var q; q = 1 } }`, ""},
		{`function f() { [a, b] = [1, 2] }`, "a,b"},
		{`function f() { let a; ({a} = {a: 1}) }`, ""},
		{`function f() { delete x }`, "x"},
		{`function f() { class K {} K = 1; function g() {} g = 2 }`, ""},
		{`function f({p = q}) { q = 1 }`, "q"},
	}
	for _, tc := range tests {
		tree, err := goja.Parse("t.js", tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		got := append([]string(nil), Analyze(tree).Assigned...)
		sort.Strings(got)
		if strings.Join(got, ",") != tc.assigned {
			t.Errorf("%s\n  assigned %q, want %q", tc.src, strings.Join(got, ","), tc.assigned)
		}
	}
}
