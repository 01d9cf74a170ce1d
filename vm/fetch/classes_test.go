package fetch

import "testing"

func TestHeaders(t *testing.T) {
	runCases(t, []jsCase{
		{"case-insensitive", `const h = new Headers({"Content-Type": "text/plain"}); return h.get("content-type") + "|" + h.has("CONTENT-TYPE")`, "text/plain|true"},
		{"multi-value joined", `const h = new Headers(); h.append("X-A", "1"); h.append("x-a", " 2 "); return h.get("X-a")`, "1, 2"},
		{"missing is null", `return String(new Headers().get("x"))`, "null"},
		{"set replaces all", `const h = new Headers([["a","1"],["A","2"],["b","3"]]); h.set("a","9"); return JSON.stringify([...h])`, `[["a","9"],["b","3"]]`},
		{"delete", `const h = new Headers({a:"1", b:"2"}); h.delete("A"); return JSON.stringify([...h.keys()])`, `["b"]`},
		{"sorted iteration", `const h = new Headers({zeta:"1", Alpha:"2", mid:"3"}); return JSON.stringify([...h.entries()])`, `[["alpha","2"],["mid","3"],["zeta","1"]]`},
		{"values and keys", `const h = new Headers({b:"2", a:"1"}); return [...h.keys()].join() + "/" + [...h.values()].join()`, "a,b/1,2"},
		{"forEach", `const out = []; new Headers({b:"2", a:"1"}).forEach((v, k, o) => out.push(k + "=" + v + (o instanceof Headers))); return out.join()`, "a=1true,b=2true"},
		{"set-cookie kept apart", `const h = new Headers(); h.append("Set-Cookie","a=1"); h.append("set-cookie","b=2"); return JSON.stringify([h.getSetCookie(), [...h], h.get("set-cookie")])`, `[["a=1","b=2"],[["set-cookie","a=1"],["set-cookie","b=2"]],"a=1, b=2"]`},
		{"copy from Headers", `const a = new Headers({x:"1"}); const b = new Headers(a); a.set("x","2"); return b.get("x")`, "1"},
		{"invalid name", `try { new Headers({"a b": "1"}) } catch (e) { return e.name + ": " + e.message }`, `TypeError: Headers: "a b" is not a valid header name`},
		{"invalid value", `try { new Headers().set("a", "x\r\ny: z") } catch (e) { return e.name }`, "TypeError"},
		{"bad pair", `try { new Headers([["a"]]) } catch (e) { return e.message }`, "Headers: each init entry must have exactly two items, got 1"},
		{"illegal invocation", `new Headers(); try { Headers.prototype.get.call({}, "a") } catch (e) { return e.message }`, "Illegal invocation: receiver is not a Headers"},
		{"toStringTag", `return Object.prototype.toString.call(new Headers())`, "[object Headers]"},
	}, nil)
}

func TestRequest(t *testing.T) {
	runCases(t, []jsCase{
		{"defaults", `const r = new Request("http://example.com/a#f"); return [r.method, r.url, r.redirect, r.bodyUsed, r.signal.aborted].join()`, "GET,http://example.com/a,follow,false,false"},
		{"method normalised", `return new Request("http://x/", {method: "post", body: "b"}).method + new Request("http://x/", {method: "patch"}).method`, "POSTpatch"},
		{"string body and type", `const r = new Request("http://x/", {method: "POST", body: "héllo"}); return r.headers.get("content-type") + "|" + await r.text() + "|" + r.bodyUsed`, "text/plain;charset=UTF-8|héllo|true"},
		{"body used twice", `const r = new Request("http://x/", {method: "POST", body: "a"}); await r.text(); try { await r.text() } catch (e) { return e.name + ": " + e.message }`, "TypeError: Request.text(): body has already been used"},
		{"typed array body", `const r = new Request("http://x/", {method: "PUT", body: new Uint8Array([104, 105])}); return await r.text()`, "hi"},
		{"json body", `const r = new Request("http://x/", {method: "POST", body: JSON.stringify({a: 1})}); return (await r.json()).a`, "1"},
		{"GET with body", `try { new Request("http://x/", {body: "x"}) } catch (e) { return e.message }`, "Request: a GET request cannot have a body"},
		{"object body refused", `try { new Request("http://x/", {method: "POST", body: {a: 1}}) } catch (e) { return e.message }`, "Request: body must be a string, an ArrayBuffer, a typed array, a DataView, URLSearchParams or null, got a Object (to send JSON, pass JSON.stringify(value))"},
		{"relative URL", `try { new Request("/a") } catch (e) { return e.name + ": " + e.message }`, `TypeError: invalid URL "/a": must be absolute (fetch has no base URL at the gateway)`},
		{"forbidden method", `try { new Request("http://x/", {method: "TRACE"}) } catch (e) { return e.message }`, "method TRACE is forbidden"},
		{"bad redirect", `try { new Request("http://x/", {redirect: "no"}) } catch (e) { return e.message }`, `Request: redirect must be "follow", "manual" or "error", got "no"`},
		{"bad signal", `try { new Request("http://x/", {signal: {}}) } catch (e) { return e.message }`, "Request: signal must be an AbortSignal or null"},
		{"from request", `const a = new Request("http://x/", {method: "POST", body: "b", headers: {x: "1"}}); const b = new Request(a); return [b.method, b.headers.get("x"), a.bodyUsed, await b.text()].join()`, "POST,1,true,b"},
		{"clone", `const a = new Request("http://x/", {method: "POST", body: "b"}); const c = a.clone(); return await a.text() + await c.text()`, "bb"},
		{"stream body", `try { new Request("http://x/").body } catch (e) { return e.message }`, "Request.body (a ReadableStream) is not supported by tyk-ve's fetch (no streams, Blob or FormData at the gateway)"},
		{"blob", `try { await new Request("http://x/").blob() } catch (e) { return e.name }`, "TypeError"},
	}, nil)
}

func TestResponse(t *testing.T) {
	runCases(t, []jsCase{
		{"defaults", `const r = new Response("hi"); return [r.status, r.ok, r.statusText, r.type, r.url, r.redirected, r.headers.get("content-type"), await r.text()].join()`, "200,true,,default,,false,text/plain;charset=UTF-8,hi"},
		{"init", `const r = new Response(null, {status: 404, statusText: "Nope", headers: {a: "b"}}); return [r.status, r.ok, r.statusText, r.headers.get("a"), await r.text()].join()`, "404,false,Nope,b,"},
		{"json static", `const r = Response.json({a: [1]}, {status: 201}); return [r.status, r.headers.get("content-type"), JSON.stringify(await r.json())].join()`, `201,application/json,{"a":[1]}`},
		{"json unserialisable", `try { Response.json(undefined) } catch (e) { return e.name }`, "TypeError"},
		{"redirect", `const r = Response.redirect("tyk://self/other", 302); return r.status + " " + r.headers.get("location")`, "302 tyk://self/other"},
		{"redirect bad status", `try { Response.redirect("http://x/", 200) } catch (e) { return e.name }`, "RangeError"},
		{"redirect headers immutable", `try { Response.redirect("http://x/").headers.set("a", "b") } catch (e) { return e.message }`, "Headers: these headers are immutable (a fetch response's)"},
		{"status out of range", `try { new Response("", {status: 600}) } catch (e) { return e.name + ": " + e.message }`, "RangeError: Response: status must be an integer from 200 to 599, got 600"},
		{"null body status", `try { new Response("x", {status: 204}) } catch (e) { return e.message }`, "Response: a 204 response cannot have a body"},
		{"error", `const r = Response.error(); return r.type + r.status`, "error0"},
		{"arrayBuffer and bytes", `const r = new Response(new Uint8Array([1,2,3])); const c = r.clone(); return (await r.arrayBuffer()).byteLength + "," + (await c.bytes()).join("-")`, "3,1-2-3"},
		{"invalid UTF-8 and BOM", `return JSON.stringify(await new Response(new Uint8Array([0xEF,0xBB,0xBF,0x61,0xFF,0x62])).text())`, "\"a\ufffdb\""},
		{"json syntax error", `try { await new Response("{").json() } catch (e) { return e.name }`, "SyntaxError"},
		{"formData", `try { await new Response("").formData() } catch (e) { return e.message }`, "Response.formData() is not supported by tyk-ve's fetch (no streams, Blob or FormData at the gateway)"},
	}, nil)
}

func TestAbort(t *testing.T) {
	runCases(t, []jsCase{
		{"controller", `const c = new AbortController(); const seen = []; c.signal.addEventListener("abort", e => seen.push(e.type)); c.signal.onabort = () => seen.push("on"); c.abort("why"); c.abort("again"); return [c.signal.aborted, c.signal.reason, seen.join("+")].join()`, "true,why,on+abort"},
		{"default reason", `const c = new AbortController(); c.abort(); return c.signal.reason.name + " " + (c.signal.reason instanceof DOMException) + " " + c.signal.reason.code`, "AbortError true 20"},
		{"static abort", `const s = AbortSignal.abort(); try { s.throwIfAborted() } catch (e) { return e.name }`, "AbortError"},
		{"timeout 0", `return AbortSignal.timeout(0).reason.name`, "TimeoutError"},
		{"timeout not yet", `return String(AbortSignal.timeout(60000).aborted)`, "false"},
		{"timeout bad", `try { AbortSignal.timeout(-1) } catch (e) { return e.name }`, "TypeError"},
		{"any", `const a = new AbortController(); const s = AbortSignal.any([a.signal, AbortSignal.timeout(60000)]); a.abort("x"); return s.aborted + " " + s.reason`, "true x"},
		{"remove listener", `const c = new AbortController(); let n = 0; const f = () => n++; c.signal.addEventListener("abort", f); c.signal.removeEventListener("abort", f); c.abort(); return String(n)`, "0"},
		{"once", `const c = new AbortController(); let n = 0; c.signal.addEventListener("abort", () => n++, {once: true}); c.abort(); return String(n)`, "1"},
		{"constructor", `try { new AbortSignal() } catch (e) { return e.name }`, "TypeError"},
	}, nil)
}

// TestLazyClasses: the globals are stubs until first used; instanceof,
// prototypes, statics and subclasses made before the classes are built
// behave as for the classes.
func TestLazyClasses(t *testing.T) {
	runCases(t, []jsCase{
		{"subclass before loading", `class MyHeaders extends Headers { first() { return [...this.keys()][0] } }
			const h = new MyHeaders({b: "1", a: "2"}); return [h.first(), h instanceof Headers, h instanceof MyHeaders, h.get("B")].join()`, "a,true,true,1"},
		{"instanceof across", `const r = Response.json({a: 1}); return [r instanceof Response, r.headers instanceof Headers, new Request("http://x/") instanceof Request, AbortSignal.abort() instanceof AbortSignal].join()`, "true,true,true,true"},
		{"constructor and prototype", `new Headers(); return [Headers.prototype.constructor === Headers, Object.getPrototypeOf(new Headers()) === Headers.prototype, typeof Headers.prototype.append].join()`, "true,true,function"},
		{"call without new", `try { Headers() } catch (e) { return e.name + ": " + e.message }`, "TypeError: Class constructor Headers cannot be invoked without 'new'"},
		{"statics load", `return typeof AbortSignal.timeout + typeof Response.redirect`, "functionfunction"},
		{"names", `return [fetch.name, Headers.name, Response.name, AbortSignal.name].join()`, "fetch,Headers,Response,AbortSignal"},
	}, nil)
}
