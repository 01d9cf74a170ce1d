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
// after refusing a key or an R of small order, as the standard requires.
// Encodings that are not points need no check of their own:
// crypto/ed25519 refuses such a key, and an R that is not a canonical point
// encoding never equals the R it recomputes.
func ed25519Verify(k *Key, sig, data []byte) bool {
	if len(sig) != ed25519.SignatureSize {
		return false
	}
	if hasSmallOrder(k.ed) || hasSmallOrder(sig[:32]) {
		return false
	}
	return ed25519.Verify(k.ed, data, sig)
}

// hasSmallOrder reports whether a point encoding's y coordinate (reduced
// modulo p, as crypto/ed25519 reads it) is that of one of the eight points
// of small order; every point with such a y has order 1, 2, 4 or 8.
func hasSmallOrder(enc []byte) bool {
	if len(enc) != 32 {
		return true
	}
	var y [32]byte
	copy(y[:], enc)
	y[31] &= 0x7f
	if y[31] == 0x7f && y[0] >= 0xed && allFF(y[1:31]) { // y >= p: subtract p
		y = [32]byte{y[0] - 0xed}
	}
	for _, s := range smallOrderY {
		if y == s {
			return true
		}
	}
	return false
}

func allFF(b []byte) bool {
	for _, c := range b {
		if c != 0xff {
			return false
		}
	}
	return true
}

// smallOrderY are the little-endian y coordinates of the points of small
// order: 1 (the identity), p-1 (order 2), 0 (order 4) and the two of the
// order-8 points, which solve y^2 = -x^2 on the curve (then 2P has y = 0):
// x^2 = (1 ± sqrt(1+d)) / d.
var smallOrderY = func() [][32]byte {
	p := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	d := new(big.Int).Mul(big.NewInt(-121665), new(big.Int).ModInverse(big.NewInt(121666), p))
	d.Mod(d, p)
	ys := []*big.Int{big.NewInt(1), new(big.Int).Sub(p, big.NewInt(1)), big.NewInt(0)}
	s, _ := sqrtModP(new(big.Int).Add(d, big.NewInt(1)), p)
	dInv := new(big.Int).ModInverse(d, p)
	for _, sign := range []int64{1, -1} {
		x2 := new(big.Int).Mul(s, big.NewInt(sign))
		x2.Add(x2, big.NewInt(1)).Mul(x2, dInv).Mod(x2, p)
		if _, ok := sqrtModP(x2, p); !ok {
			continue
		}
		if y, ok := sqrtModP(new(big.Int).Sub(p, x2), p); ok {
			ys = append(ys, y, new(big.Int).Sub(p, y))
		}
	}
	out := make([][32]byte, len(ys))
	for i, y := range ys {
		be := y.FillBytes(make([]byte, 32))
		for j := range be {
			out[i][31-j] = be[j]
		}
	}
	return out
}()

// sqrtModP is a square root modulo p = 2^255-19 (p = 5 mod 8).
func sqrtModP(a, p *big.Int) (*big.Int, bool) {
	r := new(big.Int).Exp(a, new(big.Int).Rsh(new(big.Int).Add(p, big.NewInt(3)), 3), p)
	sq := func(v *big.Int) *big.Int { return new(big.Int).Mod(new(big.Int).Mul(v, v), p) }
	want := new(big.Int).Mod(a, p)
	if sq(r).Cmp(want) == 0 {
		return r, true
	}
	i := new(big.Int).Exp(big.NewInt(2), new(big.Int).Rsh(new(big.Int).Sub(p, big.NewInt(1)), 2), p)
	r.Mul(r, i).Mod(r, p)
	return r, sq(r).Cmp(want) == 0
}
