package webapi

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"
)

// TestURLSettersAgainstWPT runs weburl's selection of WPT setter cases
// through the JavaScript URL class.
func TestURLSettersAgainstWPT(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../weburl/testdata/setters.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	tr := newTestRuntime(t)
	tr.eval(t, `var check = function (c) {
		const u = new URL(c.href);
		u[c.attr] = c.value;
		for (const k in c.expected) if (u[k] !== c.expected[k]) return k + " = " + JSON.stringify(u[k]);
		return "";
	}`)
	for _, r := range raw[1:] {
		var c map[string]interface{}
		if err := json.Unmarshal(r, &c); err != nil {
			t.Fatal(err)
		}
		if msg := tr.call(t, "check", c); msg != "" {
			t.Errorf("new URL(%q).%s = %q: %s", c["href"], c["attr"], c["value"], msg)
		}
	}
}

func TestWebAPI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		// URL
		{"invalid URL is a TypeError", `try { new URL("nope") } catch (e) { return [e instanceof TypeError, e.message] }`,
			`[true,"Invalid URL: \"nope\""]`},
		{"relative with base", `return new URL("../x?y#z", "https://h/a/b").href`, `"https://h/x?y#z"`},
		{"href setter throws on failure", `const u = new URL("http://a/"); try { u.href = "::" } catch (e) { return [e.name, u.href] }`,
			`["TypeError","http://a/"]`},
		{"searchParams are live", `const u = new URL("http://a/?x=1"); u.searchParams.append("y", "a b"); u.searchParams.set("x", "2");
			const before = u.href; u.search = "?z=3"; return [before, u.searchParams.get("z"), u.searchParams.has("x")]`,
			`["http://a/?x=2&y=a+b",  "3", false]`},
		{"emptied searchParams remove the query", `const u = new URL("http://a/?x=1#f"); u.searchParams.delete("x"); return u.href`, `"http://a/#f"`},
		{"href setter resets searchParams", `const u = new URL("http://a/?x=1"); const p = u.searchParams; u.href = "http://b/?q=2"; return [p === u.searchParams, p.get("q")]`,
			`[true,"2"]`},
		{"JSON.stringify uses toJSON", `return JSON.stringify({u: new URL("http://a/b")})`, `"{\"u\":\"http://a/b\"}"`},
		{"brand check", `try { Object.getOwnPropertyDescriptor(URL.prototype, "href").get.call({}) } catch (e) { return e instanceof TypeError }`, `true`},
		{"canParse and parse", `return [URL.canParse("x:"), URL.canParse("nope"), URL.parse("nope"), URL.parse("http://a").host]`,
			`[true,false,null,"a"]`},
		{"no own properties", `return Object.keys(new URL("http://a/"))`, `[]`},
		{"toStringTag", `return [String(new URL("http://a")), Object.prototype.toString.call(new URL("http://a"))]`, `["http://a/","[object URL]"]`},
		// URLSearchParams
		{"params from a string", `const p = new URLSearchParams("?a=1&b=%20&a=2&c"); return [...p]`, `[["a","1"],["b"," "],["a","2"],["c",""]]`},
		{"params from pairs and records", `return [new URLSearchParams([["a", 1], ["b", 2]]).toString(), new URLSearchParams({x: "1 2", y: "é"}).toString()]`,
			`["a=1&b=2","x=1+2&y=%C3%A9"]`},
		{"params from params", `const p = new URLSearchParams("a=1"); return new URLSearchParams(p).toString()`, `"a=1"`},
		{"bad pair", `try { new URLSearchParams([["a"]]) } catch (e) { return e instanceof TypeError }`, `true`},
		{"get/getAll/has/delete with value", `const p = new URLSearchParams("a=1&a=2&b=3"); p.delete("a", "1");
			return [p.get("a"), p.getAll("a"), p.has("b", "3"), p.has("b", "4"), p.get("none"), p.size]`,
			`["2",["2"],true,false,null,2]`},
		{"set replaces the first and drops the rest", `const p = new URLSearchParams("a=1&b=2&a=3"); p.set("a", "x"); return p.toString()`, `"a=x&b=2"`},
		{"sort is stable by code units", `const p = new URLSearchParams("z=1&a=2&z=0&\uFFFD=3&\uD83D\uDE00=4"); p.sort(); return [...p.keys()]`,
			`["a","z","z","😀","�"]`},
		{"forEach and iterators", `const p = new URLSearchParams("a=1&b=2"); const seen = []; p.forEach((v, k) => seen.push(k + v));
			return [seen, [...p.values()], [...p.entries()].length]`, `[["a1","b2"],["1","2"],2]`},
		{"serialisation escapes", `return new URLSearchParams({"a b": "~!*'()&=+"}).toString()`, `"a+b=%7E%21*%27%28%29%26%3D%2B"`},
		// TextEncoder / TextDecoder
		{"encode", `return Array.from(new TextEncoder().encode("é€\uD800"))`, `[195,169,226,130,172,239,191,189]`},
		{"encodeInto", `const d = new Uint8Array(4); const r = new TextEncoder().encodeInto("aé€", d); return [r.read, r.written, Array.from(d)]`,
			`[2,3,[97,195,169,0]]`},
		{"decode views and buffers", `const b = new Uint8Array([0xEF,0xBB,0xBF,104,105,0xFF]); const d = new TextDecoder();
			return [d.decode(b), d.decode(b.buffer), d.decode(new DataView(b.buffer, 3, 2)), d.decode(), new TextDecoder("utf8", {ignoreBOM: true}).decode(b.subarray(0, 4))]`,
			`["hi�","hi�","hi","","\uFEFFh"]`},
		{"fatal", `try { new TextDecoder("utf-8", {fatal: true}).decode(new Uint8Array([0xC3])) } catch (e) { return [e.name, new TextDecoder("utf-8", {fatal: true}).fatal] }`,
			`["TypeError",true]`},
		{"stream", `const d = new TextDecoder(); return d.decode(new Uint8Array([0xE2, 0x82]), {stream: true}) + d.decode(new Uint8Array([0xAC]))`, `"€"`},
		{"other labels are a RangeError", `try { new TextDecoder("latin1") } catch (e) { return e instanceof RangeError }`, `true`},
		{"decode of a non-buffer", `try { new TextDecoder().decode("x") } catch (e) { return e instanceof TypeError }`, `true`},
		// atob / btoa
		{"btoa and atob", `return [btoa("hello"), atob("aGVsbG8="), atob(" aGVs bG8 "), btoa("\u00ff"), atob("/w==").charCodeAt(0)]`,
			`["aGVsbG8=","hello","hello","/w==",255]`},
		{"atob error is a DOMException", `try { atob("a") } catch (e) { return [e instanceof DOMException, e instanceof Error, e.name, e.code, String(e)] }`,
			`[true,true,"InvalidCharacterError",5,"InvalidCharacterError: atob: the string to be decoded is not correctly encoded"]`},
		{"btoa error", `try { btoa("€") } catch (e) { return [e.name, e.code] }`, `["InvalidCharacterError",5]`},
		{"atob needs an argument", `try { atob() } catch (e) { return e instanceof TypeError }`, `true`},
		// structuredClone
		{"plain data", `const v = {a: [1, "x", null, undefined, true], n: {m: 2.5}, big: 10n}; const c = structuredClone(v);
			return [c !== v && c.n !== v.n, JSON.stringify(c, (k, x) => typeof x === "bigint" ? String(x) : x), "3" in c.a, c.a.length]`,
			`[true,"{\"a\":[1,\"x\",null,null,true],\"n\":{\"m\":2.5},\"big\":\"10\"}",true,5]`},
		{"cycles and shared references", `const a = {}; a.self = a; const shared = [1]; const v = {a, x: shared, y: shared};
			const c = structuredClone(v); return [c.a.self === c.a, c.x === c.y, c.a !== a]`, `[true,true,true]`},
		{"Date, RegExp, Map, Set", `const d = new Date(0); const m = new Map([[1, {k: "v"}]]); const s = new Set(["a"]);
			const c = structuredClone({d, r: /x+/gi, m, s});
			return [c.d instanceof Date, c.d.getTime(), c.r.source, c.r.flags, c.m.get(1).k, c.m !== m, c.s.has("a")]`,
			`[true,0,"x+","gi","v",true,true]`},
		{"buffers and views", `const b = new ArrayBuffer(4); const u8 = new Uint8Array(b); u8[0] = 7; const u16 = new Uint16Array(b, 2, 1);
			const c = structuredClone({u8, u16}); c.u8[3] = 1;
			return [c.u8.buffer === c.u16.buffer, c.u8.buffer !== b, u8[3], c.u8[0], c.u16.byteOffset, c.u16 instanceof Uint16Array]`,
			`[true,true,0,7,2,true]`},
		{"errors", `const c = structuredClone(new RangeError("r")); return [c instanceof RangeError, c.message]`, `[true,"r"]`},
		{"prototype is not kept", `class K { constructor() { this.x = 1 } } const c = structuredClone(new K()); return [c instanceof K, c.x]`, `[false,1]`},
		{"functions are a DataCloneError", `try { structuredClone({f() {}}) } catch (e) { return [e.name, e.code, e instanceof DOMException] }`,
			`["DataCloneError",25,true]`},
		{"symbols", `try { structuredClone(Symbol("s")) } catch (e) { return e.name }`, `"DataCloneError"`},
		{"platform objects", `try { structuredClone(new URL("http://a")) } catch (e) { return e.name }`, `"DataCloneError"`},
		{"transfer is not supported", `try { structuredClone(new ArrayBuffer(1), {transfer: [new ArrayBuffer(1)]}) } catch (e) { return e.name }`, `"DataCloneError"`},
		{"too deep", `let v = {}; for (let i = 0; i < 2000; i++) v = {v}; try { structuredClone(v) } catch (e) { return e.name }`, `"DataCloneError"`},
		{"DOMException defaults", `const e = new DOMException(); return [e.name, e.message, e.code, new DOMException("m", "AbortError").code]`,
			`["Error","",0,20]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := newTestRuntime(t)
			got := tr.evalJSON(t, tt.src)
			if compact(t, got) != compact(t, tt.want) {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// compact re-encodes JSON so that spacing in the wanted text is free.
func compact(t *testing.T, s string) string {
	var v interface{}
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return mustJSON(t, v)
}

func TestConsole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src   string
		level logrus.Level
		msg   string
	}{
		{`console.log("a", 1, true, null, undefined)`, logrus.InfoLevel, "a 1 true null undefined"},
		{`console.info({a: [1, {b: "x"}], s: "q"})`, logrus.InfoLevel, `{ a: [ 1, { b: "x" } ], s: "q" }`},
		{`console.warn("%s=%d%%", "n", 4.7, "rest")`, logrus.WarnLevel, "n=4.7% rest"},
		{`console.error("%i|%j|%o", 4.7, {a: 1}, [1])`, logrus.ErrorLevel, `4|{"a":1}|[ 1 ]`},
		{`console.debug(new Map([[1, 2]]), new Set(["x"]))`, logrus.DebugLevel, `Map(1) { 1 => 2 } Set(1) { "x" }`},
		{`const o = {}; o.o = o; console.log(o)`, logrus.InfoLevel, "{ o: [Circular] }"},
		{`console.log({a: {b: {c: {d: 1}}}})`, logrus.InfoLevel, "{ a: { b: { c: [Object] } } }"},
		{`console.log(new URL("http://a/b"), function f() {}, Symbol("s"), 5n)`, logrus.InfoLevel, `URL "http://a/b" [Function: f] Symbol(s) 5n`},
		{`console.log({get g() { throw new Error("no") }})`, logrus.InfoLevel, "{ g: [Getter] }"},
		{`console.log("x".repeat(100))`, logrus.InfoLevel, strings.Repeat("x", 64) + "… (36 more bytes)"},
	}
	for _, tt := range tests {
		tr := newTestRuntime(t)
		tr.eval(t, tt.src)
		e := tr.hook.LastEntry()
		if e == nil {
			t.Fatalf("%s: nothing logged", tt.src)
		}
		if e.Message != tt.msg || e.Level != tt.level {
			t.Errorf("%s: logged %v %q, want %v %q", tt.src, e.Level, e.Message, tt.level, tt.msg)
		}
		for k, want := range map[string]string{"api_id": "api1", "endpoint": "/ep", "function": "handler", "type": "console"} {
			if e.Data[k] != want {
				t.Errorf("%s: field %s = %v, want %s", tt.src, k, e.Data[k], want)
			}
		}
	}
}

func TestConsoleSilentWithoutLogger(t *testing.T) {
	tr := newTestRuntime(t)
	tr.silent = true
	tr.eval(t, `console.log("x")`)
	if n := len(tr.hook.AllEntries()); n != 0 {
		t.Fatalf("%d entries logged", n)
	}
}

func TestErrorStack(t *testing.T) {
	tr := newTestRuntime(t)
	tr.eval(t, `console.error(new Error("boom"))`)
	if e := tr.hook.LastEntry(); e == nil || !strings.HasPrefix(e.Message, "Error: boom") {
		t.Fatalf("got %+v", e)
	}
}
