package webcrypto

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"math/big"
	"testing"
)

// errName is the exception name of err ("" for nil).
func errName(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Name
	}
	if err != nil {
		return "not *Error: " + err.Error()
	}
	return ""
}

// TestNormalizeErrors: names are case-insensitive; unknown names are
// NotSupportedError; missing required members TypeError.
func TestNormalizeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		op   Operation
		in   AlgorithmInput
		want string
	}{
		{"case-insensitive", OpImportKey, AlgorithmInput{Name: "rsassa-PKCS1-V1_5", Hash: hashIn("sha-256")}, ""},
		{"unknown algorithm", OpImportKey, AlgorithmInput{Name: "RSA-OAEP", Hash: hashIn("SHA-256")}, NotSupportedError},
		{"unknown digest", OpDigest, AlgorithmInput{Name: "MD5"}, NotSupportedError},
		{"unknown hash member", OpImportKey, AlgorithmInput{Name: "HMAC", Hash: hashIn("SHA-3")}, NotSupportedError},
		{"missing hash", OpImportKey, AlgorithmInput{Name: "HMAC"}, TypeError},
		{"missing namedCurve", OpImportKey, AlgorithmInput{Name: "ECDSA"}, TypeError},
		{"missing saltLength", OpVerify, AlgorithmInput{Name: "RSA-PSS"}, TypeError},
		{"missing ecdsa hash", OpVerify, AlgorithmInput{Name: "ECDSA"}, TypeError},
		{"digest is not a sign algorithm", OpSign, AlgorithmInput{Name: "SHA-256"}, NotSupportedError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Normalize(tt.op, tt.in)
			if got := errName(err); got != tt.want {
				t.Errorf("got %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}

func jwkOf(t testing.TB, s string) KeyData {
	t.Helper()
	j, err := ParseJWK([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return KeyData{JWK: j}
}

// TestImportKeyErrors: each check of importKey fails with the exception
// the standard names.
func TestImportKeyErrors(t *testing.T) {
	t.Parallel()
	hmac256 := AlgorithmInput{Name: "HMAC", Hash: hashIn("SHA-256")}
	rs256 := AlgorithmInput{Name: "RSASSA-PKCS1-v1_5", Hash: hashIn("SHA-256")}
	es256 := AlgorithmInput{Name: "ECDSA", NamedCurve: strPtr("P-256")}
	ed := AlgorithmInput{Name: "Ed25519"}
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	smallDER, _ := x509.MarshalPKIXPublicKey(&small.PublicKey)
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	edDER, _ := x509.MarshalPKIXPublicKey(edPub)
	key := []byte("0123456789abcdef")
	verify := []string{"verify"}
	tests := []struct {
		name   string
		format string
		data   KeyData
		alg    AlgorithmInput
		ext    bool
		usages []string
		want   string
	}{
		{"hmac raw ok", "raw", KeyData{Bytes: key}, hmac256, true, []string{"sign", "verify", "sign"}, ""},
		{"bad format", "pem", KeyData{Bytes: key}, hmac256, false, verify, TypeError},
		{"jwk data for raw", "raw", jwkOf(t, rfcHS256JWK), hmac256, false, verify, TypeError},
		{"bytes for jwk", "jwk", KeyData{Bytes: key}, hmac256, false, verify, TypeError},
		{"bad usage name", "raw", KeyData{Bytes: key}, hmac256, false, []string{"Sign"}, TypeError},
		{"hmac encrypt usage", "raw", KeyData{Bytes: key}, hmac256, false, []string{"encrypt"}, SyntaxError},
		{"hmac no usages", "raw", KeyData{Bytes: key}, hmac256, false, nil, SyntaxError},
		{"hmac empty key", "raw", KeyData{Bytes: nil}, hmac256, false, verify, DataError},
		{"hmac spki", "spki", KeyData{Bytes: key}, hmac256, false, verify, NotSupportedError},
		{"hmac length too long", "raw", KeyData{Bytes: key}, AlgorithmInput{Name: "HMAC", Hash: hashIn("SHA-256"), Length: u32Ptr(136)}, false, verify, DataError},
		{"hmac length too short", "raw", KeyData{Bytes: key}, AlgorithmInput{Name: "HMAC", Hash: hashIn("SHA-256"), Length: u32Ptr(120)}, false, verify, DataError},
		{"hmac length bits", "raw", KeyData{Bytes: key}, AlgorithmInput{Name: "HMAC", Hash: hashIn("SHA-256"), Length: u32Ptr(127)}, false, verify, NotSupportedError},
		{"hmac jwk kty", "jwk", jwkOf(t, `{"kty":"RSA","k":"AAAA"}`), hmac256, false, verify, DataError},
		{"hmac jwk alg mismatch", "jwk", jwkOf(t, `{"kty":"oct","k":"AAAA","alg":"HS512"}`), hmac256, false, verify, DataError},
		{"hmac jwk alg ok", "jwk", jwkOf(t, `{"kty":"oct","k":"AAAA","alg":"HS256","use":"sig","key_ops":["verify"],"ext":false}`), hmac256, false, verify, ""},
		{"hmac jwk use enc", "jwk", jwkOf(t, `{"kty":"oct","k":"AAAA","use":"enc"}`), hmac256, false, verify, DataError},
		{"hmac jwk key_ops missing usage", "jwk", jwkOf(t, `{"kty":"oct","k":"AAAA","key_ops":["sign"]}`), hmac256, false, verify, DataError},
		{"hmac jwk key_ops repeated", "jwk", jwkOf(t, `{"kty":"oct","k":"AAAA","key_ops":["verify","verify"]}`), hmac256, false, verify, DataError},
		{"hmac jwk ext false", "jwk", jwkOf(t, `{"kty":"oct","k":"AAAA","ext":false}`), hmac256, true, verify, DataError},
		{"hmac jwk k padded", "jwk", jwkOf(t, `{"kty":"oct","k":"AAA="}`), hmac256, false, verify, DataError},
		{"hmac jwk k stray bits", "jwk", jwkOf(t, `{"kty":"oct","k":"AAB"}`), hmac256, false, verify, DataError},
		{"hmac jwk k newline", "jwk", jwkOf(t, `{"kty":"oct","k":"AA\nAA"}`), hmac256, false, verify, DataError},
		{"rsa jwk ok", "jwk", jwkOf(t, rfcRS256JWK), rs256, false, verify, ""},
		{"rsa sign usage on public", "jwk", jwkOf(t, rfcRS256JWK), rs256, false, []string{"sign"}, SyntaxError},
		{"rsa jwk alg mismatch", "jwk", jwkOf(t, `{"kty":"RSA","alg":"PS256","n":"AQAB","e":"AQAB"}`), rs256, false, verify, DataError},
		{"rsa jwk private", "jwk", jwkOf(t, `{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB"}`), rs256, false, []string{"sign"}, NotSupportedError},
		{"rsa jwk missing n", "jwk", jwkOf(t, `{"kty":"RSA","e":"AQAB"}`), rs256, false, verify, DataError},
		{"rsa jwk leading zero", "jwk", jwkOf(t, `{"kty":"RSA","n":"AKE","e":"AQAB"}`), rs256, false, verify, DataError},
		{"rsa 1024 bits", "spki", KeyData{Bytes: smallDER}, rs256, false, verify, NotSupportedError},
		{"rsa spki of ed25519", "spki", KeyData{Bytes: edDER}, rs256, false, verify, DataError},
		{"rsa spki garbage", "spki", KeyData{Bytes: []byte{0x30, 0x03, 1, 2, 3}}, rs256, false, verify, DataError},
		{"rsa pkcs8", "pkcs8", KeyData{Bytes: key}, rs256, false, []string{"sign"}, NotSupportedError},
		{"rsa raw", "raw", KeyData{Bytes: key}, rs256, false, verify, NotSupportedError},
		{"ec jwk ok", "jwk", jwkOf(t, rfcES256JWK), es256, false, verify, ""},
		{"ec jwk wrong curve", "jwk", jwkOf(t, rfcES256JWK), AlgorithmInput{Name: "ECDSA", NamedCurve: strPtr("P-384")}, false, verify, DataError},
		{"ec jwk alg mismatch", "jwk", jwkOf(t, `{"kty":"EC","crv":"P-256","alg":"ES384","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}`), es256, false, verify, DataError},
		{"ec jwk off curve", "jwk", jwkOf(t, `{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a1"}`), es256, false, verify, DataError},
		{"ec jwk short x", "jwk", jwkOf(t, `{"kty":"EC","crv":"P-256","x":"AQAB","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}`), es256, false, verify, DataError},
		{"ec unknown curve", "raw", KeyData{Bytes: key}, AlgorithmInput{Name: "ECDSA", NamedCurve: strPtr("P-192")}, false, verify, DataError},
		{"ec spki of ed25519", "spki", KeyData{Bytes: edDER}, es256, false, verify, DataError},
		{"ed25519 spki ok", "spki", KeyData{Bytes: edDER}, ed, true, verify, ""},
		{"ed25519 raw ok", "raw", KeyData{Bytes: edPub}, ed, true, nil, ""},
		{"ed25519 raw short", "raw", KeyData{Bytes: edPub[:31]}, ed, true, verify, DataError},
		{"ed25519 jwk ok", "jwk", jwkOf(t, rfcEdDSAJWK), ed, false, verify, ""},
		{"ed25519 jwk alg EdDSA", "jwk", jwkOf(t, `{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`), ed, false, verify, ""},
		{"ed25519 jwk alg ES256", "jwk", jwkOf(t, `{"kty":"OKP","crv":"Ed25519","alg":"ES256","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`), ed, false, verify, DataError},
		{"ed25519 jwk crv", "jwk", jwkOf(t, `{"kty":"OKP","crv":"X25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`), ed, false, verify, DataError},
		{"ed25519 sign usage", "raw", KeyData{Bytes: edPub}, ed, false, []string{"sign"}, SyntaxError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ImportKey(tt.format, tt.data, mustNormalize(t, OpImportKey, tt.alg), tt.ext, tt.usages)
			if got := errName(err); got != tt.want {
				t.Errorf("got %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}

// TestSignVerifyErrors: wrong algorithm or usage is InvalidAccessError.
func TestSignVerifyErrors(t *testing.T) {
	t.Parallel()
	hk, err := ImportKey("raw", KeyData{Bytes: []byte("k")}, mustNormalize(t, OpImportKey, AlgorithmInput{Name: "HMAC", Hash: hashIn("SHA-1")}), true, []string{"verify"})
	if err != nil {
		t.Fatal(err)
	}
	ek, err := ImportKey("jwk", jwkOf(t, rfcEdDSAJWK), mustNormalize(t, OpImportKey, AlgorithmInput{Name: "Ed25519"}), false, []string{"verify"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Sign(Algorithm{Name: HMAC}, hk, nil); errName(err) != InvalidAccessError {
		t.Errorf("sign without the usage: %v", err)
	}
	if _, err := Verify(Algorithm{Name: Ed25519}, hk, nil, nil); errName(err) != InvalidAccessError {
		t.Errorf("verify with another algorithm's key: %v", err)
	}
	if _, err := Sign(Algorithm{Name: Ed25519}, ek, nil); errName(err) != InvalidAccessError {
		t.Errorf("sign with a public key: %v", err)
	}
	if ok, err := Verify(Algorithm{Name: Ed25519}, ek, []byte("short"), nil); ok || err != nil {
		t.Errorf("short signature: %v %v", ok, err)
	}
	if _, err := ExportKey("raw", ek); errName(err) != InvalidAccessError {
		t.Errorf("export of a non-extractable key: %v", err)
	}
	kd, err := ExportKey("jwk", hk)
	if err != nil || kd.JWK.K != "aw" || *kd.JWK.Alg != "HS1" {
		t.Errorf("export jwk: %+v %v", kd, err)
	}
}

// TestEd25519SmallOrder: the table of small-order y values is right
// (checked by decoding each point and doubling it three times with
// math/big), keys and R values of small order are refused, including
// non-canonical encodings, and ordinary points are not.
func TestEd25519SmallOrder(t *testing.T) {
	t.Parallel()
	if len(smallOrderY) != 5 {
		t.Fatalf("%d small-order y values, want 5", len(smallOrderY))
	}
	for i, y := range smallOrderY {
		for _, sign := range []byte{0, 0x80} {
			enc := y
			enc[31] |= sign
			order, valid := pointOrder(enc[:])
			if valid && order > 8 {
				t.Errorf("y #%d sign %x: order %d", i, sign, order)
			}
			if !hasSmallOrder(enc[:]) {
				t.Errorf("y #%d sign %x: not refused", i, sign)
			}
		}
	}
	if o, _ := pointOrder(smallOrderY[3][:]); o != 8 {
		t.Errorf("the fourth y has order %d, want 8", o)
	}
	nonCanonicalIdentity := mustHex(t, "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f") // p+1
	if !hasSmallOrder(nonCanonicalIdentity) {
		t.Error("p+1 (the identity, not reduced) not refused")
	}
	for i := 0; i < 64; i++ {
		pub, _, _ := ed25519.GenerateKey(rand.Reader)
		if hasSmallOrder(pub) {
			t.Fatalf("a random public key %x was refused", pub)
		}
	}
	// With A = the identity, S = 0 and R = A verify under the cofactorless
	// equation; the standard refuses them outright.
	identity := smallOrderY[0]
	k := &Key{typ: KeyPublic, algorithm: KeyAlgorithm{Name: Ed25519}, usages: []string{"verify"}, ed: identity[:]}
	sig := append(append([]byte(nil), identity[:]...), make([]byte, 32)...)
	if !ed25519.Verify(identity[:], []byte("m"), sig) {
		t.Error("crypto/ed25519 refuses the small-order forgery itself; the test no longer shows the check matters")
	}
	if ed25519Verify(k, sig, []byte("m")) {
		t.Error("a small-order key verified")
	}
}

// pointOrder decodes an edwards25519 point (RFC 8032 §5.1.3, y reduced
// mod p) with math/big and returns its order if it divides 8 (1, 2, 4 or
// 8), or 9 for a larger order; valid is false if it is not a point.
func pointOrder(enc []byte) (order int, valid bool) {
	p := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	d := new(big.Int).Mul(big.NewInt(-121665), new(big.Int).ModInverse(big.NewInt(121666), p))
	d.Mod(d, p)
	le := make([]byte, 32)
	for i := range enc {
		le[31-i] = enc[i]
	}
	sign := le[0] >> 7
	le[0] &= 0x7f
	y := new(big.Int).SetBytes(le)
	y.Mod(y, p)
	y2 := new(big.Int).Mul(y, y)
	u := new(big.Int).Sub(y2, big.NewInt(1))
	v := new(big.Int).Add(new(big.Int).Mul(d, y2), big.NewInt(1))
	x2 := new(big.Int).Mul(u, new(big.Int).ModInverse(v.Mod(v, p), p))
	x, ok := sqrtModP(x2.Mod(x2, p), p)
	if !ok || (x.Sign() == 0 && sign == 1) {
		return 0, false
	}
	if byte(x.Bit(0)) != sign {
		x.Sub(p, x)
	}
	double := func(x, y *big.Int) (*big.Int, *big.Int) {
		xx, yy := new(big.Int).Mul(x, x), new(big.Int).Mul(y, y)
		dxy := new(big.Int).Mod(new(big.Int).Mul(d, new(big.Int).Mul(xx, yy)), p)
		x3 := new(big.Int).Mul(new(big.Int).Lsh(new(big.Int).Mul(x, y), 1),
			new(big.Int).ModInverse(new(big.Int).Mod(new(big.Int).Add(big.NewInt(1), dxy), p), p))
		y3 := new(big.Int).Mul(new(big.Int).Add(yy, xx),
			new(big.Int).ModInverse(new(big.Int).Mod(new(big.Int).Sub(big.NewInt(1), dxy), p), p))
		return x3.Mod(x3, p), y3.Mod(y3, p)
	}
	for order = 1; order <= 8; order *= 2 {
		if x.Sign() == 0 && y.Cmp(big.NewInt(1)) == 0 {
			return order, true
		}
		x, y = double(x, y)
	}
	return 9, true
}

// TestUsagesNormalized: a key's usages are the standard's normalized value
// (each once, in the standard's order), whatever order was asked for.
func TestUsagesNormalized(t *testing.T) {
	t.Parallel()
	alg := mustNormalize(t, OpImportKey, AlgorithmInput{Name: "HMAC", Hash: hashIn("SHA-256")})
	k, err := ImportKey(FormatRaw, KeyData{Bytes: []byte("k")}, alg, false, []string{"verify", "sign", "verify"})
	if err != nil {
		t.Fatal(err)
	}
	if got := k.Usages(); len(got) != 2 || got[0] != "sign" || got[1] != "verify" {
		t.Errorf("usages %v, want [sign verify]", got)
	}
}
