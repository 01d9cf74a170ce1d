//go:build amd64 || arm64

package jsonengine

import "unsafe"

// asciiWords ORs together s's leading whole 8-byte words, read straight
// from its bytes (these processors load unaligned words), and returns
// where the rest starts.
func asciiWords(s string) (acc uint64, rest int) {
	p := unsafe.Pointer(unsafe.StringData(s))
	n := len(s)
	i := 0
	for ; i+32 <= n; i += 32 {
		acc |= *(*uint64)(unsafe.Add(p, i)) | *(*uint64)(unsafe.Add(p, i+8)) |
			*(*uint64)(unsafe.Add(p, i+16)) | *(*uint64)(unsafe.Add(p, i+24))
	}
	for ; i+8 <= n; i += 8 {
		acc |= *(*uint64)(unsafe.Add(p, i))
	}
	return acc, i
}
