package webcrypto

import (
	"testing"

	"github.com/dop251/goja"
)

// FuzzImportAndVerify drives the binding with script values built from the
// fuzzer's JSON: any key data, algorithm and usages must settle the promise
// (fulfilled or rejected with an Error), never panic in Go.
func FuzzImportAndVerify(f *testing.F) {
	for _, c := range rfcCases(f) {
		f.Add("jwk", string(c.JWK), `{"name":"HMAC","hash":"SHA-256"}`, `["verify"]`)
	}
	f.Add("raw", `[1,2,3]`, `"Ed25519"`, `["verify"]`)
	f.Add("spki", `{"length":3}`, `{"name":"ECDSA","namedCurve":"P-256"}`, `[]`)
	f.Add("jwk", `{"kty":"EC","crv":"P-256","x":"AA","y":"AA","key_ops":["verify","verify"]}`, `{"name":"ecdsa","namedCurve":"P-256"}`, `{"0":"verify","length":1}`)
	f.Add("jwk", `{"kty":"RSA","n":"AQAB","e":"AQAB","ext":0}`, `{"name":"RSA-PSS","hash":{"name":"sha-1"}}`, `"verify"`)
	prog := goja.MustCompile("fuzz.js", `(async () => {
		let kd = JSON.parse(keyText);
		if (Array.isArray(kd)) kd = new Uint8Array(kd);
		const alg = JSON.parse(algText), usages = JSON.parse(usagesText);
		try {
			const k = await crypto.subtle.importKey(format, kd, alg, false, Array.isArray(usages) ? usages : [usages]);
			await crypto.subtle.verify(alg, k, new Uint8Array(64), new Uint8Array(3)).catch(() => {});
			await crypto.subtle.exportKey("jwk", k).catch(() => {});
			return "ok";
		} catch (e) {
			if (!(e instanceof Error) || typeof e.name !== "string") throw new Error("not an Error: " + e);
			return e.name;
		}
	})()`, true)
	f.Fuzz(func(t *testing.T, format, keyText, algText, usagesText string) {
		rt := goja.New()
		if err := Install(rt, Options{}); err != nil {
			t.Fatal(err)
		}
		for k, v := range map[string]string{"format": format, "keyText": keyText, "algText": algText, "usagesText": usagesText} {
			_ = rt.Set(k, v)
		}
		v, err := rt.RunProgram(prog)
		if err != nil {
			return // JSON.parse of the fuzzer's text threw synchronously
		}
		p := v.Export().(*goja.Promise)
		if p.State() == goja.PromiseStatePending {
			t.Fatal("the promise did not settle")
		}
		if p.State() == goja.PromiseStateRejected && !isJSONError(p.Result()) {
			t.Fatalf("rejected: %v", p.Result())
		}
	})
}

// isJSONError reports whether a rejection came from JSON.parse (the
// fuzzer's text was not JSON).
func isJSONError(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	return ok && o.Get("name") != nil && o.Get("name").String() == "SyntaxError" && o.ClassName() == "Error"
}
