package vm

import (
	"fmt"
	"math/rand"
	"strings"
)

// hostileGen writes hostile virtual-endpoint bodies (see veSource): data
// nested in every position, proxy chains, bound chains, built-ins installed
// as toString/valueOf/toJSON/getters of each other, recursion through
// JavaScript callbacks, source nested for eval, huge sparse arrays, and
// combinations of these. Each script builds its structure inside a
// try/catch (a guard may stop the build) and then hands it to a sink that
// makes goja walk it.
type hostileGen struct {
	r *rand.Rand
}

func newHostileGen(seed int64) *hostileGen { return &hostileGen{r: rand.New(rand.NewSource(seed))} }

func (g *hostileGen) pick(items ...string) string { return items[g.r.Intn(len(items))] }

// depth is deep enough to exhaust a 32 MiB Go stack on most unguarded
// paths, or shallow enough to pass every guard.
func (g *hostileGen) depth() int {
	return []int{50, 3000, 30000, 100000, 300000}[g.r.Intn(5)]
}

// script returns a family name and a body.
func (g *hostileGen) script() (string, string) {
	families := []struct {
		name string
		gen  func() string
	}{
		{"nested data", g.nestedData},
		{"proxy chain", g.proxyChain},
		{"built-in conversions", g.conversions},
		{"bound chain", g.boundChain},
		{"javascript recursion", g.jsRecursion},
		{"source nesting", g.sourceNesting},
		{"sparse arrays", g.sparse},
		{"combination", g.combination},
	}
	f := families[g.r.Intn(len(families))]
	return f.name, f.gen()
}

// wrap returns a body that builds o over depth levels with build (an
// expression of o and i), then runs each sink in its own try.
func (g *hostileGen) wrap(depth int, init, build string, sinks ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "var N = %d, o = %s, out = [];\n", depth, init)
	fmt.Fprintf(&b, "try { for (var i = 0; i < N; i++) { o = %s } } catch (e) { out.push('build: ' + e.name) }\n", build)
	for _, s := range sinks {
		fmt.Fprintf(&b, "try { out.push(String(%s).length) } catch (e) { out.push(e.name) }\n", s)
	}
	b.WriteString("return out.join(',');")
	return b.String()
}

func (g *hostileGen) level() string {
	return g.pick(
		"[o]", "[1, o]", "[o, 1]", "[[], o]", "[0, 0, o, 0]", "[[o]]",
		"{a: o}", "{k: 1, z: o}", "{length: 1, 0: o}", "{length: 2, 1: o, toString: Array.prototype.join}",
		"Object.assign([o], {x: o})", "[{}, {a: [o]}]",
		fmt.Sprintf("(function () { var a = new Array(%d).fill(0); a[%d] = o; return a })()", 3+g.r.Intn(3), g.r.Intn(3)),
	)
}

func (g *hostileGen) dataSink() string {
	return g.pick(
		"String(o)", "o + ''", "`${o}`", "Array.prototype.join.call(o)", "Array.prototype.toLocaleString.call(o)",
		"Array.prototype.flat.call(o, Infinity)", "Array.prototype.flat.call(o, 1e9)", "JSON.stringify(o)", "JSON.stringify(o, null, 2)",
		"JSON.stringify(o, function (k, v) { return v })", "JSON.stringify(o, ['a', 'z', '0', '1', '2'])",
		"Array.from(o)", "[].concat(o)", "Object.keys(o)", "o == 'x'", "Number(o)", "isNaN(o)",
		"Array.prototype.sort.call(o)", "Array.prototype.flatMap.call(o, function (x) { return x })",
		"JSON.parse(JSON.stringify(o), function (k, v) { return v })", "Object.prototype.toString.call(o)",
	)
}

func (g *hostileGen) nestedData() string {
	build := g.level()
	if g.r.Intn(3) == 0 { // a different shape at alternate levels
		build = "i % 2 ? " + build + " : " + g.level()
	}
	return g.wrap(g.depth(), g.pick("[]", "{}", "[1]"), build, g.dataSink(), g.dataSink(), g.dataSink())
}

func (g *hostileGen) proxyChain() string {
	handler := g.pick("{}", "{get: Reflect.get}", "{has: Reflect.has, set: Reflect.set}",
		"{ownKeys: Reflect.ownKeys, getOwnPropertyDescriptor: Reflect.getOwnPropertyDescriptor}",
		"{get: function (t, k, r) { return Reflect.get(t, k, r) }}", "{apply: Reflect.apply, construct: Reflect.construct}",
		"{getPrototypeOf: Reflect.getPrototypeOf}", "{deleteProperty: Reflect.deleteProperty}")
	build := g.pick(
		"new Proxy(o, "+handler+")",
		"new Proxy({}, o)",
		"Proxy.revocable(o, "+handler+").proxy",
		"i % 2 ? new Proxy(o, "+handler+") : new Proxy(function () {}, new Proxy(o, {}))",
		"new Proxy(o, new Proxy("+handler+", {}))",
	)
	sinks := []string{"o.x", "'x' in o", "(o.x = 1)", "delete o.x", "Object.keys(o)", "JSON.stringify(o)",
		"o()", "new o()", "Object.getPrototypeOf(o)", "Reflect.ownKeys(o)", "String(o)", "Array.isArray(o)",
		"o instanceof Object", "Object.getOwnPropertyDescriptor(o, 'x')", "Object.assign({}, o)"}
	return g.wrap(g.depth(), g.pick("{}", "function () {}", "[]"), build,
		sinks[g.r.Intn(len(sinks))], sinks[g.r.Intn(len(sinks))], sinks[g.r.Intn(len(sinks))])
}

// builtins are functions that read their input from this (the shape of a
// ToPrimitive or getter call).
var hostileBuiltins = []string{
	"String.prototype.trim", "String.prototype.toUpperCase", "String.prototype.padStart", "String.prototype.concat",
	"String.prototype.at", "String.prototype.split", "String.prototype.normalize", "String.prototype.localeCompare",
	"Array.prototype.join", "Array.prototype.toString", "Array.prototype.toLocaleString", "Array.prototype.pop",
	"Array.prototype.sort", "Array.prototype.indexOf", "Array.prototype.at", "Array.prototype.flat", "Array.prototype.concat",
	"Array.prototype.slice", "Object.prototype.toString", "Object.prototype.toLocaleString", "Object.prototype.valueOf",
	"Object.prototype.hasOwnProperty", "Error.prototype.toString", "Date.prototype.toJSON", "Date.prototype.toString",
	"Date.prototype[Symbol.toPrimitive]", "RegExp.prototype.toString", "RegExp.prototype.test",
	"RegExp.prototype[Symbol.replace]", "Promise.prototype.then", "Promise.prototype.catch", "Promise.prototype.finally",
	"Function.prototype.call", "Function.prototype.apply", "Function.prototype.toString",
	"Object.getOwnPropertyDescriptor(RegExp.prototype, 'flags').get",
	"Object.getOwnPropertyDescriptor(Object.prototype, '__proto__').get", "JSON.stringify", "String", "Number",
}

var hostileKeys = []string{"toString", "valueOf", "toJSON", "join", "then", "length", "global", "name", "message",
	"source", "flags", "exec", "toISOString", "constructor", "catch", "0"}

func (g *hostileGen) conversions() string {
	var b strings.Builder
	b.WriteString("function mk(next) { var o = {next: next, message: ''};\n")
	for n := 1 + g.r.Intn(3); n > 0; n-- {
		fn := hostileBuiltins[g.r.Intn(len(hostileBuiltins))]
		key := hostileKeys[g.r.Intn(len(hostileKeys))]
		switch g.r.Intn(4) {
		case 0:
			fmt.Fprintf(&b, "Object.defineProperty(o, %q, {get: %s, configurable: true});\n", key, fn)
		case 1:
			fmt.Fprintf(&b, "o[Symbol.toPrimitive] = %s;\n", fn)
		default:
			fmt.Fprintf(&b, "o[%q] = %s;\n", key, fn)
		}
	}
	fmt.Fprintf(&b, "o[%q] = next; return o }\n", hostileKeys[g.r.Intn(len(hostileKeys))])
	body := g.wrap(g.depth(), "mk(null)", "mk(o)", "o + 1", "String(o)", "JSON.stringify(o)", "o.x",
		"o.then && o.then()", "Number(o)", "Array.prototype.join.call([o, o])")
	return b.String() + body
}

func (g *hostileGen) boundChain() string {
	build := g.pick(
		"o.bind(null)", "o.bind(null, 1)", "Function.prototype.call.bind(o)", "Reflect.apply.bind(null, o, null, [])",
		"(function (f) { var b = f.bind(null); b.toString = String.bind(null, f); return b })(o)",
	)
	if g.r.Intn(2) == 0 {
		return g.wrap(g.depth(), "{}", g.pick("{toString: String.bind(null, o)}", "{valueOf: Math.abs.bind(null, o)}",
			"{toString: Array.prototype.join.bind([o])}", "{valueOf: Number.bind(null, o)}", "{toJSON: JSON.stringify.bind(null, o)}"),
			"String(o)", "+o", "JSON.stringify(o)", "o + ''")
	}
	return g.wrap(g.depth(), "function () { return 1 }", build, "o()", "new o()", "String(o)", "o.call()", "o.apply(null, [])")
}

func (g *hostileGen) jsRecursion() string {
	return g.wrap(g.depth(), "{v: 1}", g.pick(
		"(function (n) { var x = {}; Object.defineProperty(x, 'v', {get: function () { return n.v }}); return x })(o)",
		"{next: o, toString: function () { return String(this.next) }}",
		"{next: o, valueOf: function () { return +this.next }}",
		"{next: o, toJSON: function () { return this.next }}",
		"[o, 1].sort(function (a, b) { return String(a) < String(b) ? -1 : 1 }) && [o]",
		"{next: o, [Symbol.toPrimitive]: function () { return '' + this.next }}",
		"new Proxy({}, {get: function (t, k) { return o[k] }})",
	), "o.v", "String(o)", "+o", "JSON.stringify(o)", "o.x", "'a'.replace(/a/, function () { return String(o) })")
}

func (g *hostileGen) sourceNesting() string {
	d := []int{1000, 5000, 300000}[g.r.Intn(3)]
	open, close := g.pickPair()
	call := g.pick("eval(s)", "Function(s)()", "new Function('a', s)", "(function* () {}).constructor(s)().next()",
		"(async function () {}).constructor(s)", "new Function(s, 'return 1')")
	return fmt.Sprintf("var s = %s.repeat(%d) + '1' + %s.repeat(%d);\ntry { return String(%s).length } catch (e) { return e.name }", open, d, close, d, call)
}

func (g *hostileGen) pickPair() (string, string) {
	pairs := [][2]string{{"'('", "')'"}, {"'['", "']'"}, {"'{a:'", "'}'"}, {"'-'", "''"}, {"'!'", "''"},
		{"'1+'", "''"}, {"'a='", "''"}, {"'x=>'", "''"}, {"'typeof '", "''"}, {"'if(1)'", "''"}, {"'a.'", "''"},
		{"'f('", "')'"}, {"'`${'", "'}`'"}, {"'(function(){return '", "'})()'"}, {"'{'", "'}'"}, {"'1?1:'", "''"},
		{"'new '", "''"}, {"'void '", "''"}, {"'a:'", "''"}, {"'[[],'", "']'"}}
	p := pairs[g.r.Intn(len(pairs))]
	return p[0], p[1]
}

func (g *hostileGen) sparse() string {
	n := []int{1000, 30000, 100000}[g.r.Intn(3)]
	return fmt.Sprintf("var a = [], L = %d; a[L - 1] = [a]; a[L >> 1] = {toString: Array.prototype.join, length: L};\n", n) +
		"var out = [];\n" +
		"[function () { return a.join() }, function () { return a.sort() }, function () { return a.flat(Infinity) },\n" +
		" function () { return JSON.stringify(a) }, function () { return a.indexOf(7) }, function () { return a.concat(a).length },\n" +
		" function () { return String(a) }, function () { return Object.keys(a).length }, function () { return a.reverse() },\n" +
		" function () { var b = []; b.length = L; return b.fill(b, 0, 10).join() }]\n" +
		fmt.Sprintf("  .sort(function () { return %d - 1 }).forEach(function (f) { try { out.push(String(f()).length) } catch (e) { out.push(e.name) } });\n", g.r.Intn(3)) +
		"return out.join(',');"
}

func (g *hostileGen) combination() string {
	return g.wrap(g.depth(), "[]", g.pick(
		"i % 3 === 0 ? new Proxy([o], {}) : [o]",
		"i % 2 ? {toString: Array.prototype.join.bind([o])} : [o]",
		"Object.create(i % 2 ? [o] : {a: o})",
		"i % 4 === 0 ? new Proxy({a: o}, {get: Reflect.get}) : {a: o, toJSON: i % 3 ? undefined : Date.prototype.toJSON}",
		"[o, {toString: "+hostileBuiltins[g.r.Intn(len(hostileBuiltins))]+", next: o}]",
		"i % 5 ? [o] : (function () { var f = function () { return o }; return f.bind(null) })()",
	), g.dataSink(), g.dataSink(), "o.x", "JSON.stringify(o)")
}
