package jsonengine

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// appendQuotedJS appends a JavaScript string quoted as JSON.stringify
// quotes it, including lone surrogates (escaped as \udXXX), and reports
// whether it was all ASCII.
func appendQuotedJS(dst []byte, s goja.String) (_ []byte, ascii bool) {
	str := s.String()
	if out, ok := appendQuotedASCII(dst, str); ok {
		return out, true
	}
	dst = append(dst, '"')
	n := s.Length()
	for i := 0; i < n; i++ {
		c := s.CharAt(i)
		switch {
		case utf16.IsSurrogate(rune(c)):
			if c < 0xDC00 && i+1 < n {
				if d := s.CharAt(i + 1); d >= 0xDC00 && d <= 0xDFFF {
					dst = utf8.AppendRune(dst, utf16.DecodeRune(rune(c), rune(d)))
					i++
					continue
				}
			}
			dst = append(dst, '\\', 'u')
			dst = strconv.AppendUint(dst, uint64(c), 16)
		case c < utf8.RuneSelf:
			dst = appendASCII(dst, byte(c))
		default:
			dst = utf8.AppendRune(dst, rune(c))
		}
	}
	return append(dst, '"'), false
}

// appendQuotedGo appends s quoted as JSON.stringify quotes the same text,
// copying runs that need no escape whole.
func appendQuotedGo(dst []byte, s string) []byte {
	if out, ok := appendQuotedASCII(dst, s); ok {
		return out
	}
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = utf8.AppendRune(dst, r) // not UTF-8: what a JavaScript string of it holds
				start = i + 1
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = appendASCII(dst, c)
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// plainASCII marks the bytes a JSON string holds as they are.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendQuotedASCII appends s quoted when it is all ASCII, in one pass;
// otherwise it returns dst as it was and false.
func appendQuotedASCII(dst []byte, s string) ([]byte, bool) {
	n := len(dst)
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && plainASCII[c] {
			continue
		}
		if c >= utf8.RuneSelf {
			return dst[:n], false
		}
		dst = append(dst, s[start:i]...)
		dst = appendASCII(dst, c)
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"'), true
}

// appendASCII appends ASCII c as JSON.stringify writes it in a string.
func appendASCII(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	if c < 0x20 {
		return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
	}
	return append(dst, c)
}
