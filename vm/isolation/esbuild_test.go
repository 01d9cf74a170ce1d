package isolation

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
)

// TestPinnedHelpers: the pinned file parses, every helper in it has a
// contract, and the helpers' bodies name no global but these built-ins.
func TestPinnedHelpers(t *testing.T) {
	table, err := pinnedHelpers()
	if err != nil {
		t.Fatal(err)
	}
	if len(table.byName) != len(helperContracts) {
		t.Errorf("%d helpers pinned, %d contracts", len(table.byName), len(helperContracts))
	}
	var free []string
	for n := range table.free {
		free = append(free, n)
	}
	sort.Strings(free)
	if want := []string{"Error", "Object", "Promise", "Proxy", "Symbol", "TypeError", "require"}; !reflect.DeepEqual(free, want) {
		t.Errorf("free names %v, want %v", free, want)
	}
	if got := table.byName["__toESM"].deps; len(got) == 0 {
		t.Errorf("__toESM depends on nothing")
	}
}

// TestHelperMatch: a helper statement matches whatever its layout and
// comments, and not when one token differs or it binds another name.
func TestHelperMatch(t *testing.T) {
	table, err := pinnedHelpers()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		src  string
		want string
	}{
		{"var __create = Object.create;", "__create"},
		{"var   __create =\n /* c */ Object . create", "__create"},
		{"var __create = Object.assign;", ""},
		{"var __create = Object.create, x = 1;", ""},
		{"let __create = Object.create;", ""},
		{"var __defProp = Object.create;", ""},
		{"var __knownSymbol = (name, symbol) => (symbol = Symbol[name]) ? symbol : Symbol.for(\"Symbol.\" + name);", "__knownSymbol"},
		{"var __knownSymbol = (name, symbol) => (symbol = Symbol[name]) ? symbol : Symbol.for(\"Symbol\" + name);", ""},
		{"var __knownSymbol = (name, sym) => (sym = Symbol[name]) ? sym : Symbol.for(\"Symbol.\" + name);", ""},
		{"var __await = function(promise, isYieldStar) { this[0] = promise; this[1] = isYieldStar; };", "__await"},
		{"var __await = function(promise, isYieldStar) { this[0] = promise; this[2] = isYieldStar; };", ""},
	}
	for _, tc := range tests {
		tree, err := parser.ParseFile(nil, "t.js", tc.src, 0)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		got := ""
		if v, ok := tree.Body[0].(*ast.VariableStatement); ok {
			if h := table.match(v); h != nil {
				got = h.name
			}
		}
		if got != tc.want {
			t.Errorf("%q matches %q, want %q", tc.src, got, tc.want)
		}
	}
}

// TestFindHelpers: which helpers a script's uses leave trusted.
func TestFindHelpers(t *testing.T) {
	helpers := "var __create = Object.create;\nvar __getProtoOf = Object.getPrototypeOf;\n" +
		"var __knownSymbol = (name, symbol) => (symbol = Symbol[name]) ? symbol : Symbol.for(\"Symbol.\" + name);\n"
	tests := []struct {
		name, src string
		want      string
	}{
		{"called", helpers + "__create({}); __knownSymbol(\"iterator\");", "__create __getProtoOf __knownSymbol"},
		{"inside a function", "(function () {\n" + helpers + "})();", "__create __getProtoOf __knownSymbol"},
		{"passed on", helpers + "var f = __create;", "__getProtoOf __knownSymbol"},
		{"assigned", helpers + "function g() { __getProtoOf = 1 }", "__create __knownSymbol"},
		{"a parameter", helpers + "function g(__knownSymbol) {}", "__create __getProtoOf"},
		{"a shorthand property", helpers + "var o = {__create};", "__getProtoOf __knownSymbol"},
		{"declared twice, once otherwise", helpers + "function __create() {}", "__getProtoOf __knownSymbol"},
		{"a built-in they use declared", helpers + "function g() { var Symbol = {}; }", "__create __getProtoOf"},
		{"a built-in they all use declared", helpers + "function g() { var Object = {}; }", "__knownSymbol"},
		{"none", "var x = Object.create;", ""},
	}
	for _, tc := range tests {
		tree, err := parser.ParseFile(nil, "t.js", tc.src, 0)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := ""
		if trust := findHelpers([]*ast.Program{tree}, map[string]bool{}); trust != nil {
			got = strings.Join(trust.helperNames(), " ")
		}
		if got != tc.want {
			t.Errorf("%s: trusted %q, want %q", tc.name, got, tc.want)
		}
	}
}
