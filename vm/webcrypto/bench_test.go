package webcrypto

import (
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/tyk-ve/tyk-ve/webcrypto"
)

// BenchmarkVerify compares verifying the RFC 7515 HS256 and RS256 tokens
// from JavaScript (key imported once; base64url decoding, the verify call
// and the awaited promise per iteration) with calling package webcrypto
// from Go on the same bytes. Read the js/go pairs as ratios.
func BenchmarkVerify(b *testing.B) {
	for _, c := range rfcCases(b)[:2] {
		alg := strings.Fields(c.Name)[3]
		b.Run(alg+"/go", func(b *testing.B) { benchGo(b, c) })
		b.Run(alg+"/js", func(b *testing.B) { benchJS(b, c, jsDecodeAndVerify) })
		b.Run(alg+"/js-verify-only", func(b *testing.B) { benchJS(b, c, jsVerifyOnly) })
	}
}

func benchGo(b *testing.B, c rfcCase) {
	verify := goVerifier(b, c)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		verify()
	}
}

// goVerifier imports c's key once and returns a function verifying c's
// token from Go (signature decoding and normalization included).
func goVerifier(b *testing.B, c rfcCase) func() {
	j, err := webcrypto.ParseJWK(c.JWK)
	if err != nil {
		b.Fatal(err)
	}
	imp, ver := webcrypto.AlgorithmInput{Name: "HMAC", Hash: &webcrypto.AlgorithmInput{Name: "SHA-256"}}, webcrypto.AlgorithmInput{Name: "HMAC"}
	if j.Kty == "RSA" {
		imp = webcrypto.AlgorithmInput{Name: "RSASSA-PKCS1-v1_5", Hash: &webcrypto.AlgorithmInput{Name: "SHA-256"}}
		ver = webcrypto.AlgorithmInput{Name: "RSASSA-PKCS1-v1_5"}
	}
	ia, _ := webcrypto.Normalize(webcrypto.OpImportKey, imp)
	k, err := webcrypto.ImportKey("jwk", webcrypto.KeyData{JWK: j}, ia, false, []string{"verify"})
	if err != nil {
		b.Fatal(err)
	}
	dot := strings.LastIndexByte(c.JWS, '.')
	return func() {
		sig, _ := base64URL(c.JWS[dot+1:])
		va, _ := webcrypto.Normalize(webcrypto.OpVerify, ver)
		ok, err := webcrypto.Verify(va, k, sig, []byte(c.JWS[:dot]))
		if !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// The JavaScript timed per iteration: the whole check (base64url decoding
// in JS included), or only the verify call on bytes decoded beforehand.
const (
	jsDecodeAndVerify = `(async () => {
		const dot = token.lastIndexOf(".");
		return crypto.subtle.verify(verAlg, key, b64urlDecode(token.slice(dot + 1)), ascii(token.slice(0, dot)));
	})()`
	jsVerifyOnly = `crypto.subtle.verify(verAlg, key, sigBytes, dataBytes)`
)

func benchJS(b *testing.B, c rfcCase, src string) {
	verify := jsVerifier(b, c, src)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		verify()
	}
}

// jsVerifier prepares a runtime with c's key imported and returns a
// function running src (which verifies c's token) and checking the result.
func jsVerifier(b *testing.B, c rfcCase, src string) func() {
	rt := newRuntime(b)
	_ = rt.Set("jwkText", string(c.JWK))
	_ = rt.Set("token", c.JWS)
	fulfilled(b, rt, `(async () => {
		const parts = token.split(".");
		const p = params[JSON.parse(String.fromCharCode.apply(null, b64urlDecode(parts[0]))).alg];
		globalThis.key = await crypto.subtle.importKey("jwk", JSON.parse(jwkText), p.imp, false, ["verify"]);
		globalThis.verAlg = p.ver;
		globalThis.sigBytes = b64urlDecode(parts[2]);
		globalThis.dataBytes = ascii(parts[0] + "." + parts[1]);
	})()`)
	prog := goja.MustCompile("bench.js", src, true)
	return func() {
		v, err := rt.RunProgram(prog)
		if err != nil {
			b.Fatal(err)
		}
		if p := v.Export().(*goja.Promise); p.State() != goja.PromiseStateFulfilled || !p.Result().ToBoolean() {
			b.Fatal(p.Result())
		}
	}
}

// BenchmarkInstall is what Install adds to every new runtime (the pool's
// runtime cost), against creating the bare runtime alone.
func BenchmarkInstall(b *testing.B) {
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = goja.New()
		}
	})
	b.Run("with-crypto", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := Install(goja.New(), Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkVerifyPaired runs the Go and the JavaScript verification of the
// same token alternately in one loop and reports their ratio (js/go), which
// stays meaningful when the machine is busy.
func BenchmarkVerifyPaired(b *testing.B) {
	for _, c := range rfcCases(b)[:2] {
		alg := strings.Fields(c.Name)[3]
		for mode, src := range map[string]string{"whole-check": jsDecodeAndVerify, "verify-only": jsVerifyOnly} {
			b.Run(alg+"/"+mode, func(b *testing.B) {
				goV, jsV := goVerifier(b, c), jsVerifier(b, c, src)
				var goT, jsT time.Duration
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					goV()
					t1 := time.Now()
					jsV()
					jsT += time.Since(t1)
					goT += t1.Sub(t0)
				}
				b.ReportMetric(float64(goT.Nanoseconds())/float64(b.N), "go-ns/op")
				b.ReportMetric(float64(jsT.Nanoseconds())/float64(b.N), "js-ns/op")
				b.ReportMetric(float64(jsT)/float64(goT), "js/go")
			})
		}
	}
}
