package webcrypto

import (
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

type rfcCase struct {
	Name string          `json:"name"`
	JWS  string          `json:"jws"`
	JWK  json.RawMessage `json:"jwk"`
}

func rfcCases(t testing.TB) []rfcCase {
	t.Helper()
	b, err := os.ReadFile("testdata/rfc_jws.json")
	if err != nil {
		t.Fatal(err)
	}
	var cs []rfcCase
	if err := json.Unmarshal(b, &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

// TestRFCJWTsEndToEnd: the RFC 7515 and RFC 8037 JWS verify in JavaScript
// (base64url decoded in JS, key imported from the JWK, verify awaited), and
// changed tokens do not.
func TestRFCJWTsEndToEnd(t *testing.T) {
	t.Parallel()
	for _, c := range rfcCases(t) {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			rt := newRuntime(t)
			if err := rt.Set("jwkText", string(c.JWK)); err != nil {
				t.Fatal(err)
			}
			call := func(token string) goja.Value {
				return fulfilled(t, rt, "verifyJWT("+jsString(token)+", JSON.parse(jwkText))")
			}
			if !call(c.JWS).ToBoolean() {
				t.Fatal("the RFC's token does not verify")
			}
			parts := strings.Split(c.JWS, ".")
			if call(parts[0] + "." + parts[1] + "A." + parts[2]).ToBoolean() {
				t.Error("a changed payload verified")
			}
			sig := []byte(parts[2])
			sig[3] = map[bool]byte{true: 'B', false: 'A'}[sig[3] == 'A']
			if call(parts[0] + "." + parts[1] + "." + string(sig)).ToBoolean() {
				t.Error("a changed signature verified")
			}
		})
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestRejections: failures reject with the standard's exception, as
// DOMException objects that are Errors.
func TestRejections(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{"malformed jwk", `crypto.subtle.importKey("jwk", {kty: "RSA", n: "!!", e: "AQAB"}, {name: "RSASSA-PKCS1-v1_5", hash: "SHA-256"}, false, ["verify"])`, "DataError"},
		{"unsupported algorithm", `crypto.subtle.importKey("raw", new Uint8Array(4), {name: "AES-GCM"}, false, ["encrypt"])`, "NotSupportedError"},
		{"unsupported digest", `crypto.subtle.digest("MD5", new Uint8Array(1))`, "NotSupportedError"},
		{"no usages for a secret", `crypto.subtle.importKey("raw", new Uint8Array(4), {name: "HMAC", hash: "SHA-256"}, false, [])`, "SyntaxError"},
		{"wrong key for verify", `crypto.subtle.importKey("raw", new Uint8Array(4), {name: "HMAC", hash: "SHA-256"}, false, ["sign"]).then(k => crypto.subtle.verify("HMAC", k, new Uint8Array(32), new Uint8Array(1)))`, "InvalidAccessError"},
		{"private key", `crypto.subtle.importKey("pkcs8", new Uint8Array(4), "Ed25519", false, ["sign"])`, "NotSupportedError"},
		{"not a buffer", `crypto.subtle.digest("SHA-256", "text")`, "TypeError"},
		{"not a key", `crypto.subtle.verify("HMAC", {}, new Uint8Array(1), new Uint8Array(1))`, "TypeError"},
		{"bad format", `crypto.subtle.importKey("pem", new Uint8Array(4), "Ed25519", false, ["verify"])`, "TypeError"},
		{"bad usage", `crypto.subtle.importKey("raw", new Uint8Array(32), "Ed25519", false, ["Verify"])`, "TypeError"},
		{"missing hash", `crypto.subtle.importKey("raw", new Uint8Array(4), "HMAC", false, ["sign"])`, "TypeError"},
		{"NaN saltLength", `crypto.subtle.verify({name: "RSA-PSS", saltLength: NaN}, {}, new Uint8Array(1), new Uint8Array(1))`, "TypeError"},
		{"getter throws", `crypto.subtle.digest({get name() { throw new RangeError("boom") }}, new Uint8Array(1))`, "RangeError"},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt := newRuntime(t)
			st, res := settle(t, rt, tt.src)
			if st != goja.PromiseStateRejected {
				t.Fatalf("%v with %v", st, res)
			}
			if err := rt.Set("e", res); err != nil {
				t.Fatal(err)
			}
			v, err := rt.RunString(`[e.name, e instanceof Error, typeof e.message, e.name === "TypeError" || e.name === "RangeError" || (e instanceof DOMException && e.code === ({SyntaxError: 12, NotSupportedError: 9, InvalidAccessError: 15}[e.name] || 0))].join()`)
			if err != nil {
				t.Fatal(err)
			}
			if want := tt.want + ",true,string,true"; v.String() != want {
				t.Errorf("got %s, want %s (%v)", v, want, res)
			}
		})
	}
}

// TestCryptoKeyObject: CryptoKey's attributes, cached objects, and that
// scripts cannot construct one.
func TestCryptoKeyObject(t *testing.T) {
	t.Parallel()
	rt := newRuntime(t)
	if err := rt.Set("jwkText", string(rfcCases(t)[1].JWK)); err != nil {
		t.Fatal(err)
	}
	fulfilled(t, rt, `crypto.subtle.importKey("jwk", JSON.parse(jwkText), {name: "rsassa-pkcs1-v1_5", hash: "sha-256"}, true, ["verify", "verify"]).then(k => { globalThis.key = k })`)
	v, err := rt.RunString(`[key.type, key.extractable, key.algorithm.name, key.algorithm.hash.name, key.algorithm.modulusLength,
		Array.from(key.algorithm.publicExponent).join("."), key.usages.join("+"), key.algorithm === key.algorithm,
		key instanceof CryptoKey, Object.prototype.toString.call(key),
		(() => { try { new CryptoKey(); return "constructed" } catch (e) { return e.name } })(),
		(() => { try { return Object.getOwnPropertyDescriptor(CryptoKey.prototype, "type").get.call({}) } catch (e) { return e.name } })()].join()`)
	if err != nil {
		t.Fatal(err)
	}
	want := "public,true,RSASSA-PKCS1-v1_5,SHA-256,2048,1.0.1,verify,true,true,[object CryptoKey],TypeError,TypeError"
	if v.String() != want {
		t.Errorf("got  %s\nwant %s", v, want)
	}
}

// TestHMACWebhookAndExport: an HMAC webhook check (sign, hex, compare),
// BufferSource views with offsets, and exportKey.
func TestHMACWebhookAndExport(t *testing.T) {
	t.Parallel()
	rt := newRuntime(t)
	res := fulfilled(t, rt, `(async () => {
		const key = await crypto.subtle.importKey("raw", ascii("Jefe"), {name: "HMAC", hash: "SHA-256"}, true, ["sign", "verify"]);
		const body = ascii("xxwhat do ya want for nothing?");
		const view = new DataView(body.buffer, 2);
		const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, view));
		const hex = Array.from(mac, b => b.toString(16).padStart(2, "0")).join("");
		const ok = await crypto.subtle.verify("HMAC", key, mac, body.subarray(2));
		const jwk = await crypto.subtle.exportKey("jwk", key);
		const raw = new Uint8Array(await crypto.subtle.exportKey("raw", key));
		const d = new Uint8Array(await crypto.subtle.digest("SHA-1", new Uint16Array([0x6261, 0x63])));
		return [hex, ok, jwk.kty, jwk.k, jwk.alg, jwk.key_ops.join("+"), jwk.ext, raw.length, d.length].join();
	})()`)
	want := "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843,true,oct,SmVmZQ,HS256,sign+verify,true,4,20"
	if res.String() != want {
		t.Errorf("got  %s\nwant %s", res, want)
	}
}

// TestRandom: randomUUID's form, getRandomValues' limits and types.
func TestRandom(t *testing.T) {
	t.Parallel()
	rt := newRuntime(t)
	v, err := rt.RunString(`
		const a = new Uint32Array(8), same = crypto.getRandomValues(a) === a;
		const big = new BigInt64Array(2); crypto.getRandomValues(big);
		const err = f => { try { f(); return "none" } catch (e) { return e.name + (e instanceof Error) } };
		[crypto.randomUUID(), same, a.some(x => x !== 0),
		 err(() => crypto.getRandomValues(new Float64Array(2))),
		 err(() => crypto.getRandomValues(new DataView(new ArrayBuffer(2)))),
		 err(() => crypto.getRandomValues(new Uint8Array(65537))),
		 err(() => crypto.getRandomValues(new Uint8Array(65536))),
		 err(() => crypto.getRandomValues([1, 2]))].join()`)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(v.String(), ",")
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(parts[0]) {
		t.Errorf("randomUUID %q", parts[0])
	}
	if got, want := strings.Join(parts[1:], ","), "true,true,TypeMismatchErrortrue,TypeMismatchErrortrue,QuotaExceededErrortrue,none,TypeErrortrue"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestInterruptPassesThrough: an interrupt while an argument's getter runs
// stops the script; it is not turned into a rejection.
func TestInterruptPassesThrough(t *testing.T) {
	t.Parallel()
	rt := newRuntime(t)
	if err := rt.Set("stop", func() { rt.Interrupt("deadline") }); err != nil {
		t.Fatal(err)
	}
	_, err := rt.RunString(`crypto.subtle.digest({get name() { stop(); for (;;) {} }}, new Uint8Array(1))`)
	var ie *goja.InterruptedError
	if !errors.As(err, &ie) || ie.Value() != "deadline" {
		t.Fatalf("got %v (%T), want the interrupt", err, err)
	}
}

// TestExportJWKInJS: a public key imported from the RFC's JWK exports the
// same members, plus key_ops and ext.
func TestExportJWKInJS(t *testing.T) {
	t.Parallel()
	rt := newRuntime(t)
	if err := rt.Set("jwkText", string(rfcCases(t)[2].JWK)); err != nil {
		t.Fatal(err)
	}
	res := fulfilled(t, rt, `(async () => {
		const jwk = JSON.parse(jwkText);
		const key = await crypto.subtle.importKey("jwk", jwk, {name: "ECDSA", namedCurve: "P-256"}, true, ["verify"]);
		const out = await crypto.subtle.exportKey("jwk", key);
		const spki = new Uint8Array(await crypto.subtle.exportKey("spki", key));
		const again = await crypto.subtle.importKey("spki", spki, {name: "ECDSA", namedCurve: "P-256"}, false, []);
		return JSON.stringify(out) + " " + spki.length + " " + again.usages.length;
	})()`)
	want := `{"crv":"P-256","ext":true,"key_ops":["verify"],"kty":"EC","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"} 91 0`
	if res.String() != want {
		t.Errorf("got  %s\nwant %s", res, want)
	}
}

// TestUsagesSequence: keyUsages is any iterable (WebIDL sequence), and a
// throwing iterator rejects the promise with its exception.
func TestUsagesSequence(t *testing.T) {
	t.Parallel()
	rt := newRuntime(t)
	res := fulfilled(t, rt, `(async () => {
		const k = await crypto.subtle.importKey("raw", new Uint8Array(8), {name: "HMAC", hash: "SHA-256"}, false, new Set(["verify", "sign"]));
		const gen = function* () { yield "sign"; throw new EvalError("from the iterator"); };
		const e = await crypto.subtle.importKey("raw", new Uint8Array(8), {name: "HMAC", hash: "SHA-256"}, false, gen()).catch(e => e);
		const many = await crypto.subtle.importKey("raw", new Uint8Array(8), {name: "HMAC", hash: "SHA-256"}, false, new Array(100).fill("sign")).catch(e => e);
		const str = await crypto.subtle.importKey("raw", new Uint8Array(8), {name: "HMAC", hash: "SHA-256"}, false, "sign").catch(e => e);
		return [k.usages.join("+"), e.name, many.name, str.name].join();
	})()`)
	if want := "sign+verify,EvalError,TypeError,TypeError"; res.String() != want {
		t.Errorf("got %s, want %s", res, want)
	}
}

// TestShape: the globals look like the platform's.
func TestShape(t *testing.T) {
	t.Parallel()
	rt := newRuntime(t)
	v, err := rt.RunString(`[crypto.subtle === crypto.subtle, String(crypto), String(crypto.subtle),
		typeof crypto.subtle.digest, Object.keys(crypto.subtle).sort().join("+"),
		new DOMException("m", "DataError").code, new DOMException("m").name, new DOMException() instanceof Error,
		String(new DOMException("boom", "OperationError"))].join()`)
	if err != nil {
		t.Fatal(err)
	}
	want := "true,[object Crypto],[object SubtleCrypto],function,digest+exportKey+importKey+sign+verify,0,Error,true,OperationError: boom"
	if v.String() != want {
		t.Errorf("got  %s\nwant %s", v, want)
	}
}

// TestExistingDOMException: a DOMException another area defined first is
// the one the rejections use.
func TestExistingDOMException(t *testing.T) {
	t.Parallel()
	rt := goja.New()
	if _, err := rt.RunString(`globalThis.DOMException = class DOMException extends Error {
		constructor(message, name) { super(message); this.name = name; this.mine = true; } }`); err != nil {
		t.Fatal(err)
	}
	if err := Install(rt, Options{}); err != nil {
		t.Fatal(err)
	}
	_, res := settle(t, rt, `crypto.subtle.digest("MD5", new Uint8Array(1))`)
	if o := res.(*goja.Object); o.Get("mine") == nil || !o.Get("mine").ToBoolean() || o.Get("name").String() != "NotSupportedError" {
		t.Errorf("rejection %v does not use the existing DOMException", res)
	}
}

// TestIllegalInvocation: methods called on another this fail as WebIDL
// says (a rejected promise for subtle, a TypeError thrown for crypto);
// destructured subtle keeps working.
func TestIllegalInvocation(t *testing.T) {
	t.Parallel()
	rt := newRuntime(t)
	res := fulfilled(t, rt, `(async () => {
		const { subtle } = crypto;
		const ok = (await subtle.digest("SHA-1", new Uint8Array(0))).byteLength;
		const e1 = await crypto.subtle.digest.call({}, "SHA-1", new Uint8Array(0)).catch(e => e.name);
		const grv = crypto.getRandomValues;
		let e2 = "none";
		try { grv(new Uint8Array(1)); } catch (e) { e2 = e.name; }
		const bound = crypto.randomUUID.bind(crypto)().length;
		return [ok, e1, e2, bound].join();
	})()`)
	if want := "20,TypeError,TypeError,36"; res.String() != want {
		t.Errorf("got %s, want %s", res, want)
	}
}
