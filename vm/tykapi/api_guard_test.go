package tykapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/vm"
)

// TestGuardsStopNativeRecursion: every path on which goja recurses in Go
// over script-built data throws a catchable RangeError (or finishes, for
// flat, which runs in bounded passes) instead of overflowing the Go stack —
// a fatal error for the whole process. Each probe builds 20,000 levels, far
// past the 200-level limit and enough to prove the guard fires, not enough
// to crash an unguarded process (TestHostileScripts does that in a child).
func TestGuardsStopNativeRecursion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, build, probe, want string
	}{
		{"String of nested arrays", `var o = []; for (var i = 0; i < N; i++) o = [o]`, `String(o)`, "RangeError"},
		{"join, nesting in the second element", `var o = []; for (var i = 0; i < N; i++) o = [1, o]`, `o.join()`, "RangeError"},
		{"toLocaleString", `var o = []; for (var i = 0; i < N; i++) o = [0, o]`, `o.toLocaleString()`, "RangeError"},
		{"array-like join", `var o = {length: 0}; for (var i = 0; i < N; i++) o = {length: 1, 0: o, toString: Array.prototype.join}`, `String(o)`, "RangeError"},
		{"Error.prototype.toString chain", `var o = {}; for (var i = 0; i < N; i++) o = {name: o, message: "", toString: Error.prototype.toString}`, `String(o)`, "RangeError"},
		{"toString is String.prototype.trim", `var o = {toString: String.prototype.trim}`, `String(o)`, "RangeError"},
		{"join is Array.prototype.toString", `var o = []; o.join = Array.prototype.toString`, `String(o)`, "RangeError"},
		{"toString is Object.prototype.toLocaleString", `var o = {toString: Object.prototype.toLocaleString}`, `String(o)`, "RangeError"},
		{"flags getter reads itself", `var o = {}; Object.defineProperty(o, "global", {get: Object.getOwnPropertyDescriptor(RegExp.prototype, "flags").get})`, `o.global`, "RangeError"},
		{"then is catch", `var o = {}; o.then = Promise.prototype.catch`, `o.then()`, "RangeError"},
		{"length valueOf is Array.prototype.pop", `var o = {}; for (var i = 0; i < N; i++) o = {length: o, valueOf: Array.prototype.pop}`, `Array.prototype.pop.call({length: o})`, "RangeError"},
		{"Symbol.toPrimitive is Function.prototype.apply (its type error converts this)", `var o = {}; o[Symbol.toPrimitive] = Function.prototype.apply`, `String(o)`, "RangeError"},
		// the RangeError is thrown inside the conversion of the type
		// error's message, which goja recovers from: a TypeError ends it
		{"toString is Number.prototype.toFixed", `var o = {toString: Number.prototype.toFixed}`, `String(o)`, "TypeError"},
		{"toStringTag getter is Map's size getter", `var o = {}; Object.defineProperty(o, Symbol.toStringTag, {get: Object.getOwnPropertyDescriptor(Map.prototype, "size").get})`, `Object.prototype.toString.call(o)`, "RangeError"},
		{"toStringTag getter is RegExp.prototype.exec", `var o = {}; Object.defineProperty(o, Symbol.toStringTag, {get: RegExp.prototype.exec})`, `Object.prototype.toString.call(o)`, "RangeError"},
		{"toStringTag getter is the RegExp global getter, via defineProperties", `var o = Object.defineProperties({}, {[Symbol.toStringTag]: {get: Object.getOwnPropertyDescriptor(RegExp.prototype, "global").get}})`, `Object.prototype.toString.call(o)`, "RangeError"},
		{"toStringTag getter is an iterator's next", `var o = {}; Object.defineProperty(o, Symbol.toStringTag, {get: [][Symbol.iterator]().next})`, `Object.prototype.toString.call(o)`, "RangeError"},
		{"bound chain", `var f = function () { return 1 }; for (var i = 0; i < N; i++) { f = f.bind(null); delete f.name }`, `f()`, "overflow"},
		{"bound constructor chain", `var f = function () {}; for (var i = 0; i < N; i++) { f = f.bind(null); delete f.name }`, `new f()`, "overflow"},
		{"String bound to the next level", `var o = {}; for (var i = 0; i < N; i++) o = {toString: String.bind(null, o)}`, `String(o)`, "overflow"},
		{"proxy chain", `var p = {}; for (var i = 0; i < N; i++) p = new Proxy(p, {})`, `p.x`, "RangeError"},
		{"proxy handler chain", `var h = {}; for (var i = 0; i < N; i++) h = new Proxy({}, h)`, `new Proxy({}, h).x`, "RangeError"},
		{"revocable proxy chain", `var p = {}; for (var i = 0; i < N; i++) p = Proxy.revocable(p, {}).proxy`, `p.x`, "RangeError"},
		{"JSON.stringify", `var o = []; for (var i = 0; i < N; i++) o = [o]`, `JSON.stringify(o)`, "RangeError"},
		{"JSON.stringify with a gap", `var o = []; for (var i = 0; i < N; i++) o = [1, o]`, `JSON.stringify(o, null, 1)`, "RangeError"},
		{"JSON.stringify with a replacer", `var o = []; for (var i = 0; i < N; i++) o = [1, o]`, `JSON.stringify(o, function (k, v) { return v })`, "RangeError"},
		{"JSON.stringify with a property list", `var o = {}; for (var i = 0; i < N; i++) o = {a: o}`, `JSON.stringify(o, ["a"])`, "RangeError"},
		{"JSON.stringify, toJSON builds the nesting", `function D(n) { this.n = n } D.prototype.toJSON = function () { return {d: new D(this.n + 1)} }`, `JSON.stringify(new D(0), ["d"])`, "RangeError"},
		{"JSON.parse", `var s = "[".repeat(N) + "]".repeat(N)`, `JSON.parse(s)`, "RangeError"},
		{"JSON.parse with a reviver", `var s = "[".repeat(N) + "]".repeat(N)`, `JSON.parse(s, function (k, v) { return v })`, "RangeError"},
		{"JSON.parse, the reviver grafts deep data", `var o = []; for (var i = 0; i < N; i++) o = [o]`, `JSON.parse("[1,2]", function (k, v) { if (k === "0") this[1] = o; return v })`, "RangeError"},
		{"flat(Infinity), nesting in the second element", `var o = []; for (var i = 0; i < N; i++) o = [[], o]`, `o.flat(Infinity).length`, "RangeError"},
		{"flat(Infinity), nesting in the first element", `var o = [7]; for (var i = 0; i < N; i++) o = [o, 1]`, `o.flat(Infinity)`, "RangeError"},
		{"flat(Infinity) of an array that holds itself", `var o = [1]; o.push(o)`, `o.flat(Infinity)`, "RangeError"},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			probe := tc.probe
			if !strings.Contains(probe, "return") {
				probe = "return " + probe
			}
			src := `function f() {
				var N = 20000, out;
				try { ` + tc.build + `; out = String((function () { ` + probe + ` })()) } catch (e) { out = e.name + ": " + e.message }
				return TykJsResponse({Body: out, Code: 200});
			}`
			p := newTestPool(t, func(c *vm.PoolConfig) { c.Limits.MaxStackDepth = 200 }, src)
			// Building 20,000 links takes seconds under the race detector on
			// a busy machine; the test is about the outcome, not the time.
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			resp, err := p.Call(ctx, &vm.Call{Function: "f", Request: &vm.Request{URL: "/"}, Session: []byte("{}")})
			if tc.want == "overflow" {
				// the guard is the JavaScript stack limit: the call ends
				// with the (uncatchable) stack overflow error
				if !errors.Is(err, vm.ErrStackOverflow) {
					t.Fatalf("got %v %+v, want ErrStackOverflow", err, resp)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(resp.Body, tc.want) {
				t.Fatalf("got %q, want %s", resp.Body, tc.want)
			}
		})
	}
}

// TestGuardsKeepSemantics: with the guards installed, the guarded
// built-ins behave as goja's own on ordinary data.
func TestGuardsKeepSemantics(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, expr, want string }{
		{"String of arrays", `String([[1, [2]], 3])`, "1,2,3"},
		{"join", `[1, [2, 3]].join("-")`, "1-2,3"},
		{"flat", `JSON.stringify([1, [2, [3, [4]]]].flat())`, "[1,2,[3,[4]]]"},
		{"flat(Infinity)", `JSON.stringify([1, [2, [3, [4]]], , 5].flat(Infinity))`, "[1,2,3,4,5]"},
		{"flat(Infinity) 150 levels deep, nesting first", `var o = [7]; for (var i = 0; i < 150; i++) o = [o, 1]; var f = o.flat(Infinity); return f.length + ":" + f[0] + ":" + f[150]`, "151:7:1"},
		{"flat(40) of holes and array-likes", `return JSON.stringify([[, 1, [2, {length: 1, 0: 3}]], , [[[4]]]].flat(40))`, `[1,2,{"0":3,"length":1},4]`},
		{"flat(2) reads a getter once", `var n = 0, a = [[1]]; Object.defineProperty(a[0], "0", {get: function () { n++; return [2] }}); return JSON.stringify(a.flat(Infinity)) + n`, "[2]1"},
		{"method names and lengths", `[].join.name + [].join.length + [].flat.name + [].flat.length + Object.getOwnPropertyDescriptor(RegExp.prototype, "flags").get.name`, "join1flat0get flags"},
		{"built-ins are not enumerable", `Object.keys(Array.prototype).length + ":" + Object.keys(String.prototype).length`, "0:0"},
		{"built-ins are not constructors", `try { new [].join(); return "constructed" } catch (e) { return e.name }`, "TypeError"},
		{"bind: this, arguments, name, length", `function add(a, b, c) { return this.x + a + b + c } var b = add.bind({x: 1}, 2); return b(3, 4) + ":" + b.name + ":" + b.length`, "10:bound add:2"},
		{"bind: new and instanceof", `function P(x) { this.x = x } var B = P.bind(null, 5); var o = new B(); return o.x + ":" + (o instanceof P) + ":" + (o instanceof B)`, "5:true:true"},
		{"bind: a class", `class A { constructor(v) { this.v = v } } class C extends A {} var B = C.bind(null, 3); var o = new B(); return o.v + ":" + (o instanceof C) + ":" + (Object.getPrototypeOf(B) === A)`, "3:true:true"},
		{"bind: not a constructor", `var b = Math.max.bind(null, 1); return b(5) + ":" + (function () { try { new b(); return "constructed" } catch (e) { return e.name } })()`, "5:TypeError"},
		{"regular expressions keep goja's fast path", `var re = /b+/g; return "abbcb".replace(re, "-") + ":" + "a,b".split(/,/).length + ":" + /b+/.exec("xbb")[0]`, "a-c-:2:bb"},
		{"a getter installed from a skipped built-in still works", `var o = {}; Object.defineProperty(o, "g", {get: Object.getOwnPropertyDescriptor(RegExp.prototype, "global").get, configurable: true}); try { o.g } catch (e) { return e.name + ":" + Object.getOwnPropertyDescriptor(o, "g").configurable }`, "TypeError:true"},
		{"new Map from entries, Set from values", `return new Map([[1, 2], [3, 4]]).get(3) + ":" + new Set([1, 1, 2]).size`, "4:2"},
		{"Proxy with traps", `var p = new Proxy({a: 1}, {get: function (t, k) { return k in t ? t[k] : "none" }}); return p.a + ":" + p.b`, "1:none"},
		{"Proxy of a proxy", `var p = new Proxy(new Proxy([1, 2], {}), {}); return Array.isArray(p) + ":" + p.length + ":" + JSON.stringify(p)`, "true:2:[1,2]"},
		{"Proxy.revocable", `var r = Proxy.revocable({a: 1}, {}); var a = r.proxy.a; r.revoke(); try { r.proxy.a } catch (e) { return a + ":" + e.name }`, "1:TypeError"},
		{"JSON.stringify with a replacer", `return JSON.stringify({a: 1, b: [1, 2]}, function (k, v) { return typeof v === "number" ? v * 2 : v })`, `{"a":2,"b":[2,4]}`},
		{"JSON.stringify with a property list", `JSON.stringify({b: 1, a: {b: 2, c: 3}, c: [{a: 1, d: 2}]}, ["a", "b", new String("c"), "a"], 1)`, "{\n \"a\": {\n  \"b\": 2,\n  \"c\": 3\n },\n \"b\": 1,\n \"c\": [\n  {\n   \"a\": 1\n  }\n ]\n}"},
		{"JSON.stringify, property list and toJSON", `return JSON.stringify({a: {toJSON: function () { return {a: 1, b: 2} }}}, ["a"])`, `{"a":{"a":1}}`},
		{"JSON.parse with a reviver", `return JSON.stringify(JSON.parse('{"a":[1,2,{"b":3}],"c":4}', function (k, v) { return k === "c" ? undefined : typeof v === "number" ? v + 1 : v }))`, `{"a":[2,3,{"b":4}]}`},
		{"apply with a null or undefined argument list calls with none", `function n() { return arguments.length } return n.apply(null, null) + ":" + n.apply(null, undefined) + ":" + n.apply(null, [1, 2]) + ":" + n.apply(null) + ":" + n.apply.length`, "0:0:2:0:2"},
		{"apply with a primitive argument list is a TypeError", `try { (function () {}).apply(null, 5); return "called" } catch (e) { return e.name }`, "TypeError"},
		{"a lowered async generator runs (esbuild applies with null)", `var log = []; function step(v) { log.push(v) } (function () { return step.apply(this, null) })(); return log.length + ":" + String(log[0])`, "1:undefined"},
		{"JSON.parse with a reviver, bad text", `try { JSON.parse("{x", function (k, v) { return v }); return "parsed" } catch (e) { return e.name }`, "SyntaxError"},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := tc.expr
			if !strings.Contains(body, "return") {
				body = "return " + body
			}
			p := newTestPool(t, nil, `function f() { var v = (function () { `+body+` })(); return TykJsResponse({Body: String(v), Code: 200}) }`)
			resp, err := call(t, p, "f", nil)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Body != tc.want {
				t.Fatalf("got  %q\nwant %q", resp.Body, tc.want)
			}
		})
	}
}
