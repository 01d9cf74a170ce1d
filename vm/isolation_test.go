package vm

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/vm/isolation"
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

// TestIsolationMode: how runtimes are reset for a script — restored, replayed
// or replaced — and why.
func TestIsolationMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		src    string
		mode   isolation.Mode
		reason string // a substring of the reason; "" for restore
	}{
		{"functions and primitives", `function f() {} var a = 1, b = "x", c; const d = -2; let e = true;`, isolation.Restore, ""},
		{"directive", `"use strict"; function f() {}`, isolation.Restore, ""},
		{"object at the top level", `var o = {};`, isolation.Replay, "builds objects"},
		{"call at the top level", `log("loading"); function f() {}`, isolation.Replay, "builds objects"},
		{"function property", `function f() { f.cache = 1 }`, isolation.Replay, "function object"},
		{"function passed to Object.assign", `function f() { Object.assign(f, {n: 1}) }`, isolation.Replay, "function object"},
		{"function prototype", `function F() {} F.prototype.m = function () {}`, isolation.Replay, ""},
		{"strict this", `class C { m() { return this.x } }`, isolation.Replay, "builds objects"},
		{"this in a strict script", `"use strict"; function f() { return this }`, isolation.Restore, ""},
		{"this in a strict function", `function f() { 'use strict'; return this }`, isolation.Restore, ""},
		{"this in an arrow at the top of a strict script", `"use strict"; var g = () => this;`, isolation.Fresh, "this"},
		{"not a directive", `function f() { var s = "use strict"; return this }`, isolation.Fresh, "this"},
		{"sloppy this", `function f() { return this }`, isolation.Fresh, "this"},
		{"globalThis", `function f() { return globalThis.x }`, isolation.Fresh, "globalThis"},
		{"globalThis in a shorthand property", `var o = {globalThis}; o.globalThis.leak = 1`, isolation.Fresh, "globalThis"},
		{"Function constructor without its name", `function f() { (function(){}).constructor("leak = 1")() }`, isolation.Fresh, "constructor"},
		{"built-in prototype", `Array.prototype.x = 1`, isolation.Fresh, "prototype"},
		{"built-in reassigned", `function f() { JSON = {} }`, isolation.Fresh, "JSON"},
		{"built-in property written", `function f() { JSON.x = 1 }`, isolation.Fresh, "may be a built-in"},
		{"computed read stored", `function f(r) { var o = {}; o.x = r.Params[r.Body]; return o }`, isolation.Fresh, "may be a built-in"},
		{"computed read written through", `function f(r) { var t = {}; t[r.Body].x = 1 }`, isolation.Fresh, "may be a built-in"},
		{"tainted variable written through", `function f(r) { var t = {}, v = t[r.Body]; v.x = 1 }`, isolation.Fresh, "may be a built-in"},
		{"method read stored", `function f() { var p = [].push; p.x = 1 }`, isolation.Fresh, ""},
		{"mutating method on a tainted value", `function f(r) { ({})[r.Body].push(1) }`, isolation.Fresh, "push"},
		{"computed read consumed", `function f(r) { return String(r.Params[r.Body]) + r.Headers[r.URL].join(",") }`, isolation.Restore, ""},
		{"const assigned", `const X = {}; function f() { X = 2 }`, isolation.Fresh, "const X"},
		{"outbound with a top level", `var c = JSON.parse("{}"); function f() { return TykMakeHttpRequest("{}") }`, isolation.Fresh, "outbound"},
		{"outbound with an inert top level", `var cache = {}, seen = new Map(), h = {"A": [1, "b"], f: function () {}}; class K { static n = 0; m() {} }
			function f() { return TykMakeHttpRequest("{}") }`, isolation.Replay, "builds objects"},
		{"outbound with a top-level call", `var t = String(1); function f() { return TykMakeHttpRequest("{}") }`, isolation.Fresh, "outbound"},
		{"outbound with a top-level static block", `class K { static { K.n = 1 } } function f() { return TykMakeHttpRequest("{}") }`, isolation.Fresh, "outbound"},
		{"outbound with a computed key", `var o = {[1 + 1]: 2}; function f() { return TykMakeHttpRequest("{}") }`, isolation.Fresh, "outbound"},
		{"outbound with declarations only", `function f() { return TykMakeHttpRequest("{}") }`, isolation.Restore, ""},
		{"with", `function f(o) { with (o) { x = 1 } }`, isolation.Fresh, "with"},
		{"eval", `function f() { eval("leak = 1") }`, isolation.Fresh, "eval"},
		{"arguments.callee", `function f() { arguments.callee.n = 1 }`, isolation.Fresh, "callee"},
		{"top-level this", `var self = this;`, isolation.Fresh, "this"},
		{"var shadowing a built-in", `var Array = Array; function f() { Array.prototype.x = 1 }`, isolation.Fresh, "prototype"},
		{"var shadowing a built-in, passed on", `var JSON = JSON; function f(o) { return Object.assign(JSON, o) }`, isolation.Fresh, "escapes"},
		{"function named like a built-in", `function log(x) { return x } function f() { return log(1) }`, isolation.Restore, ""},
		{"user class prototype", `class K {} function f() { K.prototype.m = 1 }`, isolation.Replay, ""},
		{"var prototype", `var V = function () {}; function f() { V.prototype.m = 1 }`, isolation.Fresh, "prototype"},
		{"static method applied", `function f(a) { return Math.max.apply(null, a) + Math.min.call(null, 1, 2) }`, isolation.Restore, ""},
		{"tainted value stringified", `function f(r) { return JSON.stringify(r.Params[r.Body]) + Object.keys(r.Headers[r.URL]).length }`, isolation.Restore, ""},
		{"tainted value stringified with a replacer", `function f(r) { return JSON.stringify(r.Params[r.Body], function (k, v) { return v }) }`, isolation.Fresh, "escapes"},
		{"tainted value's values", `function f(r) { return Object.values(r.Params[r.Body]) }`, isolation.Fresh, "escapes"},
		{"getters of values the script made", `function f(a) { var o = {}; o.n = a.length; o.s = new Map().size; o.b = new Uint8Array(2).buffer; return o }`, isolation.Restore, ""},
		{"getter of a value that may be a built-in", `function f(r) { var o = {}; o.b = ({})[r.Body].buffer; return o }`, isolation.Fresh, "stores"},
		{"own keys: for-in", `function f(s) { var o = JSON.parse(s.Body), out = {}; for (var i in o) { o[i].body = 1; out[i] = o[i] } return out }`, isolation.Restore, ""},
		{"own keys: for-of Object.keys", `function f(s) { var o = JSON.parse(s.Body); for (const k of Object.keys(o)) { o[k].x = 1 } }`, isolation.Restore, ""},
		{"own keys: Object.keys forEach", `function f(s) { var o = JSON.parse(s.Body), out = {}; Object.keys(o).forEach(function (k) { out[k] = o[k] }); Object.keys(o).map(k => o[k].y = 1) }`, isolation.Restore, ""},
		{"own keys of another object", `function f(s) { var t = {}, o = JSON.parse(s.Body); for (var k in o) { t[k].x = o[k] } }`, isolation.Fresh, "may be a built-in"},
		{"own keys, key reassigned", `function f(s) { var o = JSON.parse(s.Body); for (var k in o) { k = "__proto__"; o[k].x = 1 } }`, isolation.Fresh, "may be a built-in"},
		{"own keys, object reassigned", `function f(s) { var o = JSON.parse(s.Body); for (var k in o) { o = {}; o[k].x = 1 } }`, isolation.Fresh, "may be a built-in"},
		{"own keys, shadowed in a callback", `function f(s) { var o = JSON.parse(s.Body); for (var k in o) { [1].forEach(function (k) { o[k].x = 1 }) } }`, isolation.Fresh, "may be a built-in"},
		{"own keys, outside the loop", `function f(s) { var o = JSON.parse(s.Body), k; for (k in o) {} o[k].x = 1 }`, isolation.Fresh, "may be a built-in"},
		{"own keys of a built-in", `function f() { for (var k in Math) { Math[k].x = 1 } }`, isolation.Fresh, "may be a built-in"},
		{"own keys, object rebound by a closure", `function f(s) { var o = JSON.parse(s.Body); function g() { o = {} } for (var k in o) { g(); o[k].x = 1 } }`, isolation.Fresh, "may be a built-in"},
		{"own keys, var key rebound by a closure", `function f(s) { var o = JSON.parse(s.Body), k; function g() { k = "constructor" } for (k in o) { g(); o[k].x = 1 } }`, isolation.Fresh, "may be a built-in"},
		{"own keys, var key declared twice", `function f(s) { var o = JSON.parse(s.Body), p = {}; for (var k in o) { for (var k in p) {} o[k].x = 1 } }`, isolation.Fresh, "may be a built-in"},
		{"own keys, parameter aliased by arguments", `function f(s) { var o = JSON.parse(s.Body); Object.keys(o).forEach(function (k) { arguments[0] = "constructor"; o[k].x = 1 }) }`, isolation.Fresh, "may be a built-in"},
		{"own keys, let key", `function f(s) { const o = JSON.parse(s.Body); for (let k in o) { o[k].x = 1 } for (const k in o) { o[k].y = 1 } }`, isolation.Restore, ""},
		{"own keys, a key deleted through an alias", `function del(x, k) { delete x[k] } function f(s) { var o = JSON.parse(s.Body); for (const k in o) { del(o, k); o[k].x = 1 } }`, isolation.Fresh, "may be a built-in"},
		{"numeric index", `function f(s) { var items = JSON.parse(s.Body), out = []; for (var i = 0; i < items.length; i++) { out.push(items[i]); items[i + 1].x = items[i * 2] } var j = items.length - 1; out.push(items[j]); return out }`, isolation.Restore, ""},
		{"index variable also given a string", `function f(s) { var o = {}, i = 0; if (s.Body) i = s.Body; o[i].x = 1 }`, isolation.Fresh, "may be a built-in"},
		{"index variable grown by a string", `function f(s) { var o = {}, i = 0; i += s.Body; o[i].x = 1 }`, isolation.Fresh, "may be a built-in"},
		{"index variable from a parameter", `function f(i) { var o = {}; i = i; o[i].x = 1 }`, isolation.Fresh, "may be a built-in"},
		{"index variable through another", `function f(s) { var o = {}, k = s.Body, i = 0; i = k; o[i].x = 1 }`, isolation.Fresh, "may be a built-in"},
		{"index variable named like a built-in", `function f() { var o = {}; NaN = 1; o[NaN].x = 1 }`, isolation.Fresh, ""},
		{"own keys of a proxy", `function f() { var p = new Proxy({}, {ownKeys() { return ["constructor"] }}); for (var k in p) { p[k].x = 1 } }`, isolation.Fresh, "may be a built-in"},
		{"TykJS middleware", `var mw = new TykJS.TykMiddleware.NewMiddleware({}); mw.NewProcessRequest(function (r) { return r });`, isolation.Replay, ""},
		{"TykJS namespace written", `TykJS.x = 1`, isolation.Fresh, "may be a built-in"},
	}
	// Scripts with esbuild's helpers (isolation_bundle_test.go), and
	// bundles built by jsbuild.
	for _, c := range helperModeCases(t) {
		tests = append(tests, struct {
			name   string
			src    string
			mode   isolation.Mode
			reason string
		}{c.name, c.src, c.mode, c.reason})
	}
	for _, b := range bundleFixtures {
		tests = append(tests, struct {
			name   string
			src    string
			mode   isolation.Mode
			reason string
		}{"built " + b.entry, buildBundle(t, b.entry, b.minify), b.mode, b.reason})
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := compileScript(Script{Name: "t.js", Source: tc.src}, StateIsolated)
			if err != nil {
				t.Fatal(err)
			}
			iso := p.plan
			if iso.Mode != tc.mode || !strings.Contains(iso.Reason, tc.reason) {
				t.Errorf("mode %s (%q), want %s (reason containing %q)", iso.Mode, iso.Reason, tc.mode, tc.reason)
			}
		})
	}
}

// respond is a handler's answer in the tests below.
func respond(expr string) string {
	return "return TykJsResponse({Body: String(" + expr + "), Code: 200}, null);"
}

// TestTopLevelConst: assigning a top-level const throws a TypeError in both
// modes, on every call, whatever else the top level holds.
func TestTopLevelConst(t *testing.T) {
	t.Parallel()
	body := `function f() { var r; try { X = 2; r = "assigned" } catch (e) { r = e.name + ": " + e.message } ` + respond("r + ' ' + X") + ` }`
	for _, top := range []string{`const X = 1;`, `const X = 1; var cache = {};`, `const X = 1; let y = []; class C {}`} {
		for _, state := range []State{StateIsolated, StateShared} {
			top, state := top, state
			t.Run(string(state)+" "+top, func(t *testing.T) {
				t.Parallel()
				p := newTestPool(t, func(c *PoolConfig) { c.State = state; c.MaxRuntimes = 1; c.Prewarm = 1 }, top+body)
				for i := 0; i < 3; i++ {
					resp, err := call(t, p, "f", nil)
					if err != nil {
						t.Fatalf("call %d: %v", i, err)
					}
					if want := "TypeError: Assignment to constant variable. 1"; resp.Body != want {
						t.Fatalf("call %d: %q, want %q", i, resp.Body, want)
					}
				}
			})
		}
	}
}

// TestTopLevelSameValueEveryCall: a top-level binding holds the same value
// at the start of every call — also one a top-level outbound request set.
func TestTopLevelSameValueEveryCall(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("pong")) }))
	t.Cleanup(srv.Close)
	request := `TykMakeHttpRequest(JSON.stringify({Domain: ` + js(srv.URL) + `}))`
	tests := []struct{ name, src string }{
		{"outbound at the top level", `var r = ` + request + `;
			function f() { var was = typeof r === "string" ? JSON.parse(r).Body : String(r); r = undefined; ` + respond("was") + ` }`},
		{"outbound beside objects", `var cache = {n: 0}; var r = ` + request + `;
			function f() { var was = JSON.parse(r).Body + cache.n++; r = "{}"; ` + respond("was") + ` }`},
		{"outbound in the handler, objects at the top level (replayed)", `var cache = {n: 0};
			function f() { var was = JSON.parse(` + request + `).Body + cache.n++; ` + respond("was") + ` }`},
		{"outbound in a helper the top level calls", `function get() { return JSON.parse(` + request + `).Body }
			var r = get();
			function f() { var was = r; r = "changed"; ` + respond("was") + ` }`},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// One runtime, reset off the response path by a new runtime
			// or a replay that makes an outbound request: under -race on a
			// loaded machine that can outlast the 1 s default wait.
			p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes = 1; c.Prewarm = 1; c.AcquireTimeout = 5 * time.Second }, tc.src)
			var first string
			for i := 0; i < 4; i++ {
				resp, err := call(t, p, "f", nil)
				if err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
				if i == 0 {
					first = resp.Body
					if !strings.HasPrefix(first, "pong") {
						t.Fatalf("call 0: %q, want the upstream's answer", first)
					}
				}
				if resp.Body != first {
					t.Fatalf("call %d: %q, call 0 saw %q", i, resp.Body, first)
				}
			}
		})
	}
}

// TestResetFailureLoggedOnce: a top level that throws when it runs again to
// reset a runtime destroys that runtime; the next call loads a new one and
// answers its load error; the failure is logged once per script, with the
// error.
func TestResetFailureLoggedOnce(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			_, _ = w.Write([]byte(`{"ok":true}`))
			return
		}
		_, _ = w.Write([]byte(`upstream down`))
	}))
	t.Cleanup(srv.Close)
	logger, logs := captureLogger()
	src := `var settings = JSON.parse(JSON.parse(TykMakeHttpRequest(JSON.stringify({Domain: ` + js(srv.URL) + `}))).Body);
		function f() { ` + respond("settings.ok") + ` }`
	p := newTestPool(t, func(c *PoolConfig) { c.Logger = logger; c.MaxRuntimes = 1; c.Prewarm = 1 }, src)
	resp, err := call(t, p, "f", nil)
	if err != nil || resp.Body != "true" {
		t.Fatalf("call 0: %v, %v", resp, err)
	}
	for i := 1; i <= 3; i++ {
		_, err := call(t, p, "f", nil)
		var le *LoadError
		if !errors.As(err, &le) || le.Script != "test0.js" || !strings.Contains(err.Error(), "SyntaxError") {
			t.Fatalf("call %d: %v, want the script's load error", i, err)
		}
	}
	if n := strings.Count(logs.String(), "re-running the top level to reset a runtime failed"); n != 1 {
		t.Fatalf("logged %d times, want once:\n%s", n, logs)
	}
	if !strings.Contains(logs.String(), `"script":"test0.js"`) || !strings.Contains(logs.String(), "SyntaxError") {
		t.Fatalf("the log names neither the script nor the error:\n%s", logs)
	}
	if n := strings.Count(logs.String(), "each call gets a newly loaded runtime"); n != 1 {
		t.Fatalf("the reset mode was logged %d times, want once:\n%s", n, logs)
	}
	if st := p.Stats(); st.Destroyed != 1 {
		t.Fatalf("stats %+v: want the one runtime destroyed", st)
	}
}

// TestSharedHandlerPickup: in shared mode a call sees the handler the
// previous call installed, however it was reassigned; in isolated mode the
// original comes back.
func TestSharedHandlerPickup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		src    string
		shared []string
	}{
		{"not reassigned", `function f() { ` + respond(`"same"`) + ` }`, []string{"same", "same", "same"}},
		{"reassigned by name", `function f() { f = function () { ` + respond(`"new"`) + ` }; ` + respond(`"old"`) + ` }`,
			[]string{"old", "new", "new"}},
		{"reassigned through globalThis", `function f() { globalThis.f = function () { ` + respond(`"global"`) + ` }; ` + respond(`"old"`) + ` }`,
			[]string{"old", "global", "global"}},
		{"reassigned by eval", `function f() { eval("f = function () { ` + strings.ReplaceAll(respond(`'eval'`), `"`, `\"`) + ` }"); ` + respond(`"old"`) + ` }`,
			[]string{"old", "eval", "eval"}},
		{"reassigned by another function", `var n = 0; function g() { n++; f = function () { ` + respond(`"from g " + n`) + ` } }
			function f() { g(); ` + respond(`"old"`) + ` }`, []string{"old", "from g 1", "from g 1"}},
		{"replaced by a non-function", `function f() { f = 1; ` + respond(`"old"`) + ` }`, []string{"old", "error", "error"}},
	}
	for _, tc := range tests {
		for _, state := range []State{StateShared, StateIsolated} {
			tc, state := tc, state
			t.Run(string(state)+" "+tc.name, func(t *testing.T) {
				t.Parallel()
				p := newTestPool(t, func(c *PoolConfig) { c.State = state; c.MaxRuntimes = 1; c.Prewarm = 1 }, tc.src)
				for i, want := range tc.shared {
					if state == StateIsolated {
						want = tc.shared[0]
					}
					resp, err := call(t, p, "f", nil)
					got := ""
					switch {
					case errors.Is(err, ErrFunctionNotFound):
						got = "error"
					case err != nil:
						t.Fatalf("call %d: %v", i, err)
					default:
						got = resp.Body
					}
					if got != want {
						t.Fatalf("call %d: %q, want %q", i, got, want)
					}
				}
			})
		}
	}
}
