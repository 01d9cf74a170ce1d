package bundle

import (
	"crypto"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
)

// Digest accumulates the file_list data of a bundle and yields its checksum
// and signature. Write each file's bytes in file_list order.
type Digest struct {
	md5    hash.Hash
	sha256 hash.Hash
	w      io.Writer
}

// NewDigest returns an empty Digest.
func NewDigest() *Digest {
	d := &Digest{md5: md5.New(), sha256: sha256.New()}
	d.w = io.MultiWriter(d.md5, d.sha256)
	return d
}

// Write adds bytes to the hashed data. It never fails.
func (d *Digest) Write(p []byte) (int, error) { return d.w.Write(p) }

// Checksum returns the manifest checksum: lowercase hex MD5 of the data.
func (d *Digest) Checksum() string { return hex.EncodeToString(d.md5.Sum(nil)) }

// Sign returns the manifest signature: base64 StdEncoding of the RSA PKCS#1
// v1.5 signature over the SHA-256 of the data.
func (d *Digest) Sign(key *rsa.PrivateKey) (string, error) {
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, d.sha256.Sum(nil))
	if err != nil {
		return "", fmt.Errorf("signing bundle: %w", err)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// VerifySignature checks a manifest signature against the data, as the
// gateway does: a base64 error or an RSA verification error both reject.
func (d *Digest) VerifySignature(key *rsa.PublicKey, signature string) error {
	sig, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return fmt.Errorf("%w: decoding base64: %w", ErrInvalidSignature, err)
	}
	if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, d.sha256.Sum(nil), sig); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidSignature, err)
	}
	return nil
}
