package vm

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/tyk-ve/tyk-ve/vm/isolation"
)

// isolationFragments are the building blocks of generated isolation
// scripts: top-level code and a handler statement that records what it sees
// in obs (and then changes something). "$" becomes a suffix unique to the
// fragment's position. Each covers a way state could outlive a call:
// bindings, closures, generators, class statics, the Symbol registry, a
// regexp's lastIndex, WeakMaps, eval and Function, with, getters and
// definitions on the global object, arguments.callee, labels, top-level
// this, built-in prototypes and namespaces reached by name and without it,
// prototype pollution driven by the request, the TykJS namespace.
var isolationFragments = [][2]string{
	{`var n$ = 0;`, `obs.push(n$++);`},
	{`let l$ = 1;`, `obs.push(l$); l$ = l$ * 2;`},
	{`const c$ = {v: 0};`, `obs.push(c$.v++);`},
	{`const k$ = 5;`, `try { k$ = 6 } catch (e) { obs.push(e.name) } obs.push(k$);`},
	{``, `obs.push(typeof g$); g$ = 1;`},
	{`var o$ = {globalThis};`, `obs.push(typeof o$.globalThis.s$); o$.globalThis.s$ = 1;`},
	{``, `obs.push(typeof f$); (function () {}).constructor("f$ = 1")();`},
	{`function h$() {}`, `Object.assign(h$, {n: (h$.n || 0) + 1}); obs.push(h$.n);`},
	{``, `obs.push(typeof [].p$); Array.prototype.p$ = 1;`},
	{``, `obs.push(({}).q$ === undefined); Object.prototype.q$ = 1;`},
	{`function T$() {} T$.prototype.c = 0;`, `var t$ = new T$(); obs.push(t$.c); T$.prototype.c++;`},
	{`var ctr$ = (function () { var n = 0; return function () { return ++n } })();`, `obs.push(ctr$());`},
	{`function* gen$() { var i = 0; while (true) yield i++ } var it$ = gen$();`, `obs.push(it$.next().value);`},
	{`class C$ { static n = 0; static inc() { return ++C$.n } }`, `obs.push(C$.inc());`},
	{`var s$ = Symbol.for("s$");`, `obs.push(Symbol.for("s$") === s$, Symbol.keyFor(s$));`},
	{`var re$ = /a/g;`, `var m$ = re$.exec("aaa"); obs.push(m$ && m$.index, re$.lastIndex);`},
	{`var wm$ = new WeakMap(), key$ = {};`, `wm$.set(key$, (wm$.get(key$) || 0) + 1); obs.push(wm$.get(key$));`},
	{``, `obs.push(typeof e$); (0, eval)("e$ = 1");`},
	{``, `obs.push(typeof de$); eval("var de$ = 1; dg$ = typeof dg$"); obs.push(dg$);`},
	{``, `obs.push(typeof nf$); new Function("nf$ = 1")();`},
	{``, `var w$ = {}; with (w$) { obs.push(typeof wv$); wv$ = 1; }`},
	{``, `obs.push(String(globalThis.gt$)); Object.defineProperty(globalThis, "gt$", {get: function () { return "g" }, configurable: true});`},
	{``, `obs.push(typeof dp$); try { Object.defineProperty(globalThis, "dp$", {value: 1}) } catch (e) { obs.push(e.name) }`},
	{`function ac$() { var f = arguments.callee; var was = f.n; f.n = 1; return was }`, `obs.push(String(ac$()));`},
	{`var lb$ = 0;`, `outer$: for (var i = 0; i < 3; i++) { for (var j = 0; j < 3; j++) { if (j == 1) continue outer$; lb$++ } } obs.push(lb$);`},
	{`var self$ = this;`, `obs.push(typeof self$.ts$); self$.ts$ = 1;`},
	{``, `var p$ = [].push; obs.push(typeof p$.st$); p$.st$ = 1;`},
	{`function merge$(t, s) { for (var k in s) { if (typeof s[k] === "object" && s[k] !== null) { if (!t[k]) t[k] = {}; merge$(t[k], s[k]) } else t[k] = s[k] } }`,
		`obs.push(String(({}).pol$)); merge$({}, JSON.parse('{"__proto__": {"pol$": "yes"}}'));`},
	{``, `var hk$ = request.Body, holder$ = {}; holder$[hk$].pp$ = (holder$[hk$].pp$ || 0) + 1; obs.push(holder$[hk$].pp$);`},
	{``, `obs.push(typeof TykJS.tj$); TykJS.tj$ = 1;`},
	{`var mw$ = new TykJS.TykMiddleware.NewMiddleware({});`, `obs.push(typeof mw$.ReturnData.t$); mw$.ReturnData.t$ = 1;`},
	{``, `obs.push(typeof b64enc); b64enc = 1;`},
	{``, `var it$ = [].values(), ip$ = Object.getPrototypeOf(it$); obs.push(typeof ip$.ip$); ip$.ip$ = 1;`},
	{``, `try { null.x } catch (e) { var ep$ = e.__proto__; obs.push(typeof ep$.ep$); ep$.ep$ = 1 }`},
	{`var so$ = { m() { return super.hasOwnProperty } };`, `var hf$ = so$.m(); obs.push(typeof hf$.sp$); hf$.sp$ = 1;`},
	{`var d$ = new Date(0);`, `obs.push(d$.getTime()); d$.setTime(d$.getTime() + 1);`},
	{`var arr$ = [1, 2, 3];`, `obs.push(arr$.length); arr$.push(request.Body.length);`},
	{``, `var cls$ = class { static f = 1 }; obs.push(cls$.f++);`},
	{`var ctr2$ = 0; function bump$() { return ++ctr2$ }`, `obs.push(bump$());`},
	{`var tpl$ = null; function tag$(s) { return s }`, "var tt$ = tag$`ab`; obs.push(tpl$ === tt$); tpl$ = tt$;"},
	{``, `obs.push(typeof Object.ks$); Object.ks$ = 1;`},
	{``, `var sm$ = String.prototype; obs.push(typeof "".sm$); sm$.sm$ = 1;`},
	{`let lz$;`, `obs.push(String(lz$)); lz$ = request.URL;`},
	{``, `obs.push(request.Headers["X-Call"][0], request.Params.n[0], request.Body);`},
	{``, `session.meta_data.m$ = (session.meta_data.m$ || 0) + 1; obs.push(session.meta_data.m$);`},
	{``, `config.config_data.c$ = (config.config_data.c$ || 0) + 1; obs.push(config.config_data.c$);`},
	{``, `obs.push(typeof Math.mx$); Math.mx$ = 1;`},
	{``, `var gp$ = Object.getPrototypeOf(function* () {}); obs.push(typeof gp$.gp$); gp$.gp$ = 1;`},
	{``, `obs.push(Object.keys(globalThis).length);`},
	{`var cache$ = {};`, `obs.push(Object.keys(cache$).length); cache$[request.Body] = 1;`},
	{``, `var fr$ = Object.freeze; obs.push(typeof fr$.fz$); fr$.fz$ = 1;`},
	{``, `obs.push(typeof JSON.parse); if (request.Body === "y") JSON = {stringify: function () { return "[]" }};`},
	{`function Base$() {} Base$.prototype.hi = function () { return "hi" };`, `var b$ = new Base$(); obs.push(b$.hi()); Base$.prototype.hi = function () { return "changed" };`},
	{``, `var hp$ = {}.hasOwnProperty; obs.push(typeof hp$.hp$); hp$.hp$ = 1;`},
	{``, `var args$ = (function () { return arguments })(1); obs.push(typeof args$.callee.ca$); args$.callee.ca$ = 1;`},
	{`var calls$ = 0; var api$ = { inc() { return ++calls$ } };`, `obs.push(api$.inc());`},
	{``, `var {constructor: K$} = {}; obs.push(typeof K$.kd$); K$.kd$ = 1;`},
	{``, `var ob$ = {}; ob$[request.Body] = {}; obs.push(Object.keys(ob$).length);`},
	{`ig$ = (typeof ig$ === "number" ? ig$ : 0) + 1;`, `obs.push(ig$); ig$ += 10;`},
	{`var hd$ = {"Content-Type": "application/json"}, seen$ = new Set();`, `obs.push(seen$.size, hd$["X-N"]); seen$.add(1); hd$["X-N"] = request.Body;`},
	{`class Q$ { static count = 0; constructor() { Q$.count++ } }`, `new Q$(); obs.push(Q$.count);`},
	{`var grid$ = [[1], [2]];`, `for (var i$ = 0; i$ < grid$.length; i$++) { grid$[i$].push(i$); obs.push(grid$[i$].length) }`},
	{``, `var idx$ = 0; idx$ = request.Body; var box$ = {}; try { box$[idx$].ix$ = (box$[idx$].ix$ || 0) + 1; obs.push(box$[idx$].ix$) } catch (e) { obs.push(e.name) }`},
	{`var src$ = {a: {n: 1}, b: {n: 2}};`, `for (var k$ in src$) { src$[k$].n++; obs.push(src$[k$].n) }`},
	{``, `var js$ = JSON.parse('{"__proto__": {"v": 1}, "x": {"v": 2}}'); Object.keys(js$).forEach(function (k) { js$[k].v++; obs.push(js$[k].v) }); obs.push(typeof ({}).v);`},
	{``, `var px$ = new Proxy({}, {ownKeys: function () { return ["constructor"] }, getOwnPropertyDescriptor: function () { return {enumerable: true, configurable: true, value: 1} }}); for (var pk$ in px$) { obs.push(typeof px$[pk$].px$); px$[pk$].px$ = 1 }`},
	{`var cp$ = [].push;`, `try { throw 1 } catch (cp$) { obs.push(typeof cp$); cp$ = [].push; obs.push(typeof cp$.cq$); cp$.cq$ = 1 }`},
	{`var ce$ = [].concat;`, `try { JSON.parse("{") } catch (ce$) { var hold$ = [ce$]; obs.push(hold$[0].name); hold$[0].seen$ = (hold$[0].seen$ || 0) + 1; obs.push(hold$[0].seen$) }`},
}

// helperFragments use esbuild's runtime helpers as bundles do (pinned in
// vm/isolation/esbuild_helpers.js): CommonJS interop with module state,
// a lowered async generator whose promise jobs change state, and the
// helpers at the top level called in ways their contracts refuse.
func helperFragments() [][2]string {
	data, err := os.ReadFile(filepath.Join("isolation", "esbuild_helpers.js"))
	if err != nil {
		panic(err)
	}
	all := string(data)
	pick := func(names ...string) string {
		var out strings.Builder
		for _, name := range names {
			text := all[strings.Index(all, "\nvar "+name+" = ")+1:]
			if j := strings.Index(text, "\nvar __"); j >= 0 {
				text = text[:j+1]
			}
			out.WriteString(text)
		}
		return out.String()
	}
	cjs := pick("__create", "__defProp", "__getOwnPropDesc", "__getOwnPropNames", "__getProtoOf", "__hasOwnProp",
		"__commonJS", "__copyProps", "__toESM")
	gen := pick("__knownSymbol", "__typeError", "__await", "__asyncGenerator", "__yieldStar", "__forAwait")
	return [][2]string{
		{"var cj$ = (function () {\n" + cjs + `var require_m = __commonJS({ "m.js"(exports, module) { var n = 0; module.exports = { hit: function () { return ++n; }, tags: [] }; } });
var m = __toESM(require_m());
return { hit: function (b) { m.default.tags.push(b); return m.default.hit() + "/" + m.hit() + "/" + m.default.tags.length; } };
})();`, `obs.push(cj$.hit(request.Body));`},
		{"var ag$ = (function () {\n" + gen + `var total = 0;
function nums() { return __asyncGenerator(this, arguments, function* () { yield 1; yield new __await(null); yield* __yieldStar([2]); total++; }); }
async function drain() { try { for (var iter = __forAwait(nums()), more, temp, error; more = !(temp = await iter.next()).done; more = false) { const n = temp.value; total += n; } } catch (temp) { error = [temp]; } finally { try { more && (temp = iter.return) && await temp.call(iter); } finally { if (error) throw error[0]; } } }
return { run: function () { var was = total; drain(); return was; } };
})();`, `obs.push(ag$.run());`},
		{cjs, `var pm$ = __toESM({k: 1}); obs.push(pm$.k, typeof pm$.hk$); pm$.hk$ = 1; try { __defProp(Object.prototype, "hd$", {value: 1, configurable: true}) } catch (e) { obs.push(e.name) } obs.push(typeof ({}).hd$);`},
		{gen, `obs.push(typeof __knownSymbol("iterator")); var ks$ = __knownSymbol(request.Body); obs.push(typeof ks$); try { ks$.kp$ = 1 } catch (e) { obs.push(e.name) }`},
	}
}

// splitmix is a small deterministic generator (SplitMix64).
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

var (
	fragmentsOnce sync.Once
	// confinedFragments index the fragments that, alone, are reset by
	// restoring or replaying; the others get a new runtime.
	confinedFragments, otherFragments []int
)

func splitFragments() {
	isolationFragments = append(isolationFragments, helperFragments()...)
	for i, f := range isolationFragments {
		src := strings.ReplaceAll(f[0]+"\nfunction handler(request, session, config) { var obs = []; "+f[1]+" }", "$", "_0")
		p, err := compileScript(Script{Name: "f.js", Source: src}, StateIsolated)
		if err == nil && p.plan.Mode != isolation.Fresh {
			confinedFragments = append(confinedFragments, i)
		} else {
			otherFragments = append(otherFragments, i)
		}
	}
}

// generateIsolationScript composes one to five fragments (in two scripts of
// three only from those the analysis finds confined, so that restoring and
// replaying are exercised as much as new runtimes), each handler statement wrapped
// so that an exception is recorded rather than ending the call, sometimes
// in strict mode.
func generateIsolationScript(seed uint64) string {
	fragmentsOnce.Do(splitFragments)
	rng := splitmix(seed)
	var top, body strings.Builder
	if rng.next()%6 == 0 {
		top.WriteString("\"use strict\";\n")
	}
	n := 1 + int(rng.next()%5)
	hostile := rng.next()%3 == 0
	for i := 0; i < n; i++ {
		from := confinedFragments
		if hostile && rng.next()%2 == 0 {
			from = otherFragments
		}
		f := isolationFragments[from[rng.next()%uint64(len(from))]]
		suffix := "_" + strconv.Itoa(i)
		top.WriteString(strings.ReplaceAll(f[0], "$", suffix) + "\n")
		body.WriteString("\ttry { " + strings.ReplaceAll(f[1], "$", suffix) +
			" } catch (e) { obs.push(\"E:\" + (e && e.name)) }\n")
	}
	return top.String() + "function handler(request, session, config) {\n\tvar obs = [];\n" + body.String() +
		"\treturn TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {\"X-Obs\": String(obs.length)}}, session.meta_data);\n}\n"
}
