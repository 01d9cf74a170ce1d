package webcrypto

import (
	"crypto/ed25519"
	"math/big"
)

// importEd25519 is Ed25519's import key operation (public keys only).
func importEd25519(r importRequest) (*Key, error) {
	var pub []byte
	switch r.format {
	case FormatSPKI:
		if err := onlyUsages(r.usages, Ed25519, UsageVerify); err != nil {
			return nil, err
		}
		s, err := ParseSPKI(r.data.Bytes)
		if err != nil {
			return nil, err
		}
		if !s.Algorithm.Equal(oidEd25519) {
			return nil, errorf(DataError, "importKey: the SPKI algorithm %v is not id-Ed25519", s.Algorithm)
		}
		if s.hasParams() {
			return nil, errorf(DataError, "importKey: id-Ed25519 takes no parameters")
		}
		pub = s.PublicKey
	case FormatRaw:
		if err := onlyUsages(r.usages, Ed25519, UsageVerify); err != nil {
			return nil, err
		}
		pub = r.data.Bytes
	case FormatJWK:
		var err error
		if pub, err = ed25519FromJWK(r); err != nil {
			return nil, err
		}
	case FormatPKCS8:
		return nil, errorf(NotSupportedError, "importKey: private keys are not supported")
	default:
		return nil, unsupportedFormat(Ed25519, r.format)
	}
	if len(pub) != ed25519.PublicKeySize {
		return nil, errorf(DataError, "importKey: an Ed25519 public key is %d bytes, not %d", ed25519.PublicKeySize, len(pub))
	}
	return &Key{typ: KeyPublic, algorithm: KeyAlgorithm{Name: Ed25519},
		ed: append(ed25519.PublicKey(nil), pub...)}, nil
}

// ed25519FromJWK reads an OKP public JWK (RFC 8037), checking it as the
// standard does.
func ed25519FromJWK(r importRequest) ([]byte, error) {
	j := r.data.JWK
	if j.D != nil {
		if err := onlyUsages(r.usages, Ed25519, UsageSign); err != nil {
			return nil, err
		}
	} else if err := onlyUsages(r.usages, Ed25519, UsageVerify); err != nil {
		return nil, err
	}
	if j.Kty != "OKP" {
		return nil, errorf(DataError, "importKey: Ed25519 JWK \"kty\" must be \"OKP\", not %q", j.Kty)
	}
	if j.Crv != "Ed25519" {
		return nil, errorf(DataError, "importKey: JWK \"crv\" %q is not \"Ed25519\"", j.Crv)
	}
	if err := checkJWKAlg(j, "Ed25519", "EdDSA"); err != nil {
		return nil, err
	}
	if err := checkJWKUse(j, r.usages, r.extractable); err != nil {
		return nil, err
	}
	if j.D != nil {
		return nil, errorf(NotSupportedError, "importKey: private keys are not supported")
	}
	return decodeB64URL("x", j.X)
}

// ed25519Verify verifies with the cofactorless equation (crypto/ed25519),
// after refusing a key or an R that is not a point or has small order, as
// the standard requires.
func ed25519Verify(k *Key, sig, data []byte) bool {
	if len(sig) != ed25519.SignatureSize {
		return false
	}
	if smallOrderOrInvalid(k.ed) || smallOrderOrInvalid(sig[:32]) {
		return false
	}
	return ed25519.Verify(k.ed, data, sig)
}

// Edwards25519 constants for the small-order check.
var (
	edP = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	edD = func() *big.Int { // -121665/121666 mod p
		n := new(big.Int).Neg(big.NewInt(121665))
		inv := new(big.Int).ModInverse(big.NewInt(121666), edP)
		return n.Mul(n, inv).Mod(n, edP)
	}()
	edSqrtM1 = new(big.Int).Exp(big.NewInt(2), new(big.Int).Div(new(big.Int).Sub(edP, big.NewInt(1)), big.NewInt(4)), edP)
)

// smallOrderOrInvalid decodes a point as RFC 8032 §5.1.3 does (accepting
// a y that is not reduced, as crypto/ed25519 does) and reports whether it
// fails to decode or [8]P is the identity.
func smallOrderOrInvalid(enc []byte) bool {
	if len(enc) != 32 {
		return true
	}
	le := make([]byte, 32)
	for i := range enc {
		le[31-i] = enc[i]
	}
	sign := le[0] >> 7
	le[0] &= 0x7f
	y := new(big.Int).SetBytes(le)
	y.Mod(y, edP)
	x, ok := recoverX(y, sign)
	if !ok {
		return true
	}
	px, py := x, y
	for i := 0; i < 3; i++ {
		px, py = edDouble(px, py)
	}
	return px.Sign() == 0 && py.Cmp(big.NewInt(1)) == 0
}

// recoverX solves x^2 = (y^2-1)/(d y^2+1) and picks the root with the sign.
func recoverX(y *big.Int, sign byte) (*big.Int, bool) {
	y2 := new(big.Int).Mul(y, y)
	u := new(big.Int).Sub(y2, big.NewInt(1))
	v := new(big.Int).Mul(edD, y2)
	v.Add(v, big.NewInt(1)).Mod(v, edP)
	vInv := new(big.Int).ModInverse(v, edP)
	if vInv == nil {
		return nil, false
	}
	x2 := u.Mul(u, vInv)
	x2.Mod(x2, edP)
	x := new(big.Int).Exp(x2, new(big.Int).Div(new(big.Int).Add(edP, big.NewInt(3)), big.NewInt(8)), edP)
	chk := new(big.Int).Mul(x, x)
	if chk.Mod(chk, edP).Cmp(x2) != 0 {
		x.Mul(x, edSqrtM1).Mod(x, edP)
		chk.Mul(x, x).Mod(chk, edP)
		if chk.Cmp(x2) != 0 {
			return nil, false
		}
	}
	if x.Sign() == 0 && sign == 1 {
		return nil, false
	}
	if byte(x.Bit(0)) != sign {
		x.Sub(edP, x)
	}
	return x, true
}

// edDouble doubles an affine point of -x^2 + y^2 = 1 + d x^2 y^2.
func edDouble(x, y *big.Int) (*big.Int, *big.Int) {
	xy := new(big.Int).Mul(x, y)
	x2 := new(big.Int).Mul(x, x)
	y2 := new(big.Int).Mul(y, y)
	dxy := new(big.Int).Mul(edD, new(big.Int).Mul(x2, y2))
	dxy.Mod(dxy, edP)
	// x3 = 2xy / (1 + d x^2 y^2), y3 = (y^2 + x^2) / (1 - d x^2 y^2)
	den1 := new(big.Int).Add(big.NewInt(1), dxy)
	den2 := new(big.Int).Sub(big.NewInt(1), dxy)
	den1.Mod(den1, edP)
	den2.Mod(den2, edP)
	x3 := new(big.Int).Lsh(xy, 1)
	x3.Mul(x3, new(big.Int).ModInverse(den1, edP)).Mod(x3, edP)
	y3 := new(big.Int).Add(y2, x2)
	y3.Mul(y3, new(big.Int).ModInverse(den2, edP)).Mod(y3, edP)
	return x3, y3
}
