package webcrypto

import (
	"crypto"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
)

// newHash returns the constructor for a canonical digest name.
func newHash(name string) (func() hash.Hash, crypto.Hash, error) {
	switch name {
	case SHA1:
		return sha1.New, crypto.SHA1, nil
	case SHA256:
		return sha256.New, crypto.SHA256, nil
	case SHA384:
		return sha512.New384, crypto.SHA384, nil
	case SHA512:
		return sha512.New, crypto.SHA512, nil
	}
	return nil, 0, errorf(NotSupportedError, "hash %q is not supported", name)
}

// Digest is crypto.subtle.digest for a normalized algorithm.
func Digest(alg Algorithm, data []byte) ([]byte, error) {
	h, _, err := newHash(alg.Name)
	if err != nil {
		return nil, err
	}
	d := h()
	d.Write(data)
	return d.Sum(nil), nil
}

// sum hashes data with a canonical digest name.
func sum(name string, data []byte) ([]byte, crypto.Hash, error) {
	h, id, err := newHash(name)
	if err != nil {
		return nil, 0, err
	}
	d := h()
	d.Write(data)
	return d.Sum(nil), id, nil
}
