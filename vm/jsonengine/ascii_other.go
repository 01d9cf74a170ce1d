//go:build !amd64 && !arm64

package jsonengine

import (
	"encoding/binary"
	"unsafe"
)

// asciiWords ORs together s's leading whole 8-byte words and returns where
// the rest starts.
func asciiWords(s string) (acc uint64, rest int) {
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	i := 0
	for ; i+8 <= len(b); i += 8 {
		acc |= binary.LittleEndian.Uint64(b[i:])
	}
	return acc, i
}
