package vm

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tyk-ve/tyk-ve/jsbuild"
	"github.com/tyk-ve/tyk-ve/vm/isolation"
)

// Bundles built by tyk-ve build (package jsbuild, esbuild) with esbuild's
// runtime helpers: CommonJS interop (__commonJS, __toESM, __esm,
// __toCommonJS, __export, __copyProps) and lowered async generators
// (__asyncGenerator, __await, __yieldStar, __forAwait). The isolation
// analysis recognises the helpers by their exact text
// (vm/isolation/esbuild_helpers.js), so these bundles are replayed rather
// than given a new runtime per call; the differential test checks that a
// reused runtime still answers what a new one answers.

// bundleFixtures are the entries under testdata/isolation/bundles, each
// exporting handler, with the reset the analysis must choose.
var bundleFixtures = []struct {
	entry  string
	minify bool
	mode   isolation.Mode
	reason string
}{
	{"cjs_state.ts", false, isolation.Replay, "builds objects"},
	{"npm_cache.ts", false, isolation.Replay, "builds objects"},
	{"async_gen.ts", false, isolation.Replay, "builds objects"},
	{"class_static.ts", false, isolation.Replay, "builds objects"},
	{"reexport.ts", false, isolation.Replay, "builds objects"},
	{"bench_cjs.ts", false, isolation.Replay, "builds objects"},
	{"dyn_require.ts", false, isolation.Replay, "builds objects"},
	{"async_handler.ts", false, isolation.Replay, "builds objects"},
	// Minified, the helpers are renamed and no longer recognised.
	{"npm_cache.ts", true, isolation.Fresh, "not confined"},
}

// buildBundle builds a fixture entry into one script.
func buildBundle(tb testing.TB, entry string, minify bool) string {
	tb.Helper()
	res, err := jsbuild.Build(jsbuild.Options{Entry: filepath.Join("testdata", "isolation", "bundles", entry),
		OutFile: filepath.Join(tb.TempDir(), "out.js"), SourceMap: jsbuild.SourceMapNone, Minify: minify})
	if err != nil {
		tb.Fatalf("building %s: %v", entry, err)
	}
	return string(res.Code)
}

// TestIsolationBundles: calls 1–6 on a reused runtime answer what a new
// runtime answers, and the bundle is not given a new runtime per call.
func TestIsolationBundles(t *testing.T) {
	t.Parallel()
	for _, tc := range bundleFixtures {
		tc := tc
		name := strings.TrimSuffix(tc.entry, ".ts")
		if tc.minify {
			name += "/minified"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := buildBundle(t, tc.entry, tc.minify)
			p, err := compileScript(Script{Name: "bundle.js", Source: src}, StateIsolated)
			if err != nil {
				t.Fatal(err)
			}
			if p.plan.Mode != tc.mode || !strings.Contains(p.plan.Reason, tc.reason) {
				t.Errorf("reset %s (%s), want %s (%s)", p.plan.Mode, p.plan.Reason, tc.mode, tc.reason)
			}
			if err := diffIsolation(t, src, diffCalls); err != nil {
				t.Error(err)
			}
		})
	}
}

// pinnedHelperSource returns esbuild's helper statements by name, as
// vm/isolation/esbuild_helpers.js pins them.
func pinnedHelperSource(tb testing.TB, names ...string) string {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("isolation", "esbuild_helpers.js"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, name := range names {
		text := string(data)
		i := strings.Index(text, "\nvar "+name+" = ")
		if i < 0 {
			tb.Fatalf("no helper %s", name)
		}
		text = text[i+1:]
		if j := strings.Index(text, "\nvar __"); j >= 0 {
			text = text[:j+1]
		}
		out = append(out, text)
	}
	return strings.Join(out, "")
}

// helperModeCase is a script using esbuild's helpers, with its reset.
type helperModeCase struct {
	name, src string
	mode      isolation.Mode
	reason    string
}

// helperModeCases: esbuild's helpers are trusted only as esbuild emits and
// calls them. Each script is a bundle-like function around the helpers, as
// jsbuild wraps a bundle.
func helperModeCases(tb testing.TB) []helperModeCase {
	cjs := pinnedHelperSource(tb, "__create", "__defProp", "__getOwnPropDesc", "__getOwnPropNames", "__getProtoOf",
		"__hasOwnProp", "__commonJS", "__copyProps", "__toESM")
	gen := pinnedHelperSource(tb, "__knownSymbol", "__typeError", "__await", "__asyncGenerator", "__yieldStar", "__forAwait")
	bundle := func(helpers, body string) string {
		return "var __tykve_module = (function () {\n" + helpers + body +
			"\nreturn { handler: handler };\n})();\nvar handler = __tykve_module.handler;\n"
	}
	module := `var require_m = __commonJS({ "m.js"(exports, module) { var n = 0; module.exports = function () { return ++n; }; } });
var import_m = __toESM(require_m());
function handler(request) { return TykJsResponse({Body: String((0, import_m.default)()), Code: 200}, null); }`
	return []helperModeCase{
		{"esbuild helpers: CommonJS interop", bundle(cjs, module), isolation.Replay, "builds objects"},
		{"esbuild helpers at the top level", cjs + module, isolation.Replay, "builds objects"},
		{"esbuild helpers at the top level, one rebound", cjs + module + `
function g() { __commonJS = function () {} }`, isolation.Fresh, "calls a value that may be a built-in"},
		{"esbuild helpers: async generator", bundle(gen, `var seen = 0;
function numbers() { return __asyncGenerator(this, arguments, function* () { yield 1; yield new __await(null); yield* __yieldStar([2]); seen++; }); }
async function drain() { try { for (var iter = __forAwait(numbers()), more, temp, error; more = !(temp = await iter.next()).done; more = false) { const n = temp.value; seen += n; } } catch (temp) { error = [temp]; } finally { try { more && (temp = iter.return) && await temp.call(iter); } finally { if (error) throw error[0]; } } }
function handler(request) { var was = seen; drain(); return TykJsResponse({Body: String(was), Code: 200}, null); }`), isolation.Replay, "builds objects"},
		{"esbuild helper given a built-in", bundle(cjs, module+`
function g() { __defProp(Math, "polluted", {value: 1}) }`), isolation.Fresh, "escapes"},
		{"esbuild helper only helpers may call", bundle(cjs, module+`
function g() { __getProtoOf([]).polluted = 1 }`), isolation.Fresh, "only esbuild's helpers"},
		{"esbuild helper called without new", bundle(gen, `function handler(request) { __await(request.Body); return TykJsResponse({Body: "x", Code: 200}, null); }`),
			isolation.Fresh, "without new"},
		{"esbuild helper with another name", bundle(gen, `function handler(request) { var s = __knownSymbol("prototype"); s.polluted = 1; return TykJsResponse({Body: "x", Code: 200}, null); }`),
			isolation.Fresh, "well-known symbol"},
		{"esbuild helper passed on", bundle(cjs, module+`
var dp = __defProp; function g() { dp(Math, "polluted", {value: 1}) }`), isolation.Fresh, "other than by calling it"},
		{"esbuild helper shadowed by a parameter", bundle(cjs, module+`
function g(__copyProps) { return __copyProps }`), isolation.Fresh, "other than by calling it"},
		{"esbuild helper reassigned", bundle(cjs, module+`
function g() { __toESM = function (m) { return m } }`), isolation.Fresh, "only esbuild's helpers"},
		{"esbuild helper changed", bundle(strings.Replace(cjs, "__getOwnPropNames(cb)[0]", "__getOwnPropNames(cb)[1]", 1), module),
			isolation.Fresh, "calls a value that may be a built-in"},
		{"built-in the helpers use declared by the script", bundle(cjs, module+`
var Object = { create: function () { return {} } };`), isolation.Fresh, ""},
		{"esbuild helper with sloppy this in the generator", bundle(gen, `function numbers() { return __asyncGenerator(this, null, function* () { yield this; }); }
function handler(request) { numbers(); return TykJsResponse({Body: "x", Code: 200}, null); }`), isolation.Fresh, "this"},
		{"esbuild helper with this in a strict generator", bundle(gen, `var g = () => __asyncGenerator(this, null, function* () { "use strict"; yield this; });
function handler(request) { g(); return TykJsResponse({Body: "x", Code: 200}, null); }`), isolation.Fresh, "this"},
		{"esbuild helper with this in a strict method's generator", bundle(gen, `class K { gen() { return __asyncGenerator(this, null, function* () { yield this.n; }); } }
function handler(request) { var k = new K(); k.n = 1; k.gen(); return TykJsResponse({Body: "x", Code: 200}, null); }`), isolation.Replay, "builds objects"},
		{"esbuild helper in a class static block", bundle(gen, `class S { static { var __getProtoOf = Object.getPrototypeOf; __getProtoOf([]).polluted = 1; } }
function handler(request) { return TykJsResponse({Body: String([].polluted), Code: 200}, null); }`), isolation.Fresh, "only esbuild's helpers"},
		{"esbuild helper in a class static block, called", bundle("", `class S { static { `+cjs+module+` } }`), isolation.Replay, "builds objects"},
		{"esbuild's require with a require of the script's own", bundle(pinnedHelperSource(tb, "__require"), `function handler(request) {
  require = function () { "use strict"; return this; };
  var g = __require("x"); g.polluted = 1;
  return TykJsResponse({Body: String(typeof polluted), Code: 200}, null); }`), isolation.Fresh, "escapes"},
		{"esbuild helper given sloppy this elsewhere", bundle(gen, `function handler(request) { __forAwait(this); return TykJsResponse({Body: "x", Code: 200}, null); }`),
			isolation.Fresh, "this"},
		{"for await close with the closer kept", bundle(gen, `async function drain(iter) { var more = 1, temp; more && (temp = iter.return) && await temp.call(iter); temp.polluted = 1; }
function handler(request) { return TykJsResponse({Body: "x", Code: 200}, null); }`), isolation.Fresh, "writes .polluted"},
		{"catch parameter assigned a built-in", `function handler(request) { try { throw 1 } catch (e) { e = [].push; e.polluted = 1 } return TykJsResponse({Body: "x", Code: 200}, null); }`,
			isolation.Fresh, "writes .polluted"},
		{"catch parameter apart from a variable of its name", `var e = [].push;
function handler(request) { try { JSON.parse(request.Body) } catch (e) { return TykJsResponse({Body: String([e][0].name), Code: 200}, null); } return TykJsResponse({Body: "ok", Code: 200}, null); }`,
			isolation.Replay, "builds objects"},
	}
}

// TestIsolationHelperMisuse: each helper case gets its reset, and answers
// on a reused runtime what it answers on a new one.
func TestIsolationHelperMisuse(t *testing.T) {
	t.Parallel()
	for _, tc := range helperModeCases(t) {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := compileScript(Script{Name: "t.js", Source: tc.src}, StateIsolated)
			if err != nil {
				t.Fatal(err)
			}
			if p.plan.Mode != tc.mode || !strings.Contains(p.plan.Reason, tc.reason) {
				t.Errorf("reset %s (%q), want %s (reason containing %q)", p.plan.Mode, p.plan.Reason, tc.mode, tc.reason)
			}
			if err := diffIsolation(t, tc.src, diffCalls); err != nil && !errors.Is(err, errNotLoaded) {
				t.Error(err)
			}
		})
	}
}

// BenchmarkIsolationBundle compares built handlers per reset: a pure
// TypeScript bundle (isolated, the reference), and bundles with esbuild's
// helpers — lowered async generators (jsbuild's testdata/lowering/
// features.ts) and a CommonJS import that caches (bench_cjs.ts) — isolated
// as before this analysis knew the helpers (a new runtime per call, forced
// here by a sloppy `this`), isolated now (replayed), and in shared state.
// Run the variants in one go (-count 3 interleaves them) and compare
// ratios to the reference and allocations per call:
//
//	go test ./vm -run XXX -bench IsolationBundle -benchtime 2000x -count 3
func BenchmarkIsolationBundle(b *testing.B) {
	forceNew := "function __tykve_bench_self() { return this }\n"
	cfg, err := NewConfigObject("api-bench", "org-bench", map[string]interface{}{"k": "v"}, true)
	if err != nil {
		b.Fatal(err)
	}
	req := &Request{Headers: map[string][]string{}, Params: map[string][]string{}, Body: []byte("[]"), URL: "/", Scheme: "http"}
	for _, v := range []struct {
		name, entry, function, prefix string
		state                         State
		mode                          string
	}{
		{"pure-ts/isolated", "../../../../jsbuild/testdata/module/orders.ts", "handler", "", StateIsolated, "replay"},
		{"lowering/isolated-before", "../../../../jsbuild/testdata/lowering/features.ts", "features", forceNew, StateIsolated, "new runtime"},
		{"lowering/isolated-after", "../../../../jsbuild/testdata/lowering/features.ts", "features", "", StateIsolated, "replay"},
		{"lowering/shared", "../../../../jsbuild/testdata/lowering/features.ts", "features", "", StateShared, ""},
		{"cjs/isolated-before", "bench_cjs.ts", "handler", forceNew, StateIsolated, "new runtime"},
		{"cjs/isolated-after", "bench_cjs.ts", "handler", "", StateIsolated, "replay"},
		{"cjs/shared", "bench_cjs.ts", "handler", "", StateShared, ""},
	} {
		v := v
		b.Run(v.name, func(b *testing.B) {
			src := v.prefix + buildBundle(b, v.entry, false)
			p := newTestPool(b, func(c *PoolConfig) { c.State, c.MaxRuntimes, c.Prewarm = v.state, 1, 1 }, src)
			if got := p.globals.plan.Mode.String(); v.mode != "" && got != v.mode {
				b.Fatalf("reset %s, want %s", got, v.mode)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := p.Call(context.Background(), &Call{Function: v.function, Request: req, Session: []byte(`{}`), Config: cfg}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestEsbuildHelpersPinned: every helper esbuild emits into the fixtures'
// bundles (and jsbuild's own test entries) is one the analysis pins
// (vm/isolation/esbuild_helpers.js), and the bundles are not given a new
// runtime per call. After an esbuild upgrade this names the helper whose
// text must be pinned again.
func TestEsbuildHelpersPinned(t *testing.T) {
	t.Parallel()
	pinned, err := os.ReadFile(filepath.Join("isolation", "esbuild_helpers.js"))
	if err != nil {
		t.Fatal(err)
	}
	helper := regexp.MustCompile(`(?m)^var (__[A-Za-z]+) = `)
	entries := []string{"cjs_state.ts", "npm_cache.ts", "async_gen.ts", "class_static.ts", "reexport.ts", "bench_cjs.ts", "dyn_require.ts", "async_handler.ts",
		"../../../../jsbuild/testdata/npm/entry.mjs", "../../../../jsbuild/testdata/lowering/features.ts",
		"../../../../jsbuild/testdata/cjs/entry.cjs", "../../../../jsbuild/testdata/module/orders.ts"}
	for _, entry := range entries {
		src := buildBundle(t, entry, false)
		for _, m := range helper.FindAllStringSubmatch(src, -1) {
			if !strings.Contains(string(pinned), "\nvar "+m[1]+" = ") {
				t.Errorf("%s: esbuild emitted the helper %s, which vm/isolation/esbuild_helpers.js does not pin", entry, m[1])
			}
		}
		p, err := compileScript(Script{Name: "bundle.js", Source: src}, StateIsolated)
		if err != nil {
			t.Fatal(err)
		}
		if p.plan.Mode == isolation.Fresh {
			t.Errorf("%s: a new runtime per call (%s)", entry, p.plan.Reason)
		}
	}
}
