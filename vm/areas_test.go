package vm

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"

	"github.com/tyk-ve/tyk-ve/jsbuild"
	"github.com/tyk-ve/tyk-ve/vm/isolation"
)

// areasOf is the optional areas a pool of these scripts installs.
func areasOf(t *testing.T, sources ...string) areaSet {
	t.Helper()
	var asts []*ast.Program
	for i, src := range sources {
		tree, err := goja.Parse("s"+string(rune('0'+i))+".js", src, parser.WithDisableSourceMaps)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		asts = append(asts, tree)
	}
	return areasFor(isolation.FindReach(asts))
}

// TestAreasFor: which optional areas a pool's scripts get.
func TestAreasFor(t *testing.T) {
	t.Parallel()
	representative, err := os.ReadFile(filepath.Join("testdata", "representative.js"))
	if err != nil {
		t.Fatal(err)
	}
	fetchNeeds := areaFetch | areaWeb | areaTimers
	for _, tc := range []struct {
		name    string
		sources []string
		want    areaSet
	}{
		{"plain Tyk script", []string{string(representative)}, 0},
		{"Tyk middleware", []string{`var mw = new TykJS.TykMiddleware.NewMiddleware({});
			mw.NewProcessRequest(function (request, session) { request.Headers["X"] = ["1"]; return mw.ReturnData(request, {}) });`}, 0},
		{"Tyk names as properties", []string{`function f(request) { var h = request.Headers; return TykJsResponse({Headers: h, Body: "", Code: 200}, {}) }`}, 0},
		{"fetch", []string{`async function f() { var r = await fetch("http://x/"); return TykJsResponse({Body: await r.text(), Code: 200}, {}) }`}, fetchNeeds},
		{"new Response", []string{`function f() { return new Response("x") }`}, fetchNeeds},
		{"Workers-style handler", []string{`var __tykve_default = { async fetch(request, env) { return null } };`}, fetchNeeds},
		{"crypto.subtle", []string{`function f() { return crypto.subtle.digest("SHA-256", new Uint8Array(1)) }`}, areaCrypto | areaWeb},
		{"URL", []string{`function f(r) { return new URL(r.URL).pathname }`}, areaWeb},
		{"DOMException", []string{`function f(e) { return e instanceof DOMException }`}, areaWeb},
		{"console", []string{`function f() { console.log("x") }`}, areaWeb},
		{"typeof setTimeout", []string{`function f() { return typeof setTimeout }`}, areaTimers},
		{"queueMicrotask", []string{`function f() { queueMicrotask(function () {}) }`}, areaTimers},
		{"TykStorageGet", []string{`function f() { return TykStorageGet("k") }`}, areaStorage},
		{"eval", []string{`function f() { return eval("x") }`}, allAreas},
		{"new Function", []string{`function f() { return new Function("return 1")() }`}, allAreas},
		{"globalThis", []string{`function f(n) { return globalThis[n] }`}, allAreas},
		{"top-level this", []string{`var g = this;`}, allAreas},
		{"arrow at the top level", []string{`var g = () => this;`}, allAreas},
		{"sloppy this", []string{`function f() { return this.x }`}, allAreas},
		{"strict this", []string{`function f() { "use strict"; return this }`}, 0},
		{"strict script", []string{`"use strict"; function f() { return this }`}, 0},
		{"class this", []string{`class C { m() { return this.x } x = this; static { this.y = 1 } }`}, 0},
		{"with", []string{`function f(o) { with (o) { return x } }`}, allAreas},
		{"constructor", []string{`function f(g) { return g.constructor("return 1") }`}, allAreas},
		{"constructor string", []string{`function f(g, k) { return g["constructor"] }`}, allAreas},
		{"class constructor", []string{`class C { constructor(a) { this.a = a } }`}, 0},
		{"shadowed by a parameter", []string{`function f(URL) { return URL }`}, 0},
		{"shadowed by a local", []string{`function f() { var URL = 1; return URL }`}, 0},
		{"shadowed by let in a block", []string{`function f() { { let fetch = 1; return fetch } }`}, 0},
		{"shadowed by a catch", []string{`function f() { try {} catch (crypto) { return crypto } }`}, 0},
		{"shadowed at the top level", []string{`const URL = 1; function f() { return URL }`}, 0},
		{"declared by an earlier script", []string{`function setTimeout() {}`, `function f() { setTimeout() }`}, 0},
		{"declared by a later script", []string{`function f() { setTimeout() }`, `function setTimeout() {}`}, areaTimers},
		{"top-level var reads the global", []string{`var URL = URL || 1;`}, areaWeb},
		{"only in an inner block", []string{`function f() { { let URL = 1 } return URL }`}, areaWeb},
		{"shorthand property", []string{`function f() { return {URL} }`}, areaWeb},
		{"a parameter default", []string{`function f(a = TextEncoder) { return a }`}, areaWeb},
	} {
		if got := areasOf(t, tc.sources...); got != tc.want {
			t.Errorf("%s: areas %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestAreasForBundles: a bundle from tyk-ve build with esbuild's helpers
// (lowered async generators, CommonJS interop) gets the areas it names,
// not every area.
func TestAreasForBundles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	entry := filepath.Join(dir, "entry.ts")
	src := `async function* pages(n: number) { for (let i = 0; i < arguments.length + n; i++) { await null; yield i } }
export async function handler(request: any) {
  const got: number[] = [];
  for await (const p of pages(2)) got.push(p);
  return TykJsResponse({ Body: new URL(request.URL, "http://h/").pathname + got.join(","), Code: 200 }, {});
}
declare function TykJsResponse(r: unknown, m: unknown): unknown;
`
	if err := os.WriteFile(entry, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := jsbuild.Build(jsbuild.Options{Entry: entry, OutFile: filepath.Join(dir, "out.js"), SourceMap: jsbuild.SourceMapNone})
	if err != nil {
		t.Fatal(err)
	}
	if got := areasOf(t, string(res.Code)); got != areaWeb {
		t.Errorf("bundle naming URL: areas %v, want webapi\n%s", got, res.Code)
	}
	for _, tc := range bundleFixtures {
		if tc.minify {
			continue
		}
		if got := areasOf(t, buildBundle(t, tc.entry, false)); got != 0 {
			t.Errorf("%s: areas %v, want none", tc.entry, got)
		}
	}
}

// TestRuntimeCarriesItsAreas: a runtime holds the globals of its pool's
// areas only, and the isolation reset knows exactly those.
func TestRuntimeCarriesItsAreas(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, nil, `function f() { return TykJsResponse({Body: "ok", Code: 200}, {}) }
		var h = {}; h["fe" + "tch"] = function () { return null };`)
	rt, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Release(rt)
	for _, n := range []string{"fetch", "Response", "URL", "DOMException", "setTimeout", "crypto", "TykStorageGet"} {
		if v := rt.vm.GlobalObject().Get(n); v != nil {
			t.Errorf("%s is installed in a runtime whose scripts never name it", n)
		}
	}
	for _, n := range []string{"TykJsResponse", "TykJS", "log", "b64enc"} {
		if rt.vm.GlobalObject().Get(n) == nil {
			t.Errorf("Tyk's %s is missing", n)
		}
	}
	if got, want := len(rt.platform), len(globalsOf(0)); got != want {
		t.Errorf("the reset snapshot holds %d globals, want %d", got, want)
	}
	if rt.fetch != nil {
		t.Error("a fetch binding in a runtime without fetch")
	}
	_, err = rt.Call(context.Background(), &Call{Function: "h", Workers: &WorkersCall{Method: "GET", URL: "http://h/"}, Request: &Request{}})
	if !errors.Is(err, errWorkersWithoutFetch) {
		t.Errorf("a Workers-style call without fetch: %v, want %v", err, errWorkersWithoutFetch)
	}
}

// areasPool is a pool of src that has not made a runtime yet, with the
// optional areas its scripts reach, or with every area when full is set.
func areasPool(t *testing.T, src string, full bool) *Pool {
	t.Helper()
	cfg := diffPoolConfig(src).withDefaults()
	cfg.Host = &Host{}
	programs, err := compileScripts(cfg.Scripts, cfg.State)
	if err != nil {
		t.Fatal(err)
	}
	p := &Pool{cfg: cfg, programs: programs, globals: mergeGlobals(programs)}
	if full {
		p.globals.areas, p.globals.api = allAreas, globalsOf(allAreas)
	}
	return p
}

// diffAreas reports the first call whose outcome on a new runtime with the
// areas src reaches differs from that on a new runtime with every area.
func diffAreas(t *testing.T, src string, calls int) error {
	t.Helper()
	if _, err := compileScripts([]Script{{Name: "iso.js", Source: src}}, StateIsolated); err != nil {
		return nil // does not compile: alike everywhere
	}
	got, want := areasPool(t, src, false), areasPool(t, src, true)
	run := func(p *Pool, i int) diffOutcome {
		rt, err := newRuntime(p)
		if err != nil {
			return outcome(nil, err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return outcome(rt.Call(ctx, diffCall(t, i)))
	}
	for i := 0; i < calls; i++ {
		a, b := run(got, i), run(want, i)
		if a.category != b.category || a.message != b.message ||
			(a.resp != nil) != (b.resp != nil) || (a.resp != nil && !reflect.DeepEqual(*a.resp, *b.resp)) {
			return fmt.Errorf("call %d (areas %v)\n  with its areas: %s\n  with every area: %s", i+1, got.globals.areas, a, b)
		}
	}
	return nil
}

// TestAreasDifferential: the isolation corpus and generated scripts answer
// with only the areas they reach what they answer with every area.
func TestAreasDifferential(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/isolation/*.js")
	if err != nil || len(files) < 30 {
		t.Fatalf("corpus: %d files, %v", len(files), err)
	}
	var srcs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, string(b))
	}
	for seed := 0; seed < 60; seed++ {
		srcs = append(srcs, generateIsolationScript(uint64(seed)*0x9e3779b97f4a7c15+1))
	}
	partial := 0
	for i, src := range srcs {
		if err := diffAreas(t, src, 2); err != nil {
			t.Fatalf("script %d: %v\nscript:\n%s", i, err, src)
		}
		if p := areasPool(t, src, false); p.globals.areas != allAreas {
			partial++
		}
	}
	t.Logf("%d of %d scripts left an area out", partial, len(srcs))
	if partial < len(srcs)/3 {
		t.Errorf("only %d of %d scripts left an area out: the test compares little", partial, len(srcs))
	}
}
