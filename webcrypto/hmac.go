package webcrypto

import (
	"crypto/hmac"
)

// hmacJWKAlg is the JWK "alg" that goes with each HMAC hash.
var hmacJWKAlg = map[string]string{SHA1: "HS1", SHA256: "HS256", SHA384: "HS384", SHA512: "HS512"}

// importHMAC is HMAC's import key operation.
func importHMAC(r importRequest) (*Key, error) {
	if err := onlyUsages(r.usages, HMAC, UsageSign, UsageVerify); err != nil {
		return nil, err
	}
	var data []byte
	switch r.format {
	case FormatRaw:
		data = append([]byte(nil), r.data.Bytes...)
	case FormatJWK:
		j := r.data.JWK
		if j.Kty != "oct" {
			return nil, errorf(DataError, "importKey: HMAC JWK \"kty\" must be \"oct\", not %q", j.Kty)
		}
		var err error
		if data, err = decodeB64URL("k", j.K); err != nil {
			return nil, err
		}
		if err := checkJWKAlg(j, hmacJWKAlg[r.alg.Hash]); err != nil {
			return nil, err
		}
		if err := checkJWKUse(j, r.usages, r.extractable); err != nil {
			return nil, err
		}
	default:
		return nil, unsupportedFormat(HMAC, r.format)
	}
	length := 8 * len(data)
	if length == 0 {
		return nil, errorf(DataError, "importKey: an HMAC key cannot be empty")
	}
	if r.alg.HasLength {
		l := int(r.alg.Length)
		if l > length || l <= length-8 {
			return nil, errorf(DataError, "importKey: length %d does not match the %d-bit key data", l, length)
		}
		if l%8 != 0 {
			return nil, errorf(NotSupportedError, "importKey: HMAC key lengths must be whole bytes, not %d bits", l)
		}
	}
	return &Key{
		typ:       KeySecret,
		algorithm: KeyAlgorithm{Name: HMAC, Hash: r.alg.Hash, Length: length},
		secret:    data,
	}, nil
}

// hmacSign computes the MAC of data with an HMAC key.
func hmacSign(k *Key, data []byte) ([]byte, error) {
	h, _, err := newHash(k.algorithm.Hash)
	if err != nil {
		return nil, err
	}
	m := hmac.New(h, k.secret)
	m.Write(data)
	return m.Sum(nil), nil
}

// hmacVerify compares a MAC in constant time.
func hmacVerify(k *Key, sig, data []byte) (bool, error) {
	mac, err := hmacSign(k, data)
	if err != nil {
		return false, err
	}
	return hmac.Equal(mac, sig), nil
}
