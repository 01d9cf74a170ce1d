package vm

import (
	"sort"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/isolation"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// TestPlatformKeepsTheCheapReset: the platform globals (URL, console, …)
// and their methods' names must not make ordinary Tyk scripts look as if
// they could reach a built-in: request.URL, data.error and data.info are
// the scripts' own values, and such scripts keep the restore reset.
func TestPlatformKeepsTheCheapReset(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		echoSrc,
		`function f(r, s, c) { var d = JSON.parse(r.Body);
			return TykJsResponse({Body: JSON.stringify({error: d.error, info: d.info, warn: d.warn, debug: d.debug, url: r.URL,
				console: d.console, timers: [d.setTimeout, d.queueMicrotask]}), Code: 200}, s.meta_data) }`,
	} {
		p := newTestPool(t, nil, src)
		if mode := p.globals.plan.Mode; mode != isolation.Restore {
			t.Errorf("%s\nmode %v (%s), want restore", src, mode, p.globals.plan.Reason)
		}
	}
}

// TestPlatformGlobalsThroughTheGlobalObject: a platform global reached
// through the global object is still a built-in to the analysis; a script
// that changes one is not given the restore reset.
func TestPlatformGlobalsThroughTheGlobalObject(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		`function f() { globalThis.URL.evil = 1; return TykJsResponse({Body: "x", Code: 200}, null) }`,
		`function f() { var c = globalThis.console; c.extra = 1; return TykJsResponse({Body: "x", Code: 200}, null) }`,
		`function f() { var g = globalThis; g.setTimeout.x = 1; return TykJsResponse({Body: "x", Code: 200}, null) }`,
		`function f() { keep(globalThis.structuredClone); return TykJsResponse({Body: "x", Code: 200}, null) } function keep(v) { return v }`,
	} {
		p := newTestPool(t, nil, src)
		if mode := p.globals.plan.Mode; mode == isolation.Restore {
			t.Errorf("%s\nmode %v, want a replay or a new runtime", src, mode)
		}
	}
}

// TestAPIGlobalsComplete: globalsOf lists exactly the globals a runtime
// with those optional areas gets (Tyk's API and the platform areas;
// built-ins are not enumerable), so isolation resets know every one of
// them; apiGlobals is every area's.
func TestAPIGlobalsComplete(t *testing.T) {
	t.Parallel()
	sets := []areaSet{0, allAreas}
	for _, a := range optionalAreas {
		sets = append(sets, a.bit.withNeeds())
	}
	for _, set := range sets {
		rt := goja.New()
		if _, _, err := installAPI(rt, tykapi.Env{Log: testLogger(), Host: &Host{}, Limits: Limits{}.WithDefaults()}, set); err != nil {
			t.Fatal(err)
		}
		got := rt.GlobalObject().Keys()
		want := append([]string(nil), globalsOf(set)...)
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("areas %v: installed %v\nglobalsOf lists %v", set, got, want)
		}
	}
	if strings.Join(apiGlobals, ",") != strings.Join(globalsOf(allAreas), ",") {
		t.Errorf("apiGlobals %v is not every area's", apiGlobals)
	}
}

// TestOneDOMException: Web Crypto's errors and the Web platform's are
// instances of the one DOMException global.
func TestOneDOMException(t *testing.T) {
	t.Parallel()
	body, err := runVE(t, nil, `
		var a, b;
		try { crypto.getRandomValues(new Uint8Array(70000)) } catch (e) { a = e }
		try { atob("!") } catch (e) { b = e }
		return [a instanceof DOMException, a.name, a.code, b instanceof DOMException, b.code].join(",");`)
	if err != nil {
		t.Fatal(err)
	}
	if body != "true,QuotaExceededError,22,true,5" {
		t.Fatalf("got %q", body)
	}
}
