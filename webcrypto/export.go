package webcrypto

import (
	"crypto/x509"
)

// ExportKey is crypto.subtle.exportKey: HMAC keys as raw or jwk; RSA public
// keys as spki or jwk; ECDSA and Ed25519 public keys as spki, jwk or raw.
// A key that is not extractable is an InvalidAccessError; a format the
// algorithm lacks is NotSupportedError.
func ExportKey(format string, k *Key) (KeyData, error) {
	if err := CheckFormat(format); err != nil {
		return KeyData{}, err
	}
	if k == nil {
		return KeyData{}, errorf(TypeError, "exportKey: the key is not a CryptoKey")
	}
	if !k.extractable {
		return KeyData{}, errorf(InvalidAccessError, "exportKey: the key is not extractable")
	}
	var out KeyData
	var err error
	switch k.algorithm.Name {
	case HMAC:
		out, err = exportHMAC(format, k)
	case RSAPKCS1, RSAPSS, ECDSA, Ed25519:
		out, err = exportPublic(format, k)
	default:
		err = errorf(NotSupportedError, "exportKey: exporting %s keys is not supported", k.algorithm.Name)
	}
	if err != nil || out.JWK == nil {
		return out, err
	}
	ext, ops := k.extractable, k.Usages()
	out.JWK.KeyOps, out.JWK.Ext = &ops, &ext
	return out, nil
}

// exportHMAC exports an HMAC key as raw or jwk.
func exportHMAC(format string, k *Key) (KeyData, error) {
	switch format {
	case FormatRaw:
		return KeyData{Bytes: append([]byte(nil), k.secret...)}, nil
	case FormatJWK:
		alg := hmacJWKAlg[k.algorithm.Hash]
		return KeyData{JWK: &JWK{Kty: "oct", K: encodeB64URL(k.secret), Alg: &alg}}, nil
	}
	return KeyData{}, errorf(NotSupportedError, "exportKey: HMAC keys cannot be exported as %q", format)
}

// exportPublic exports a public key as spki, jwk or (EC, Ed25519) raw.
func exportPublic(format string, k *Key) (KeyData, error) {
	switch format {
	case FormatSPKI:
		der, err := x509.MarshalPKIXPublicKey(k.public())
		if err != nil {
			return KeyData{}, errorf(OperationError, "exportKey: %v", err)
		}
		return KeyData{Bytes: der}, nil
	case FormatJWK:
		return KeyData{JWK: k.publicJWK()}, nil
	case FormatPKCS8:
		return KeyData{}, errorf(InvalidAccessError, "exportKey: pkcs8 needs a private key")
	case FormatRaw:
		switch k.algorithm.Name {
		case ECDSA:
			return KeyData{Bytes: uncompressedPoint(k)}, nil
		case Ed25519:
			return KeyData{Bytes: append([]byte(nil), k.ed...)}, nil
		}
	}
	return KeyData{}, errorf(NotSupportedError, "exportKey: %s keys cannot be exported as %q", k.algorithm.Name, format)
}

// public is the crypto/* public key of a public Key.
func (k *Key) public() any {
	switch {
	case k.rsa != nil:
		return k.rsa
	case k.ec != nil:
		return k.ec
	}
	return k.ed
}

// publicJWK is a public key's JWK without key_ops and ext.
func (k *Key) publicJWK() *JWK {
	switch k.algorithm.Name {
	case RSAPKCS1, RSAPSS:
		alg := rsaJWKAlg[k.algorithm.Name][k.algorithm.Hash]
		return &JWK{Kty: "RSA", Alg: &alg, N: encodeB64URL(k.rsa.N.Bytes()), E: encodeB64URL(k.algorithm.PublicExponent)}
	case ECDSA:
		p := uncompressedPoint(k)
		size := (len(p) - 1) / 2
		return &JWK{Kty: "EC", Crv: k.algorithm.NamedCurve, X: encodeB64URL(p[1 : 1+size]), Y: encodeB64URL(p[1+size:])}
	}
	alg := Ed25519
	return &JWK{Kty: "OKP", Alg: &alg, Crv: Ed25519, X: encodeB64URL(k.ed)}
}

// uncompressedPoint is SEC 1's uncompressed encoding of an EC public key.
func uncompressedPoint(k *Key) []byte {
	size := (k.ec.Curve.Params().BitSize + 7) / 8
	out := make([]byte, 1+2*size)
	out[0] = 4
	k.ec.X.FillBytes(out[1 : 1+size])
	k.ec.Y.FillBytes(out[1+size:])
	return out
}
