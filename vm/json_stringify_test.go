package vm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
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
		{"replacer function still goja's", `return JSON.stringify({a: 1, b: 2}, function(k, v) { return k === "a" ? undefined : v });`, `{"b":2}`},
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
		ops, _ := jsonOpsFor(rt, &callEnv{})
		v, _ := rt.RunString(`var a = []; a.length = 1e9; a`)
		s := &jsonStringifier{rt: rt, ops: ops, maxDepth: 100, maxLen: 1 << 16}
		err := catchJS(func() { s.stringify(v) })
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

// FuzzJSONStringify: for any value and indentation, our JSON.stringify and
// goja's give the same text (indented by the specification: goja's
// compact text through json.Indent) or the same error, and run the
// script's getters, proxy traps and toJSON methods the same times in the
// same order. Each side gets its own runtime with a fixed clock.
func FuzzJSONStringify(f *testing.F) {
	for _, s := range []string{`{a: 1, b: [1, undefined, function(){}, null, -0, 1e21, 1.5e-7], c: "q\"\\\n\u2028\ud800x"}`,
		`[new Date(0), {toJSON: function(k) { return k + 5 }}]`, `"\u00e9\ud83d\ude00"`, `{"0": 1, "b": 2, "1": 3}`, `undefined`,
		`(function(){ var o = {}; o.self = o; return o })()`, `{s: Symbol("x"), n: NaN, i: Infinity}`, `new String("x")`,
		`Object.create(null)`, `{get g() { return 1 }}`, `[[[[]]]]`, `{"\ud800": 1}`, `{get A(){A}}`,
		`{get a() { log.push("a"); return new Map() }, b: {get c() { log.push("c"); return [new Date(NaN)] }}}`,
		`new Proxy({x: [1]}, {get: function(t, k) { log.push(String(k)); return t[k] }})`, `[new Number(2), Object(false), BigInt(3)]`,
		`{a: {toJSON: function() { log.push("t"); return {toJSON: function() { return 1 }} }}}`, `[{}, [], [[]], {a: {}}]`} {
		for _, space := range []string{"undefined", "2", `"\t"`, `"abcdefghijkl"`, "new Number(3)", "Infinity"} {
			f.Add(s, space)
		}
	}
	f.Fuzz(func(t *testing.T, src, space string) {
		got, gap, ok := stringifyIn(src, space, true)
		if !ok || strings.Contains(got, "Maximum call stack size exceeded") || strings.Contains(got, "Invalid string length") {
			return // past limits goja lacks: ours throws by design, goja might run for minutes
		}
		want, _, ok := stringifyIn(src, space, false)
		if !ok {
			return
		}
		if gap != "" && strings.HasPrefix(want, "text ") {
			text, rest, _ := strings.Cut(strings.TrimPrefix(want, "text "), "\n")
			var b bytes.Buffer
			if json.Indent(&b, []byte(text), "", gap) == nil {
				want = "text " + b.String() + "\n" + rest
			}
		}
		if got != want {
			t.Fatalf("differs for %s (space %s):\ngoja %q\nours %q", src, space, want, got)
		}
	})
}

// stringifyIn evaluates src and space in a new runtime, stringifies the
// value with goja's JSON.stringify (without space: see FuzzJSONStringify)
// or ours, and returns the outcome with the script's log, and the gap.
// ok is false when the source does not evaluate.
func stringifyIn(src, space string, ours bool) (outcome, gap string, ok bool) {
	rt := goja.New()
	rt.SetTimeSource(func() time.Time { return time.Unix(1e9, 0) })
	rt.SetRandSource(func() float64 { return 0.5 })
	timer := time.AfterFunc(time.Second, func() { rt.Interrupt("too slow") })
	defer timer.Stop()
	if _, err := rt.RunString("var log = []; var value = (" + src + ");\nvar space = (" + space + ");"); err != nil {
		return "", "", false
	}
	gap = jsonGap(rt.Get("space"))
	if ours {
		ops, _ := jsonOpsFor(rt, &callEnv{})
		_ = rt.Set("under_test", func(call goja.FunctionCall) goja.Value {
			s := &jsonStringifier{rt: rt, ops: ops, gap: jsonGap(call.Argument(1)), maxDepth: 1000, maxLen: 1 << 20}
			if text, ok := s.stringify(call.Argument(0)); ok {
				return rt.ToValue(text)
			}
			return goja.Undefined()
		})
	} else {
		_, _ = rt.RunString(`var under_test = function(v) { return JSON.stringify(v) }`)
	}
	v, err := rt.RunString(`var out; try { var r = under_test(value, space); out = r === undefined ? "undefined" : "text " + r }
		catch (e) { out = "threw " + e } out + "\n" + log.join(",")`)
	if err != nil {
		return "", "", false // interrupted
	}
	return v.String(), gap, true
}

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
		if got := jsonGap(v); got != tc.want {
			t.Errorf("jsonGap(%s) = %q, want %q", tc.src, got, tc.want)
		}
	}
	if got := jsonGap(nil); got != "" {
		t.Errorf("jsonGap(nil) = %q", got)
	}
}
