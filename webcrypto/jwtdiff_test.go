package webcrypto

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"math/big"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v4"
)

// jwtKeys are the signing keys of the differential test, made once.
type jwtKeys struct {
	secret []byte
	rsa    *rsa.PrivateKey
	p256   *ecdsa.PrivateKey
	p384   *ecdsa.PrivateKey
	p521   *ecdsa.PrivateKey
	ed     ed25519.PrivateKey
}

func newJWTKeys(t testing.TB) jwtKeys {
	t.Helper()
	var k jwtKeys
	var err error
	k.secret = make([]byte, 48)
	rand.Read(k.secret)
	if k.rsa, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		c elliptic.Curve
		k **ecdsa.PrivateKey
	}{{elliptic.P256(), &k.p256}, {elliptic.P384(), &k.p384}, {elliptic.P521(), &k.p521}} {
		if *p.k, err = ecdsa.GenerateKey(p.c, rand.Reader); err != nil {
			t.Fatal(err)
		}
	}
	if _, k.ed, err = ed25519.GenerateKey(rand.Reader); err != nil {
		t.Fatal(err)
	}
	return k
}

// jwtAlg is one JWS algorithm: golang-jwt's method and key, and how Web
// Crypto imports (from SPKI, or raw for HMAC) and verifies.
type jwtAlg struct {
	method    jwt.SigningMethod
	signKey   any
	verifyKey any
	format    string
	keyData   []byte
	importAlg AlgorithmInput
	verifyAlg AlgorithmInput
}

func jwtAlgs(t testing.TB, k jwtKeys) []jwtAlg {
	spki := func(pub any) []byte {
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	hm := func(m jwt.SigningMethod, h string) jwtAlg {
		return jwtAlg{m, k.secret, k.secret, FormatRaw, k.secret, AlgorithmInput{Name: "HMAC", Hash: hashIn(h)}, AlgorithmInput{Name: "HMAC"}}
	}
	ec := func(m jwt.SigningMethod, key *ecdsa.PrivateKey, curve, h string) jwtAlg {
		return jwtAlg{m, key, &key.PublicKey, FormatSPKI, spki(&key.PublicKey),
			AlgorithmInput{Name: "ECDSA", NamedCurve: strPtr(curve)}, AlgorithmInput{Name: "ECDSA", Hash: hashIn(h)}}
	}
	return []jwtAlg{
		hm(jwt.SigningMethodHS256, "SHA-256"),
		hm(jwt.SigningMethodHS384, "SHA-384"),
		hm(jwt.SigningMethodHS512, "SHA-512"),
		{jwt.SigningMethodRS256, k.rsa, &k.rsa.PublicKey, FormatSPKI, spki(&k.rsa.PublicKey),
			AlgorithmInput{Name: "RSASSA-PKCS1-v1_5", Hash: hashIn("SHA-256")}, AlgorithmInput{Name: "RSASSA-PKCS1-v1_5"}},
		{jwt.SigningMethodRS512, k.rsa, &k.rsa.PublicKey, FormatSPKI, spki(&k.rsa.PublicKey),
			AlgorithmInput{Name: "RSASSA-PKCS1-v1_5", Hash: hashIn("SHA-512")}, AlgorithmInput{Name: "RSASSA-PKCS1-v1_5"}},
		{jwt.SigningMethodPS256, k.rsa, &k.rsa.PublicKey, FormatSPKI, spki(&k.rsa.PublicKey),
			AlgorithmInput{Name: "RSA-PSS", Hash: hashIn("SHA-256")}, AlgorithmInput{Name: "RSA-PSS", SaltLength: u32Ptr(32)}},
		ec(jwt.SigningMethodES256, k.p256, "P-256", "SHA-256"),
		ec(jwt.SigningMethodES384, k.p384, "P-384", "SHA-384"),
		ec(jwt.SigningMethodES512, k.p521, "P-521", "SHA-512"),
		{jwt.SigningMethodEdDSA, k.ed, k.ed.Public(), FormatSPKI, spki(k.ed.Public()),
			AlgorithmInput{Name: "Ed25519"}, AlgorithmInput{Name: "Ed25519"}},
	}
}

// webVerify verifies a compact JWS with Web Crypto.
func webVerify(t testing.TB, a jwtAlg, token string) bool {
	t.Helper()
	k, err := ImportKey(a.format, KeyData{Bytes: a.keyData}, mustNormalize(t, OpImportKey, a.importAlg), false, []string{"verify"})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	dot := strings.LastIndexByte(token, '.')
	sig, err := decodeB64URL("sig", token[dot+1:])
	if err != nil {
		return false
	}
	ok, err := Verify(mustNormalize(t, OpVerify, a.verifyAlg), k, sig, []byte(token[:dot]))
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return ok
}

// jwtVerify verifies with golang-jwt (signature only).
func jwtVerify(a jwtAlg, token string) bool {
	dot := strings.LastIndexByte(token, '.')
	return a.method.Verify(token[:dot], token[dot+1:], a.verifyKey) == nil
}

// TestDifferentialGolangJWT: tokens signed by golang-jwt verify with Web
// Crypto, and every tampered token is rejected by both alike.
func TestDifferentialGolangJWT(t *testing.T) {
	t.Parallel()
	keys := newJWTKeys(t)
	for _, a := range jwtAlgs(t, keys) {
		a := a
		t.Run(a.method.Alg(), func(t *testing.T) {
			t.Parallel()
			for i := 0; i < 8; i++ {
				claims := jwt.MapClaims{"sub": "user-" + big.NewInt(int64(i)).String(), "n": i}
				token, err := jwt.NewWithClaims(a.method, claims).SignedString(a.signKey)
				if err != nil {
					t.Fatal(err)
				}
				if !webVerify(t, a, token) || !jwtVerify(a, token) {
					t.Fatalf("token %d: web=%v jwt=%v", i, webVerify(t, a, token), jwtVerify(a, token))
				}
				for j := 0; j < 6; j++ {
					b := []byte(token)
					pos := (i*131 + j*977) % len(b)
					if b[pos] == '.' {
						continue
					}
					b[pos] = "AQgw"[j%4]
					if b[pos] == token[pos] {
						continue
					}
					bad := string(b)
					if w, g := webVerify(t, a, bad), jwtVerify(a, bad); w || g {
						t.Errorf("tampered at %d: web=%v jwt=%v", pos, w, g)
					}
				}
			}
		})
	}
}

// TestHMACSignMatchesGolangJWT: Web Crypto's HMAC sign makes the signature
// golang-jwt makes.
func TestHMACSignMatchesGolangJWT(t *testing.T) {
	t.Parallel()
	keys := newJWTKeys(t)
	for _, a := range jwtAlgs(t, keys)[:3] {
		token, err := jwt.NewWithClaims(a.method, jwt.MapClaims{"a": 1}).SignedString(a.signKey)
		if err != nil {
			t.Fatal(err)
		}
		dot := strings.LastIndexByte(token, '.')
		k, err := ImportKey(FormatRaw, KeyData{Bytes: keys.secret}, mustNormalize(t, OpImportKey, a.importAlg), false, []string{"sign"})
		if err != nil {
			t.Fatal(err)
		}
		mac, err := Sign(mustNormalize(t, OpSign, a.verifyAlg), k, []byte(token[:dot]))
		if err != nil {
			t.Fatal(err)
		}
		if encodeB64URL(mac) != token[dot+1:] {
			t.Errorf("%s: web %s, jwt %s", a.method.Alg(), encodeB64URL(mac), token[dot+1:])
		}
	}
}

// TestPSSSaltLengths: the RSA-PSS salt length is exact, including zero,
// which crypto/rsa cannot check (emsaPSSVerify against crypto/rsa for the
// others).
func TestPSSSaltLengths(t *testing.T) {
	t.Parallel()
	keys := newJWTKeys(t)
	msg := []byte("salted")
	digest, _, _ := sum(SHA256, msg)
	for _, salt := range []int{1, 20, 32, 64} {
		sig, err := rsa.SignPSS(rand.Reader, keys.rsa, crypto.SHA256, digest, &rsa.PSSOptions{SaltLength: salt})
		if err != nil {
			t.Fatal(err)
		}
		for _, try := range []int{0, 1, 20, 32, 64} {
			if got, want := emsaPSSVerify(&keys.rsa.PublicKey, crypto.SHA256, digest, sig, try), try == salt; got != want {
				t.Errorf("signed with salt %d, emsaPSSVerify(salt %d) = %v", salt, try, got)
			}
			k := &Key{typ: KeyPublic, algorithm: KeyAlgorithm{Name: RSAPSS, Hash: SHA256}, rsa: &keys.rsa.PublicKey}
			if got, _ := rsaPSSVerify(k, uint32(try), sig, msg); got != (try == salt) {
				t.Errorf("signed with salt %d, rsaPSSVerify(salt %d) = %v", salt, try, got)
			}
		}
	}
	zero := signPSSZeroSalt(t, keys.rsa, digest)
	k := &Key{typ: KeyPublic, algorithm: KeyAlgorithm{Name: RSAPSS, Hash: SHA256}, rsa: &keys.rsa.PublicKey}
	if ok, _ := rsaPSSVerify(k, 0, zero, msg); !ok {
		t.Error("a zero-salt signature does not verify with saltLength 0")
	}
	if ok, _ := rsaPSSVerify(k, 32, zero, msg); ok {
		t.Error("a zero-salt signature verified with saltLength 32")
	}
	if rsa.VerifyPSS(&keys.rsa.PublicKey, crypto.SHA256, digest, zero, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}) != nil {
		t.Error("crypto/rsa does not accept the zero-salt signature made for the test")
	}
}

// signPSSZeroSalt makes an RSASSA-PSS signature with an empty salt
// (EMSA-PSS-ENCODE by hand, then the private-key operation).
func signPSSZeroSalt(t *testing.T, priv *rsa.PrivateKey, mHash []byte) []byte {
	t.Helper()
	h := crypto.SHA256
	emBits := priv.N.BitLen() - 1
	emLen := (emBits + 7) / 8
	d := h.New()
	d.Write(make([]byte, 8))
	d.Write(mHash)
	hh := d.Sum(nil)
	db := make([]byte, emLen-h.Size()-1)
	db[len(db)-1] = 0x01
	mask := mgf1(h, hh, len(db))
	for i := range db {
		db[i] ^= mask[i]
	}
	db[0] &= byte(0xff >> (8*emLen - emBits))
	em := append(append(db, hh...), 0xbc)
	m := new(big.Int).SetBytes(em)
	s := new(big.Int).Exp(m, priv.D, priv.N)
	return s.FillBytes(make([]byte, priv.Size()))
}
