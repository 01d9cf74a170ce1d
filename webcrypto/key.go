package webcrypto

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
)

// Key types, the CryptoKey's [[type]].
const (
	KeySecret  = "secret"
	KeyPublic  = "public"
	KeyPrivate = "private"
)

// Key usages (the KeyUsage enumeration).
const (
	UsageEncrypt    = "encrypt"
	UsageDecrypt    = "decrypt"
	UsageSign       = "sign"
	UsageVerify     = "verify"
	UsageDeriveKey  = "deriveKey"
	UsageDeriveBits = "deriveBits"
	UsageWrapKey    = "wrapKey"
	UsageUnwrapKey  = "unwrapKey"
)

var allUsages = []string{UsageEncrypt, UsageDecrypt, UsageSign, UsageVerify,
	UsageDeriveKey, UsageDeriveBits, UsageWrapKey, UsageUnwrapKey}

// KeyAlgorithm is a key's [[algorithm]]: the name and the members of the
// algorithm's KeyAlgorithm dictionary (zero when the algorithm has none).
type KeyAlgorithm struct {
	Name string
	// Hash names the hash of HMAC and RSA keys.
	Hash string
	// Length is an HMAC key's length in bits.
	Length int
	// NamedCurve is an ECDSA key's curve.
	NamedCurve string
	// ModulusLength (bits) and PublicExponent (big-endian) describe an RSA key.
	ModulusLength  int
	PublicExponent []byte
}

// Key is a CryptoKey: its type, algorithm, usages and whether it may be
// exported, and the key material. It is immutable once imported and safe to
// share between goroutines.
type Key struct {
	typ         string
	extractable bool
	algorithm   KeyAlgorithm
	usages      []string

	secret []byte
	rsa    *rsa.PublicKey
	ec     *ecdsa.PublicKey
	ed     ed25519.PublicKey
}

// Type is "secret", "public" or "private".
func (k *Key) Type() string { return k.typ }

// Extractable reports whether exportKey may export the key.
func (k *Key) Extractable() bool { return k.extractable }

// Algorithm is the key's algorithm (a copy).
func (k *Key) Algorithm() KeyAlgorithm {
	a := k.algorithm
	a.PublicExponent = append([]byte(nil), a.PublicExponent...)
	return a
}

// Usages are the key's usages (a copy).
func (k *Key) Usages() []string { return append([]string(nil), k.usages...) }

// hasUsage reports whether u is among the key's usages.
func (k *Key) hasUsage(u string) bool {
	for _, v := range k.usages {
		if v == u {
			return true
		}
	}
	return false
}

// normalizeUsages checks every usage is a KeyUsage (TypeError, as WebIDL's
// enumeration conversion) and returns the standard's "normalized value":
// each usage once, in the order the standard lists the usages.
func normalizeUsages(usages []string) ([]string, error) {
	for _, u := range usages {
		if !contains(allUsages, u) {
			return nil, errorf(TypeError, "%q is not a valid key usage", u)
		}
	}
	out := make([]string, 0, len(usages))
	for _, u := range allUsages {
		if contains(usages, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// onlyUsages fails with SyntaxError if usages holds anything outside allowed.
func onlyUsages(usages []string, alg string, allowed ...string) error {
	for _, u := range usages {
		if !contains(allowed, u) {
			return errorf(SyntaxError, "%s key cannot have usage %q", alg, u)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
