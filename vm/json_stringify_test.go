package vm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

func TestJSONStringifySemantics(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body, want string }{
		{"getters read once, in order, around values goja's path handles",
			`var log = []; var o = {get a() { log.push("a"); return 1 }, d: new Date(0), m: new Map([[1, 2]]),
			  get b() { log.push("b"); return {toJSON: function(k) { log.push("toJSON:" + k); return [k] }} }};
			return JSON.stringify(o) + " " + log.join(",");`,
			`{"a":1,"d":"1970-01-01T00:00:00.000Z","m":{},"b":["b"]} a,b,toJSON:b`},
		{"toJSON gets the array index", `return JSON.stringify([0, {toJSON: function(k) { return "k" + k }}]);`, `[0,"k1"]`},
		{"toJSON result is not asked again", `return JSON.stringify({a: {toJSON: function() { return {toJSON: function() { return 1 }, x: 2} }}});`, `{"a":{"x":2}}`},
		{"toJSON on a function is used", `var f = function() {}; f.toJSON = function() { return "f" }; return JSON.stringify([f, function() {}]);`, `["f",null]`},
		{"boxed primitives", `return JSON.stringify([new Number(3), new String("s"), new Boolean(false), Object(Symbol("x"))]);`, `[3,"s",false,null]`},
		{"a boxed number asks valueOf", `var n = new Number(1); n.valueOf = function() { return 7 }; return JSON.stringify({n: n});`, `{"n":7}`},
		{"BigInt is a TypeError", `try { JSON.stringify({a: BigInt(1)}) } catch (e) { return e.name + ": " + e.message }`, `TypeError: Do not know how to serialize a BigInt`},
		{"BigInt with a toJSON", `BigInt.prototype.toJSON = function(k) { return k + "=" + this.toString() }; return JSON.stringify({a: BigInt(2)});`, `{"a":"a=2"}`},
		{"proxy traps run once each", `var log = []; var p = new Proxy({a: 1, b: 2}, {get: function(t, k) { log.push(String(k)); return t[k] }});
			return JSON.stringify({p: p}) + " " + log.join(",");`, `{"p":{"a":1,"b":2}} toJSON,a,b`},
		{"proxy of an array", `return JSON.stringify(new Proxy([1, "x"], {}));`, `[1,"x"]`},
		{"revoked proxy", `var r = Proxy.revocable({}, {}); r.revoke(); try { JSON.stringify([r.proxy]) } catch (e) { return e.name }`, `TypeError`},
		{"lone surrogate and U+FFFD keys", `var o = {}; o["\ud800"] = 1; o["\ufffd"] = 2; o.x = "\udc00"; return JSON.stringify(o);`, `{"\ud800":1,"` + "\ufffd" + `":2,"x":"\udc00"}`},
		{"cycle", `var o = {a: [1]}; o.a.push(o); try { JSON.stringify(o) } catch (e) { return e.name + ": " + e.message }`, `TypeError: Converting circular structure to JSON`},
		{"same object twice is no cycle", `var x = {v: 1}; return JSON.stringify([x, {y: x}]);`, `[{"v":1},{"y":{"v":1}}]`},
		{"nesting past the stack limit", `var a = []; for (var i = 0; i < 5000; i++) { a = [a] } try { JSON.stringify(a) } catch (e) { return e.name }`, `RangeError`},
		{"indentation by the specification", `return JSON.stringify({a: [], b: [[]], c: {}, d: [1, {e: null}]}, null, 2);`,
			"{\n  \"a\": [],\n  \"b\": [\n    []\n  ],\n  \"c\": {},\n  \"d\": [\n    1,\n    {\n      \"e\": null\n    }\n  ]\n}"},
		{"indentation strings and bounds", `return [JSON.stringify([1], null, "abcdefghijklmnop"), JSON.stringify([1], null, Infinity).length,
			JSON.stringify([1], null, 0.9), JSON.stringify([1], null, new String("--")), JSON.stringify([1], null, new Number(1))].join("|");`,
			"[\nabcdefghij1\n]|15|[1]|[\n--1\n]|[\n 1\n]"},
		{"ignored replacer object", `return JSON.stringify({a: 1}, {}, 1);`, "{\n \"a\": 1\n}"},
		{"replacer function drops a member", `return JSON.stringify({a: 1, b: 2}, function(k, v) { return k === "a" ? undefined : v });`, `{"b":2}`},
		{"replacer function: holder as this, keys, after toJSON, before unboxing",
			`var log = []; var top = {a: [1, {toJSON: function(k) { return "j" + k }}], n: new Number(4)};
			var out = JSON.stringify(top, function(k, v) { log.push(JSON.stringify(k) + (k === "" ? (this[""] === top) : Array.isArray(this)) + typeof v); return v });
			return out + " " + log.join(",");`,
			`{"a":[1,"j1"],"n":4} ""trueobject,"a"falseobject,"0"truenumber,"1"truestring,"n"falseobject`},
		{"replacer function output is walked with it, not asked for toJSON", `return JSON.stringify({a: 1, b: 2}, function(k, v) {
			return k === "" ? {x: v, d: {toJSON: function(k) { return "toJSON of a member: " + k }}} :
				k === "a" ? {toJSON: function() { return "never" }, y: 2} : typeof v === "number" ? v * 10 : v });`,
			`{"x":{"a":{"y":20},"b":20},"d":"toJSON of a member: d"}`},
		{"replacer function sees members deleted after the keys were taken", `return JSON.stringify({a: 1, b: 2}, function(k, v) {
			if (k === "a") { delete this.b } return k === "b" ? "b is " + typeof v : v });`, `{"a":1,"b":"b is undefined"}`},
		{"replacer function: a cycle it makes is a TypeError", `var o = {}; try { JSON.stringify(o, function(k, v) { return k === "" ? {o: o, self: this} : v === o ? this : v }) }
			catch (e) { return e.name }`, `TypeError`},
		{"property list: strings, numbers, boxed, in order, without repeats; arrays keep every element",
			`var log = []; var n = new Number(1); n.toString = function() { log.push("n"); return "b" };
			var out = JSON.stringify({b: 1, a: [{a: 1, z: 2}], 1: "one", 1e21: "big", z: 0, "-0": 5, 0: 6},
				["a", 1, n, "a", new String("z"), true, null, {}, 1e21, -0, [1], "missing"]);
			return out + " " + log.join(",");`,
			`{"a":[{"a":1,"z":2}],"1":"one","b":1,"z":0,"1e+21":"big","0":6} n`},
		{"property list: empty, on nested objects", `return JSON.stringify({a: {b: 1}}, []) + JSON.stringify([{a: 1}], []);`, `{}[{}]`},
		{"property list: getters read once, missing members read too", `var log = []; var o = {get a() { log.push("a"); return 1 }};
			o = new Proxy(o, {get: function(t, k) { log.push("get " + String(k)); return t[k] }});
			return JSON.stringify(o, ["a", "b", "a"]) + " " + log.join(",");`, `{"a":1} get toJSON,get a,a,get b`},
		{"property list: a proxy of an array, and an array-like that is not one", `var log = [];
			var list = new Proxy(["b"], {get: function(t, k) { log.push(String(k)); return t[k] }});
			return JSON.stringify({a: 1, b: 2}, list) + JSON.stringify({a: 1, b: 2}, {0: "a", length: 1}) + " " + log.join(",");`,
			`{"b":2}{"a":1,"b":2} length,0`},
		{"property list: lone surrogates kept apart", `var o = {}; o["\ud800"] = 1; o["\udc00"] = 2; o["\ufffd"] = 3;
			return JSON.stringify(o, ["\udc00", "\ufffd", "\ud800", "\udc00"]);`, `{"\udc00":2,"` + "\ufffd" + `":3,"\ud800":1}`},
		{"property list is read before space", `var log = []; var sp = new Number(1); sp.valueOf = function() { log.push("space"); return 1 };
			var k = new String("a"); k.toString = function() { log.push("list"); return "a" };
			return JSON.stringify({a: 1}, [k], sp).replace(/\n/g, "|") + " " + log.join(",");`, `{| "a": 1|} list,space`},
		{"revoked proxy as replacer", `var r = Proxy.revocable([], {}); r.revoke(); try { JSON.stringify({}, r.proxy) } catch (e) { return e.name }`, `TypeError`},
		{"undefined, functions, symbols", `return [String(JSON.stringify(undefined)), String(JSON.stringify(function() {})), String(JSON.stringify(Symbol())),
			JSON.stringify({u: undefined, f: function() {}, s: Symbol()}), JSON.stringify([undefined, function() {}, Symbol()])].join("|");`,
			`undefined|undefined|undefined|{}|[null,null,null]`},
		{"numbers", `return JSON.stringify([-0, 1e21, 1.5e-7, NaN, -Infinity, 0.1 + 0.2]);`, `[0,1e+21,1.5e-7,null,null,0.30000000000000004]`},
		{"request headers and params", `return JSON.stringify([request.Headers, request.Params]);`, `[{},{}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := runVEWith(t, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// runVEWith runs body like runVE, with request in scope.
func runVEWith(t *testing.T, body string) (string, error) {
	t.Helper()
	p := newTestPool(t, nil, "function run(request, session, config) {\n\tvar out = (function () {\n"+body+
		"\n\t})();\n\treturn TykJsResponse({Body: String(out), Code: 200}, null);\n}")
	resp, err := call(t, p, "run", nil)
	if err != nil {
		return "", err
	}
	return resp.Body, nil
}

func TestJSONStringifyLimits(t *testing.T) {
	t.Parallel()
	t.Run("text past maxLen", func(t *testing.T) {
		rt := goja.New()
		ops, _ := jsonengine.NewOps(rt)
		v, _ := rt.RunString(`var a = []; a.length = 1e9; a`)
		s := jsonengine.NewStringifier(rt, ops, jsonengine.Limits{MaxDepth: 100, MaxLen: 1 << 16}, "")
		err := catchJS(func() { s.Stringify(v) })
		if err == nil || !strings.Contains(err.Error(), "Invalid string length") {
			t.Fatalf("got %v, want RangeError Invalid string length", err)
		}
	})
	t.Run("a walk stops when the call's time is up", func(t *testing.T) {
		p := newTestPool(t, nil,
			`function run() { var a = []; a.length = 1e9; try { JSON.stringify(a) } catch (e) {} return TykJsResponse({Body: "finished", Code: 200}, null) }`)
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := p.Call(ctx, &Call{Function: "run", Request: &Request{URL: "/"}, Session: []byte("null")})
		if !errors.Is(err, ErrTimeout) {
			t.Fatalf("got %v, want ErrTimeout (the catch must not swallow it)", err)
		}
	})
}

// TestJSONStringifyReplacerLimits: with a replacer function or a property
// list, JSON.stringify obeys the call's deadline, the depth limit and the
// size cap, as without one.
func TestJSONStringifyReplacerLimits(t *testing.T) {
	t.Parallel()
	t.Run("deadline", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct{ name, body string }{
			{"sparse array, empty property list", `var a = []; a.length = 2e7; JSON.stringify(a, [])`},
			{"sparse array, replacer function", `var a = []; a.length = 1e9; JSON.stringify(a, function(k, v) { return v })`},
			{"long property list", `var l = []; l.length = 1e9; JSON.stringify({a: 1}, l)`},
			{"property list of missing members on many objects", `var l = []; for (var i = 0; i < 1e4; i++) { l.push("k" + i) }
				var a = []; for (var i = 0; i < 1e4; i++) { a.push({}) } JSON.stringify(a, l)`},
			{"replacer function that drops everything", `var o = {}; for (var i = 0; i < 1e4; i++) { o["k" + i] = i }
				var a = []; for (var i = 0; i < 1e3; i++) { a.push(o) } JSON.stringify(a, function(k, v) { return k[0] === "k" ? undefined : v })`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				p := newTestPool(t, nil, veSource(`try { `+tc.body+` } catch (e) {} return "finished";`))
				const deadline = 50 * time.Millisecond
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				defer cancel()
				start := time.Now()
				_, err := p.Call(ctx, &Call{Function: "run", Request: &Request{URL: "/"}, Session: []byte("null")})
				if elapsed := time.Since(start); elapsed > deadline+time.Second {
					t.Errorf("returned after %v with a %v deadline", elapsed, deadline)
				}
				if !errors.Is(err, ErrTimeout) {
					t.Fatalf("got %v, want ErrTimeout (the catch must not swallow it)", err)
				}
			})
		}
	})
	t.Run("depth", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct{ name, body string }{
			{"nested arrays, replacer function", `var a = []; for (var i = 0; i < 5000; i++) { a = [a] } JSON.stringify(a, function(k, v) { return v })`},
			{"nested objects, property list", `var o = {}; for (var i = 0; i < 5000; i++) { o = {x: o} } JSON.stringify(o, ["x"])`},
			{"nesting off the first element", `var o = []; for (var i = 0; i < 20000; i++) { o = [[], o] } JSON.stringify(o, [])`},
			{"a replacer function that nests forever", `JSON.stringify(0, function(k, v) { return {x: v} })`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				got, err := runVEWith(t, `try { `+tc.body+`; return "no error" } catch (e) { return e.name + ": " + e.message }`)
				if err != nil || !strings.Contains(got, "RangeError: Maximum call stack size exceeded") {
					t.Fatalf("got %q, %v; want the depth RangeError", got, err)
				}
			})
		}
	})
	t.Run("size", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct{ name, value, replacer string }{
			{"replacer function that grows every element", `var a = []; a.length = 1e4; a`, `(function(k, v) { return k === "" ? v : "x".repeat(100) })`},
			{"property list over a sparse array", `var a = []; a.length = 1e9; a`, `["a"]`},
			{"property list picking long strings", `var o = {a: "x".repeat(1000)}; var a = []; for (var i = 0; i < 100; i++) { a.push(o) } a`, `["a"]`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				rt := goja.New()
				ops, _ := jsonengine.NewOps(rt)
				v, err := rt.RunString(tc.value)
				if err != nil {
					t.Fatal(err)
				}
				r, err := rt.RunString(tc.replacer)
				if err != nil {
					t.Fatal(err)
				}
				s := jsonengine.NewStringifier(rt, ops, jsonengine.Limits{MaxDepth: 100, MaxLen: 1 << 16}, "")
				err = catchJS(func() { s.UseReplacer(r); s.Stringify(v) })
				if err == nil || !strings.Contains(err.Error(), "Invalid string length") {
					t.Fatalf("got %v, want RangeError Invalid string length", err)
				}
			})
		}
	})
}

// catchJS runs fn and returns the JavaScript error it panicked with.
func catchJS(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			switch x := r.(type) {
			case *goja.Exception:
				err = errors.New(x.Value().String())
			case goja.Value:
				err = errors.New(x.String())
			default:
				panic(r)
			}
		}
	}()
	fn()
	return nil
}

// FuzzJSONStringify: for any value, replacer (a function, a property list,
// anything else) and indentation, our JSON.stringify and goja's give the
// same text (indented by the specification: goja's text compacted and
// indented again by encoding/json, since goja's indentation is off) or the
// same error, and run the script's getters, proxy traps, toJSON methods and
// replacer calls the same times in the same order. Each side gets its own
// runtime with a fixed clock.
func FuzzJSONStringify(f *testing.F) {
	values := []string{`{a: 1, b: [1, undefined, function(){}, null, -0, 1e21, 1.5e-7], c: "q\"\\\n\u2028\ud800x"}`,
		`[new Date(0), {toJSON: function(k) { return k + 5 }}]`, `"\u00e9\ud83d\ude00"`, `{"0": 1, "b": 2, "1": 3}`, `undefined`,
		`(function(){ var o = {}; o.self = o; return o })()`, `{s: Symbol("x"), n: NaN, i: Infinity}`, `new String("x")`,
		`Object.create(null)`, `{get g() { return 1 }}`, `[[[[]]]]`, `{"\ud800": 1}`, `{get A(){A}}`,
		`{get a() { log.push("a"); return new Map() }, b: {get c() { log.push("c"); return [new Date(NaN)] }}}`,
		`new Proxy({x: [1]}, {get: function(t, k) { log.push(String(k)); return t[k] }})`, `[new Number(2), Object(false), BigInt(3)]`,
		`{a: {toJSON: function() { log.push("t"); return {toJSON: function() { return 1 }} }}}`, `[{}, [], [[]], {a: {}}]`,
		`(function(){ var o = {a: {toJSON: function() { delete o.b; o.c = 3; return 1 }}, b: 2}; return o })()`,
		`(function(){ var o = {x: {toJSON: function() { Object.defineProperty(o, "z", {get: function() { log.push("z"); return 5 }, enumerable: true}); return 2 }}, z: 0}; return o })()`,
		`new (class { constructor() { this.q = 1; this["1"] = 2; this.w = {e: ""} } })()`, `{"": 1, "é": 2, a1: 3}`,
		// what a toJSON changes mid-walk is seen by what is read after it
		`{a: {toJSON: function() { Object.prototype.toJSON = function(k) { return "p" + k }; return 1 }}, b: {c: 1}, d: [2]}`,
		`(function(){ var a = [{toJSON: function() { a[1] = "changed"; a.length = 1; return 0 }}, "orig", {x: 3}]; return a })()`,
		`(function(){ var o = {a: {toJSON: function() { o.b.c = 9; Array.prototype.toJSON = function() { return "arr" }; return 1 }}, b: {c: 1}, e: [1]}; return o })()`,
		`(function(){ Object.defineProperty(Array.prototype, 1, {get: function() { log.push("hole"); return 7 }, configurable: true}); return [1, , 3] })()`,
		`(function(){ Object.defineProperty(Object.prototype, "toJSON", {get: function() { log.push("get"); return undefined }, configurable: true}); return {a: {b: [{}]}} })()`,
		`(function(){ Object.setPrototypeOf(Array.prototype, {toJSON: function() { return "via" }}); return {a: [1], b: {}} })()`,
		`(function(){ var o = {a: 1}; o.toJSON = function(k) { return "own" + k }; return [o, Object.assign([], {toJSON: function() { return "a" }})] })()`}
	replacers := []string{`["a", 1, "a", new String("b"), new Number(0), {}, null, true, "g"]`, `[]`, `["x", "1e+21", 1e21, -0, "c"]`,
		`function(k, v) { log.push(k + ":" + typeof v); return v }`, `function(k, v) { return typeof v === "number" ? v * 2 : v }`,
		`function(k, v) { return k === "" ? {wrapped: v, same: this[""] === v} : v }`,
		`function(k, v) { if (k === "a") { delete this.b } return k === "b" ? "deleted " + typeof v : v }`,
		`function(k, v) { return typeof v === "object" && v !== null && !Array.isArray(v) ? Object.keys(v) : v }`,
		`new Proxy(["b", "a"], {get: function(t, k) { log.push("list " + String(k)); return t[k] }})`,
		`[{toString: function() { return "a" }}, Object.assign(new String("c"), {toString: function() { log.push("ts"); return "a" }})]`,
		`{0: "a", length: 1}`}
	for _, v := range values {
		for _, space := range []string{"undefined", "2", `"\t"`, `"abcdefghijkl"`, "new Number(3)", "Infinity"} {
			f.Add(v, "undefined", space)
		}
		for _, r := range replacers {
			f.Add(v, r, "undefined")
			f.Add(v, r, "2")
		}
	}
	f.Fuzz(func(t *testing.T, src, replacer, space string) {
		got, gap, unlike, ok := stringifyIn(src, replacer, space, true)
		if !ok || unlike || strings.Contains(got, "Maximum call stack size exceeded") || strings.Contains(got, "Invalid string length") ||
			strings.Contains(got, "JSON.stringify stopped") {
			return // past limits goja lacks: ours throws by design, goja might run for minutes
		}
		want, _, _, ok := stringifyIn(src, replacer, space, false)
		if !ok {
			return
		}
		if strings.HasPrefix(want, "text ") {
			// JSON text holds no raw NUL: the first one ends it.
			text, rest, _ := strings.Cut(strings.TrimPrefix(want, "text "), "\x00")
			var b bytes.Buffer
			err := json.Compact(&b, []byte(text))
			if err == nil && gap != "" {
				compact := b.Bytes()
				b = bytes.Buffer{}
				err = json.Indent(&b, compact, "", gap)
			}
			if err != nil {
				return // a boxed space whose gap is not JSON whitespace
			}
			want = "text " + b.String() + "\x00" + rest
		}
		if got != want {
			t.Fatalf("differs for %s (replacer %s, space %s):\ngoja %q\nours %q", src, replacer, space, want, got)
		}
	})
}

// stringifyIn evaluates src, replacer and space in a new runtime,
// stringifies the value with goja's JSON.stringify or ours, and returns the
// outcome with the script's log, and the gap. unlike reports a property list
// with a lone surrogate, which goja's (keeping names as Go strings) loses,
// or one too long to compare.
// ok is false when the source does not evaluate or runs too long.
func stringifyIn(src, replacer, space string, ours bool) (outcome, gap string, unlike, ok bool) {
	rt := goja.New()
	rt.SetTimeSource(func() time.Time { return time.Unix(1e9, 0) })
	rt.SetRandSource(func() float64 { return 0.5 })
	timer := time.AfterFunc(time.Second, func() { rt.Interrupt("too slow") })
	defer timer.Stop()
	if _, err := rt.RunString("var log = []; var value = (" + src + ");\nvar replacer = (" + replacer + ");\nvar space = (" + space + ");"); err != nil {
		return "", "", false, false
	}
	if ours {
		ops, _ := jsonengine.NewOps(rt)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = rt.Set("under_test", func(call goja.FunctionCall) goja.Value {
			s := jsonengine.NewStringifier(rt, ops, jsonengine.Limits{Ctx: ctx, MaxDepth: 1000, MaxLen: 1 << 20}, "")
			s.UseReplacer(call.Argument(1))
			s.SetSpace(call.Argument(2))
			if text, ok := s.Stringify(call.Argument(0)); ok {
				return rt.ToValue(text)
			}
			return goja.Undefined()
		})
	} else {
		// goja's indentation is off: it gets a boxed space only, whose
		// conversion may be seen (valueOf), and its text is compacted.
		_, _ = rt.RunString(`var under_test = function(v, r, s) {
			return JSON.stringify(v, r, s instanceof Number || s instanceof String ? s : undefined) }`)
	}
	v, err := rt.RunString(`var out; try { var r = under_test(value, replacer, space); out = r === undefined ? "undefined" : "text " + r }
		catch (e) { out = "threw " + e } out + "\x00" + log.join(",")`)
	if err != nil {
		return "", "", false, false // interrupted
	}
	// After the outcome: neither of these may add to its log.
	gap = jsonengine.Gap(rt.Get("space"))
	// (A long list goja would copy into a slice of its length, for seconds.)
	l, err := rt.RunString(`(function() { try { return Array.isArray(replacer) && (replacer.length > 1e5 || Array.prototype.some.call(replacer, function(x) {
		return (typeof x === "string" || x instanceof String) && /[\ud800-\udfff]/.test(x) })) } catch (e) { return false } })()`)
	// goja's "Could not convert &{Object 0x…}" names a Go address.
	return goAddress.ReplaceAllString(v.String(), "0x?"), gap, err == nil && l.ToBoolean(), true
}

var goAddress = regexp.MustCompile(`0x[0-9a-f]{6,}`)

func TestJSONGap(t *testing.T) {
	t.Parallel()
	rt := goja.New()
	for _, tc := range []struct{ src, want string }{
		{`undefined`, ""}, {`null`, ""}, {`true`, ""}, {`({})`, ""}, {`[4]`, ""},
		{`0`, ""}, {`0.9`, ""}, {`-3`, ""}, {`NaN`, ""}, {`3.7`, "   "}, {`11`, "          "}, {`Infinity`, "          "},
		{`new Number(2)`, "  "}, {`""`, ""}, {`"\t"`, "\t"}, {`"abcdefghijklm"`, "abcdefghij"}, {`new String("--")`, "--"},
		{`"ééééééééééé"`, "éééééééééé"}, {`"123456789😀"`, "123456789\ufffd"}, {`new Proxy(new Number(3), {})`, ""},
	} {
		v, err := rt.RunString(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonengine.Gap(v); got != tc.want {
			t.Errorf("jsonengine.Gap(%s) = %q, want %q", tc.src, got, tc.want)
		}
	}
	if got := jsonengine.Gap(nil); got != "" {
		t.Errorf("jsonengine.Gap(nil) = %q", got)
	}
}
