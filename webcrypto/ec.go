package webcrypto

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"math/big"
)

// curves are the named curves of ECDSA keys, with each one's JWK "alg".
var curves = map[string]struct {
	curve elliptic.Curve
	alg   string
}{
	"P-256": {elliptic.P256(), "ES256"},
	"P-384": {elliptic.P384(), "ES384"},
	"P-521": {elliptic.P521(), "ES512"},
}

// importEC is ECDSA's import key operation (public keys only).
func importEC(r importRequest) (*Key, error) {
	named := r.alg.NamedCurve
	var pub *ecdsa.PublicKey
	var err error
	switch r.format {
	case FormatSPKI:
		pub, err = ecFromSPKI(r, named)
	case FormatRaw:
		c, ok := curves[named]
		if !ok {
			return nil, errorf(DataError, "importKey: %q is not a supported named curve", named)
		}
		if err := onlyUsages(r.usages, ECDSA, UsageVerify); err != nil {
			return nil, err
		}
		pub, err = decodePoint(c.curve, r.data.Bytes)
	case FormatJWK:
		pub, err = ecFromJWK(r, named)
	case FormatPKCS8:
		return nil, errorf(NotSupportedError, "importKey: private keys are not supported")
	default:
		return nil, unsupportedFormat(ECDSA, r.format)
	}
	if err != nil {
		return nil, err
	}
	return &Key{typ: KeyPublic, algorithm: KeyAlgorithm{Name: ECDSA, NamedCurve: named}, ec: pub}, nil
}

// ecFromSPKI reads an id-ecPublicKey SPKI whose curve must be named.
func ecFromSPKI(r importRequest, named string) (*ecdsa.PublicKey, error) {
	if err := onlyUsages(r.usages, ECDSA, UsageVerify); err != nil {
		return nil, err
	}
	s, err := ParseSPKI(r.data.Bytes)
	if err != nil {
		return nil, err
	}
	curve, err := ecCurveOfSPKI(s)
	if err != nil {
		return nil, err
	}
	if curve == "" {
		return nil, errorf(DataError, "importKey: the SPKI's curve is not one Web Crypto names")
	}
	if curve != named {
		return nil, errorf(DataError, "importKey: the key is on %s, not %q", curve, named)
	}
	return decodePoint(curves[curve].curve, s.PublicKey)
}

// ecFromJWK reads an EC public JWK, checking it as the standard does.
func ecFromJWK(r importRequest, named string) (*ecdsa.PublicKey, error) {
	j := r.data.JWK
	if j.D != nil {
		if err := onlyUsages(r.usages, ECDSA, UsageSign); err != nil {
			return nil, err
		}
	} else if err := onlyUsages(r.usages, ECDSA, UsageVerify); err != nil {
		return nil, err
	}
	if j.Kty != "EC" {
		return nil, errorf(DataError, "importKey: EC JWK \"kty\" must be \"EC\", not %q", j.Kty)
	}
	if err := checkJWKUse(j, r.usages, r.extractable); err != nil {
		return nil, err
	}
	if j.Crv != named {
		return nil, errorf(DataError, "importKey: JWK \"crv\" %q is not %q", j.Crv, named)
	}
	c, ok := curves[named]
	if !ok {
		return nil, errorf(DataError, "importKey: %q is not a supported named curve", named)
	}
	if err := checkJWKAlg(j, c.alg); err != nil {
		return nil, err
	}
	if j.D != nil {
		return nil, errorf(NotSupportedError, "importKey: private keys are not supported")
	}
	size := (c.curve.Params().BitSize + 7) / 8
	x, err := decodeB64URL("x", j.X)
	if err != nil {
		return nil, err
	}
	y, err := decodeB64URL("y", j.Y)
	if err != nil {
		return nil, err
	}
	if len(x) != size || len(y) != size {
		return nil, errorf(DataError, "importKey: JWK \"x\" and \"y\" must be %d octets on %s", size, named)
	}
	return decodePoint(c.curve, append(append([]byte{4}, x...), y...))
}

// decodePoint decodes a SEC 1 §2.3.4 point (uncompressed or compressed)
// and checks it is on the curve and not the point at infinity.
func decodePoint(c elliptic.Curve, b []byte) (*ecdsa.PublicKey, error) {
	var x, y *big.Int
	if len(b) > 0 && b[0] == 4 {
		x, y = elliptic.Unmarshal(c, b) //nolint:staticcheck // no replacement before Go 1.25
	} else {
		x, y = elliptic.UnmarshalCompressed(c, b)
	}
	if x == nil {
		return nil, errorf(DataError, "importKey: the public key is not a valid point on %s", c.Params().Name)
	}
	return &ecdsa.PublicKey{Curve: c, X: x, Y: y}, nil
}

// ecdsaVerify verifies Web Crypto's r||s signature, each half as long as
// the curve's order.
func ecdsaVerify(k *Key, hashName string, sig, data []byte) (bool, error) {
	digest, _, err := sum(hashName, data)
	if err != nil {
		return false, err
	}
	n := (k.ec.Curve.Params().N.BitLen() + 7) / 8
	if len(sig) != 2*n {
		return false, nil
	}
	r := new(big.Int).SetBytes(sig[:n])
	s := new(big.Int).SetBytes(sig[n:])
	return ecdsa.Verify(k.ec, digest, r, s), nil
}
