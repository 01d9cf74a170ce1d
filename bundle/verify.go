package bundle

import (
	"crypto/rsa"
	"fmt"
)

// VerifyOptions configure Verify.
type VerifyOptions struct {
	// PublicKey, when set, requires a valid signature, as the gateway's
	// public_key_path does. Without it the signature is ignored, as in the
	// gateway.
	PublicKey *rsa.PublicKey
}

// Verify checks the bundle the way the gateway does after unpacking a fresh
// download (gateway Bundle.Verify): with a public key, an empty signature is
// ErrNotSigned; the MD5 of the file_list data must equal the checksum
// (ErrInvalidChecksum); with a public key the signature must verify
// (ErrInvalidSignature).
func (b *Bundle) Verify(opts VerifyOptions) error {
	if opts.PublicKey != nil && b.Manifest.Signature == "" {
		return ErrNotSigned
	}
	d, err := b.digest()
	if err != nil {
		return err
	}
	if sum := d.Checksum(); sum != b.Manifest.Checksum {
		return fmt.Errorf("%w: manifest has %q, file_list data hashes to %q", ErrInvalidChecksum, b.Manifest.Checksum, sum)
	}
	if opts.PublicKey != nil {
		return d.VerifySignature(opts.PublicKey, b.Manifest.Signature)
	}
	return nil
}

// digest hashes the file_list entries in list order.
func (b *Bundle) digest() (*Digest, error) {
	d := NewDigest()
	for _, name := range b.Manifest.FileList {
		f := b.files[name]
		if f == nil { // Open guarantees presence; kept for safety.
			return nil, fmt.Errorf("%w: %q", ErrMissingFile, name)
		}
		if err := b.copyEntry(d, f, b.limits.MaxFileSize); err != nil {
			return nil, err
		}
	}
	return d, nil
}
