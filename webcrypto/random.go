package webcrypto

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
)

// MaxRandomBytes is the most getRandomValues fills in one call
// (QuotaExceededError above).
const MaxRandomBytes = 65536

// RandomUUID is crypto.randomUUID: a version 4 UUID from r (crypto/rand
// when nil), in lower-case hexadecimal.
func RandomUUID(r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("randomUUID: reading random bytes: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}
