package jsonengine

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// QuoteJSON quotes a JavaScript string as JSON.stringify does, including
// lone surrogates (escaped as \udXXX).
func QuoteJSON(b *bytes.Buffer, s goja.String) { quoteJSON(b, s) }

// quoteJSON is QuoteJSON, reporting whether s was all ASCII.
func quoteJSON(b *bytes.Buffer, s goja.String) (ascii bool) {
	str := s.String()
	if quoteASCII(b, str) {
		return true
	}
	b.WriteByte('"')
	n := s.Length()
	for i := 0; i < n; i++ {
		c := s.CharAt(i)
		switch {
		case utf16.IsSurrogate(rune(c)):
			if c < 0xDC00 && i+1 < n {
				if d := s.CharAt(i + 1); d >= 0xDC00 && d <= 0xDFFF {
					b.WriteRune(utf16.DecodeRune(rune(c), rune(d)))
					i++
					continue
				}
			}
			b.WriteString(`\u`)
			b.WriteString(strconv.FormatUint(uint64(c), 16))
		case c < utf8.RuneSelf:
			writeASCII(b, byte(c))
		default:
			b.WriteRune(rune(c))
		}
	}
	b.WriteByte('"')
	return false
}

// QuoteGoString quotes s as JSON.stringify quotes the same text, copying
// runs that need no escape whole.
func QuoteGoString(b *bytes.Buffer, s string) {
	if quoteASCII(b, s) {
		return
	}
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b.WriteString(s[start:i])
				b.WriteRune(r) // not UTF-8: what a JavaScript string of it holds
				start = i + 1
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b.WriteString(s[start:i])
		writeASCII(b, c)
		i++
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

const hexDigits = "0123456789abcdef"

// plainASCII marks the bytes a JSON string holds as they are.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// quoteASCII writes s quoted when it is all ASCII, appending to b's free
// space in one pass; it writes nothing and returns false otherwise.
func quoteASCII(b *bytes.Buffer, s string) bool {
	b.Grow(len(s) + len(s)/4 + 2) // room for a few escapes: no copy
	dst := b.AvailableBuffer()
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && plainASCII[c] {
			continue
		}
		if c >= utf8.RuneSelf {
			return false
		}
		dst = append(dst, s[start:i]...)
		dst = appendEscaped(dst, c)
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	b.Write(append(dst, '"'))
	return true
}

// appendEscaped appends ASCII c as JSON.stringify escapes it.
func appendEscaped(dst []byte, c byte) []byte {
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
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

func writeASCII(b *bytes.Buffer, c byte) {
	switch c {
	case '"':
		b.WriteString(`\"`)
	case '\\':
		b.WriteString(`\\`)
	case '\b':
		b.WriteString(`\b`)
	case '\f':
		b.WriteString(`\f`)
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		if c < 0x20 {
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xF])
			return
		}
		b.WriteByte(c)
	}
}

// isASCII reports whether s is all ASCII, eight bytes at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64([]byte(s[i:i+8]))&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
