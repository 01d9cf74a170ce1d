package webcrypto

// checkKeyFor is the common part of sign and verify: the key's algorithm
// must be the one asked for and allow the usage (InvalidAccessError).
func checkKeyFor(alg Algorithm, k *Key, usage string) error {
	if k == nil {
		return errorf(TypeError, "%s: the key is not a CryptoKey", usage)
	}
	if alg.Name != k.algorithm.Name {
		return errorf(InvalidAccessError, "%s: the key is a %s key, not %s", usage, k.algorithm.Name, alg.Name)
	}
	if !k.hasUsage(usage) {
		return errorf(InvalidAccessError, "%s: the key's usages do not include %q", usage, usage)
	}
	return nil
}

// Sign is crypto.subtle.sign for a normalized algorithm (OpSign). Only HMAC
// signs; the other algorithms have no private keys here, so their keys never
// carry the "sign" usage and fail with InvalidAccessError.
func Sign(alg Algorithm, k *Key, data []byte) ([]byte, error) {
	if err := checkKeyFor(alg, k, UsageSign); err != nil {
		return nil, err
	}
	if alg.Name != HMAC {
		return nil, errorf(NotSupportedError, "sign: %s signing is not supported", alg.Name)
	}
	return hmacSign(k, data)
}

// Verify is crypto.subtle.verify for a normalized algorithm (OpVerify): a
// signature that does not verify is false, not an error.
func Verify(alg Algorithm, k *Key, sig, data []byte) (bool, error) {
	if err := checkKeyFor(alg, k, UsageVerify); err != nil {
		return false, err
	}
	if alg.Name != HMAC && k.typ != KeyPublic {
		return false, errorf(InvalidAccessError, "verify: %s needs a public key", alg.Name)
	}
	switch alg.Name {
	case HMAC:
		return hmacVerify(k, sig, data)
	case RSAPKCS1:
		return rsaPKCS1Verify(k, sig, data)
	case RSAPSS:
		return rsaPSSVerify(k, alg.SaltLength, sig, data)
	case ECDSA:
		return ecdsaVerify(k, alg.Hash, sig, data)
	case Ed25519:
		return ed25519Verify(k, sig, data), nil
	}
	return false, errorf(NotSupportedError, "verify: %s is not supported", alg.Name)
}
