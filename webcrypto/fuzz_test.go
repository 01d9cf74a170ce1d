package webcrypto

import (
	"errors"
	"testing"
)

// checkFailure: a failure must be an *Error with a name.
func checkFailure(t *testing.T, err error) {
	var e *Error
	if err != nil && (!errors.As(err, &e) || e.Name == "") {
		t.Fatalf("error is not a named *Error: %v", err)
	}
}

// FuzzJWKImport: any JSON text, parsed and imported for each algorithm,
// fails with a named error or gives a usable key; it never panics.
func FuzzJWKImport(f *testing.F) {
	for _, s := range []string{rfcHS256JWK, rfcRS256JWK, rfcES256JWK, rfcEdDSAJWK, `{}`, `{"kty":"oct","k":""}`,
		`{"kty":"EC","crv":"P-521","x":"AA","y":"AA"}`, `{"kty":"RSA","n":"AQAB","e":"AQAB","key_ops":["verify"],"ext":true}`} {
		f.Add([]byte(s))
	}
	algs := []AlgorithmInput{
		{Name: "HMAC", Hash: hashIn("SHA-256")},
		{Name: "RSASSA-PKCS1-v1_5", Hash: hashIn("SHA-256")},
		{Name: "RSA-PSS", Hash: hashIn("SHA-384")},
		{Name: "ECDSA", NamedCurve: strPtr("P-256")},
		{Name: "ECDSA", NamedCurve: strPtr("P-521")},
		{Name: "Ed25519"},
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		j, err := ParseJWK(text)
		checkFailure(t, err)
		if err != nil {
			return
		}
		for _, a := range algs {
			alg, err := Normalize(OpImportKey, a)
			if err != nil {
				t.Fatal(err)
			}
			k, err := ImportKey(FormatJWK, KeyData{JWK: j}, alg, false, []string{"verify"})
			checkFailure(t, err)
			if err == nil {
				useKey(t, k)
			}
		}
	})
}

// FuzzSPKIImport: any bytes as SPKI for each public-key algorithm.
func FuzzSPKIImport(f *testing.F) {
	for _, c := range jwtAlgs(f, newJWTKeys(f)) {
		if c.format == FormatSPKI {
			f.Add(c.keyData)
		}
	}
	f.Add([]byte{0x30, 0x00})
	algs := []AlgorithmInput{
		{Name: "RSASSA-PKCS1-v1_5", Hash: hashIn("SHA-256")},
		{Name: "ECDSA", NamedCurve: strPtr("P-256")},
		{Name: "ECDSA", NamedCurve: strPtr("P-384")},
		{Name: "ECDSA", NamedCurve: strPtr("P-521")},
		{Name: "Ed25519"},
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		_, err := ParseSPKI(der)
		checkFailure(t, err)
		for _, a := range algs {
			alg, err := Normalize(OpImportKey, a)
			if err != nil {
				t.Fatal(err)
			}
			k, err := ImportKey(FormatSPKI, KeyData{Bytes: der}, alg, true, []string{"verify"})
			checkFailure(t, err)
			if err == nil {
				useKey(t, k)
			}
		}
	})
}

// useKey verifies a bogus signature with an imported key: false, no panic.
func useKey(t *testing.T, k *Key) {
	in := AlgorithmInput{Name: k.Algorithm().Name, Hash: hashIn("SHA-256"), SaltLength: u32Ptr(0)}
	alg, err := Normalize(OpVerify, in)
	if err != nil {
		t.Fatal(err)
	}
	ok, err := Verify(alg, k, make([]byte, 64), []byte("data"))
	checkFailure(t, err)
	if ok && k.Algorithm().Name != HMAC {
		t.Fatalf("a zero signature verified with %+v", k.Algorithm())
	}
}
