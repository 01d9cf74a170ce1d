package webcrypto

import (
	"crypto/rsa"
	"math/big"
)

// RSA key policy: the sizes this implementation imports (NotSupportedError
// outside them). 2048 bits is NIST's minimum for signatures; 16384 bounds
// the cost of one verification. Exponents above 2^31-1 are refused because
// crypto/rsa refuses them.
const (
	MinRSAModulusBits = 2048
	MaxRSAModulusBits = 16384
)

// rsaJWKAlg maps each hash to the JWK "alg" of the two RSA signature
// algorithms.
var rsaJWKAlg = map[string]map[string]string{
	RSAPKCS1: {SHA1: "RS1", SHA256: "RS256", SHA384: "RS384", SHA512: "RS512"},
	RSAPSS:   {SHA1: "PS1", SHA256: "PS256", SHA384: "PS384", SHA512: "PS512"},
}

// importRSA is the import key operation of RSASSA-PKCS1-v1_5 and RSA-PSS
// (public keys only).
func importRSA(r importRequest) (*Key, error) {
	var n, e *big.Int
	switch r.format {
	case FormatSPKI:
		if err := onlyUsages(r.usages, r.alg.Name, UsageVerify); err != nil {
			return nil, err
		}
		s, err := ParseSPKI(r.data.Bytes)
		if err != nil {
			return nil, err
		}
		if n, e, err = parseRSAPublicKey(s); err != nil {
			return nil, err
		}
	case FormatJWK:
		var err error
		if n, e, err = rsaFromJWK(r); err != nil {
			return nil, err
		}
	case FormatPKCS8:
		return nil, errorf(NotSupportedError, "importKey: private keys are not supported")
	default:
		return nil, unsupportedFormat(r.alg.Name, r.format)
	}
	pub, err := checkRSAPublicKey(n, e)
	if err != nil {
		return nil, err
	}
	return &Key{
		typ: KeyPublic,
		algorithm: KeyAlgorithm{Name: r.alg.Name, Hash: r.alg.Hash,
			ModulusLength: n.BitLen(), PublicExponent: e.Bytes()},
		rsa: pub,
	}, nil
}

// rsaFromJWK reads an RSA public JWK, checking it as the standard does.
func rsaFromJWK(r importRequest) (n, e *big.Int, err error) {
	j := r.data.JWK
	if j.D != nil {
		if err := onlyUsages(r.usages, r.alg.Name, UsageSign); err != nil {
			return nil, nil, err
		}
	} else if err := onlyUsages(r.usages, r.alg.Name, UsageVerify); err != nil {
		return nil, nil, err
	}
	if j.Kty != "RSA" {
		return nil, nil, errorf(DataError, "importKey: RSA JWK \"kty\" must be \"RSA\", not %q", j.Kty)
	}
	if err := checkJWKUse(j, r.usages, r.extractable); err != nil {
		return nil, nil, err
	}
	if j.Alg != nil {
		want := rsaJWKAlg[r.alg.Name][r.alg.Hash]
		if *j.Alg != want {
			return nil, nil, errorf(DataError, "importKey: JWK \"alg\" %q does not match %s with %s (%s)", *j.Alg, r.alg.Name, r.alg.Hash, want)
		}
	}
	if j.D != nil {
		return nil, nil, errorf(NotSupportedError, "importKey: private keys are not supported")
	}
	if n, err = jwkUint("n", j.N); err != nil {
		return nil, nil, err
	}
	if e, err = jwkUint("e", j.E); err != nil {
		return nil, nil, err
	}
	return n, e, nil
}

// jwkUint decodes a Base64urlUInt (RFC 7518 §2): non-empty, and in the
// fewest octets (no leading zero octet).
func jwkUint(member, s string) (*big.Int, error) {
	b, err := decodeB64URL(member, s)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, errorf(DataError, "importKey: JWK member %q is missing", member)
	}
	if b[0] == 0 && len(b) > 1 {
		return nil, errorf(DataError, "importKey: JWK member %q has a leading zero octet", member)
	}
	return new(big.Int).SetBytes(b), nil
}

// checkRSAPublicKey refuses keys RFC 8017 calls invalid (DataError: n odd
// and positive, e odd with 3 <= e < n) and keys outside the size policy
// (NotSupportedError).
func checkRSAPublicKey(n, e *big.Int) (*rsa.PublicKey, error) {
	if n.Sign() <= 0 || n.Bit(0) == 0 {
		return nil, errorf(DataError, "importKey: the RSA modulus must be odd and positive")
	}
	if e.Sign() <= 0 || e.Bit(0) == 0 || e.Cmp(big.NewInt(3)) < 0 || e.Cmp(n) >= 0 {
		return nil, errorf(DataError, "importKey: the RSA public exponent must be odd, at least 3 and below the modulus")
	}
	if bits := n.BitLen(); bits < MinRSAModulusBits || bits > MaxRSAModulusBits {
		return nil, errorf(NotSupportedError, "importKey: RSA keys of %d bits are not supported (%d to %d)", bits, MinRSAModulusBits, MaxRSAModulusBits)
	}
	if e.BitLen() > 31 {
		return nil, errorf(NotSupportedError, "importKey: RSA public exponents above 2^31-1 are not supported")
	}
	return &rsa.PublicKey{N: n, E: int(e.Int64())}, nil
}
