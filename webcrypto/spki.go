package webcrypto

import (
	"encoding/asn1"
	"math/big"
)

// Object identifiers of the public keys imported from SPKI.
var (
	oidRSAEncryption = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidECPublicKey   = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidEd25519       = asn1.ObjectIdentifier{1, 3, 101, 112}
	oidP256          = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}
	oidP384          = asn1.ObjectIdentifier{1, 3, 132, 0, 34}
	oidP521          = asn1.ObjectIdentifier{1, 3, 132, 0, 35}
)

// SPKI is a parsed SubjectPublicKeyInfo (RFC 5280 §4.1): the algorithm's
// identifier, its parameters (Params.FullBytes empty when absent) and the
// subject public key's bytes.
type SPKI struct {
	Algorithm asn1.ObjectIdentifier
	Params    asn1.RawValue
	PublicKey []byte
}

type spkiASN1 struct {
	Algorithm struct {
		Algorithm  asn1.ObjectIdentifier
		Parameters asn1.RawValue `asn1:"optional"`
	}
	PublicKey asn1.BitString
}

// ParseSPKI parses DER SubjectPublicKeyInfo; malformed DER, trailing bytes
// or a key that is not a whole number of bytes are a DataError.
func ParseSPKI(der []byte) (*SPKI, error) {
	var s spkiASN1
	rest, err := asn1.Unmarshal(der, &s)
	if err != nil {
		return nil, errorf(DataError, "importKey: invalid SubjectPublicKeyInfo: %v", err)
	}
	if len(rest) != 0 {
		return nil, errorf(DataError, "importKey: %d bytes after the SubjectPublicKeyInfo", len(rest))
	}
	if s.PublicKey.BitLength%8 != 0 {
		return nil, errorf(DataError, "importKey: the subject public key is not a whole number of bytes")
	}
	return &SPKI{Algorithm: s.Algorithm.Algorithm, Params: s.Algorithm.Parameters, PublicKey: s.PublicKey.Bytes}, nil
}

// hasParams reports whether the AlgorithmIdentifier had parameters.
func (s *SPKI) hasParams() bool { return len(s.Params.FullBytes) != 0 }

// rsaPublicKeyASN1 is PKCS #1's RSAPublicKey.
type rsaPublicKeyASN1 struct {
	N *big.Int
	E *big.Int
}

// parseRSAPublicKey parses the RSAPublicKey in an rsaEncryption SPKI.
func parseRSAPublicKey(s *SPKI) (n, e *big.Int, err error) {
	if !s.Algorithm.Equal(oidRSAEncryption) {
		return nil, nil, errorf(DataError, "importKey: the SPKI algorithm %v is not rsaEncryption", s.Algorithm)
	}
	if s.hasParams() && (s.Params.Tag != asn1.TagNull || s.Params.Class != asn1.ClassUniversal || len(s.Params.Bytes) != 0) {
		return nil, nil, errorf(DataError, "importKey: rsaEncryption parameters must be NULL")
	}
	var k rsaPublicKeyASN1
	rest, err := asn1.Unmarshal(s.PublicKey, &k)
	if err != nil {
		return nil, nil, errorf(DataError, "importKey: invalid RSAPublicKey: %v", err)
	}
	if len(rest) != 0 {
		return nil, nil, errorf(DataError, "importKey: bytes after the RSAPublicKey")
	}
	return k.N, k.E, nil
}

// ecCurveOfSPKI returns the named curve of an id-ecPublicKey SPKI ("" for a
// curve Web Crypto does not name).
func ecCurveOfSPKI(s *SPKI) (string, error) {
	if !s.Algorithm.Equal(oidECPublicKey) {
		return "", errorf(DataError, "importKey: the SPKI algorithm %v is not id-ecPublicKey", s.Algorithm)
	}
	var curve asn1.ObjectIdentifier
	rest, err := asn1.Unmarshal(s.Params.FullBytes, &curve)
	if err != nil || len(rest) != 0 {
		return "", errorf(DataError, "importKey: EC parameters must be a named curve")
	}
	switch {
	case curve.Equal(oidP256):
		return "P-256", nil
	case curve.Equal(oidP384):
		return "P-384", nil
	case curve.Equal(oidP521):
		return "P-521", nil
	}
	return "", nil
}
