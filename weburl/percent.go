package weburl

import "strings"

// encodeSet is a percent-encode set over ASCII; every code point above
// U+007E is always in it.
type encodeSet [128]bool

func newSet(base *encodeSet, extra string) *encodeSet {
	var s encodeSet
	if base != nil {
		s = *base
	}
	for i := 0; i < len(extra); i++ {
		s[extra[i]] = true
	}
	return &s
}

func c0Set() *encodeSet {
	var s encodeSet
	for i := 0; i < 0x20; i++ {
		s[i] = true
	}
	s[0x7f] = true
	return &s
}

// The standard's percent-encode sets.
var (
	c0ControlSet    = c0Set()
	fragmentSet     = newSet(c0ControlSet, " \"<>`")
	querySet        = newSet(c0ControlSet, " \"#<>")
	specialQuerySet = newSet(querySet, "'")
	pathSet         = newSet(querySet, "?`{}")
	userinfoSet     = newSet(pathSet, "/:;=@[\\]^|")
	componentSet    = newSet(userinfoSet, "$%&+,")
	formSet         = newSet(componentSet, "!'()~")
)

func (s *encodeSet) has(b byte) bool { return b >= 0x80 || s[b] }

const upperHex = "0123456789ABCDEF"

// encodeRune appends r percent-encoded (as UTF-8) if it is in s.
func encodeRune(b *strings.Builder, r rune, s *encodeSet) {
	if r < 0x80 && !s[r] {
		b.WriteRune(r)
		return
	}
	var buf [4]byte
	n := encodeUTF8(buf[:], r)
	for _, c := range buf[:n] {
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
}

// encodeString percent-encodes every code point of str that is in s.
func encodeString(str string, s *encodeSet) string {
	i := 0
	for i < len(str) && !s.has(str[i]) {
		i++
	}
	if i == len(str) {
		return str
	}
	var b strings.Builder
	b.WriteString(str[:i])
	for _, r := range str[i:] {
		encodeRune(&b, r, s)
	}
	return b.String()
}

// PercentDecode decodes %XX sequences into bytes; a % not followed by two
// hex digits stays as it is.
func PercentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, c)
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
