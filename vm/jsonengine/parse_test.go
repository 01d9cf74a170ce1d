package jsonengine

import (
	"testing"

	"github.com/dop251/goja"
)

// TestParseMatchesJSONParse: Parse makes what goja's JSON.parse makes,
// also where a script has set up the prototype chain against it: members
// are created as own data properties (no setter runs), "__proto__" is an
// ordinary key, the last duplicate wins in the first one's place.
func TestParseMatchesJSONParse(t *testing.T) {
	t.Parallel()
	const check = `JSON.stringify([Object.keys(v), v, Object.getPrototypeOf(v) === Object.prototype,
		Object.getOwnPropertyNames(v).map(function (k) { return Object.getOwnPropertyDescriptor(v, k).writable }), log])`
	for _, tc := range []struct{ name, setup, text string }{
		{"plain", ``, `{"order":"o-1","qty":3,"items":[{"id":1},{"id":2}],"express":true}`},
		{"setter on Object.prototype", `Object.defineProperty(Object.prototype, "a", {set: function (v) { log.push("set " + v) }, get: function () { return "proto" }, configurable: true})`, `{"a":1,"b":{"a":2}}`},
		{"read-only on Object.prototype", `Object.defineProperty(Object.prototype, "ro", {value: 0, writable: false, configurable: true})`, `{"ro":1}`},
		{"__proto__ key", ``, `{"__proto__":{"x":1},"y":2}`},
		{"duplicates", ``, `{"a":1,"b":2,"a":3}`},
		{"more than eight", ``, `{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k1":0}`},
		{"index keys", ``, `{"b":1,"2":2,"1":1,"a":0}`},
		{"non-ASCII and empty keys", ``, `{"é":1,"":2,"z":3}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			run := func(ours bool) string {
				rt := goja.New()
				if _, err := rt.RunString("var log = [];" + tc.setup); err != nil {
					t.Fatal(err)
				}
				var v goja.Value
				if ours {
					var err error
					if v, err = ParseWith(rt, tc.text, &Scratch{}); err != nil {
						t.Fatal(err)
					}
				} else {
					parse, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
					var err error
					if v, err = parse(goja.Undefined(), rt.ToValue(tc.text)); err != nil {
						t.Fatal(err)
					}
				}
				_ = rt.Set("v", v)
				out, err := rt.RunString(check)
				if err != nil {
					t.Fatal(err)
				}
				return out.String()
			}
			if got, want := run(true), run(false); got != want {
				t.Fatalf("Parse     %s\nJSON.parse %s", got, want)
			}
		})
	}
}

// TestParseAllocations: a parsed object's property list is allocated once.
func TestParseAllocations(t *testing.T) {
	rt := goja.New()
	var s Scratch
	text := `{"order":"o-981","customer":"c-17","prefix":"SKU","qty":3,"express":true}`
	if _, err := ParseWith(rt, text, &s); err != nil {
		t.Fatal(err)
	}
	// goja's object (four), the map's group, the property list, one slab
	// for the three string values; member by member through goja's Set,
	// each string boxed on its own, it took 14.
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseWith(rt, text, &s) }); n > 8 {
		t.Fatalf("%v allocations, want at most 8", n)
	}
}
