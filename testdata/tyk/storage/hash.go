package storage

import (
	"crypto/sha256"
	"encoding/hex"
)

// HashKey returns the storage form of a key: the key itself when hashing is
// off, a hex digest otherwise. Tyk's default algorithm is murmur; the double
// uses SHA-256 because only "hashed or not" matters to tyk-ve.
func HashKey(in string, hashKey bool) string {
	if !hashKey {
		return in
	}
	sum := sha256.Sum256([]byte(in))
	return hex.EncodeToString(sum[:])
}
