package webtext

import (
	"encoding/base64"
	"errors"
	"strings"
)

// ErrInvalidCharacter is atob's and btoa's InvalidCharacterError.
var ErrInvalidCharacter = errors.New("invalid character")

// ForgivingBase64Decode is the HTML standard's forgiving-base64 decode:
// ASCII whitespace removed, padding optional, bits after the last
// character required to be zero only as far as the standard requires.
func ForgivingBase64Decode(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\f', '\r', ' ':
			return -1
		}
		return r
	}, s)
	if len(s)%4 == 0 {
		if strings.HasSuffix(s, "==") {
			s = s[:len(s)-2]
		} else if strings.HasSuffix(s, "=") {
			s = s[:len(s)-1]
		}
	}
	if len(s)%4 == 1 {
		return nil, ErrInvalidCharacter
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return nil, ErrInvalidCharacter
		}
	}
	// The standard discards the leftover bits; RawStdEncoding in
	// non-strict mode does the same.
	out, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrInvalidCharacter
	}
	return out, nil
}
