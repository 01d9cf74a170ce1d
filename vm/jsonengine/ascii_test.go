package jsonengine

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// isASCIIByBytes is the reference: each byte below utf8.RuneSelf.
func isASCIIByBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FuzzIsASCII holds isASCII to the byte-by-byte check, at every offset of
// the word loops.
func FuzzIsASCII(f *testing.F) {
	for _, s := range []string{"", "a", "é", "abcdefgh\x80", strings.Repeat("a", 31) + "\xff", strings.Repeat("b", 64) + "\u00e9", strings.Repeat("c", 33)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i <= len(s) && i < 40; i++ {
			if got, want := isASCII(s[i:]), isASCIIByBytes(s[i:]); got != want {
				t.Fatalf("isASCII(%q) = %v, want %v", s[i:], got, want)
			}
		}
	})
}
