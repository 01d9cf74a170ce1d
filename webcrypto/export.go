package webcrypto

// ExportKey is crypto.subtle.exportKey for the keys it supports: HMAC keys
// as raw or jwk. A key that is not extractable is an InvalidAccessError;
// other keys and formats are NotSupportedError.
func ExportKey(format string, k *Key) (KeyData, error) {
	switch format {
	case FormatRaw, FormatSPKI, FormatPKCS8, FormatJWK:
	default:
		return KeyData{}, errorf(TypeError, "exportKey: %q is not a valid key format", format)
	}
	if k == nil {
		return KeyData{}, errorf(TypeError, "exportKey: the key is not a CryptoKey")
	}
	if !k.extractable {
		return KeyData{}, errorf(InvalidAccessError, "exportKey: the key is not extractable")
	}
	if k.algorithm.Name != HMAC {
		return KeyData{}, errorf(NotSupportedError, "exportKey: exporting %s keys is not supported", k.algorithm.Name)
	}
	switch format {
	case FormatRaw:
		return KeyData{Bytes: append([]byte(nil), k.secret...)}, nil
	case FormatJWK:
		alg := hmacJWKAlg[k.algorithm.Hash]
		ext := k.extractable
		ops := k.Usages()
		return KeyData{JWK: &JWK{Kty: "oct", K: encodeB64URL(k.secret), Alg: &alg, KeyOps: &ops, Ext: &ext}}, nil
	}
	return KeyData{}, errorf(NotSupportedError, "exportKey: HMAC keys cannot be exported as %q", format)
}
