package weburl

import (
	"strings"
	"unicode/utf8"

	"github.com/tyk-ve/tyk-ve/webtext"
)

// Pair is one name-value pair of application/x-www-form-urlencoded data.
type Pair struct{ Name, Value string }

// ParseForm is the application/x-www-form-urlencoded parser: '&'-separated
// sequences, split at the first '=', '+' as space, percent-decoded, UTF-8
// decoded with replacement.
func ParseForm(s string) []Pair {
	var out []Pair
	for len(s) > 0 {
		seq := s
		if i := strings.IndexByte(s, '&'); i >= 0 {
			seq, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if seq == "" {
			continue
		}
		name, value, _ := strings.Cut(seq, "=")
		out = append(out, Pair{Name: formDecode(name), Value: formDecode(value)})
	}
	return out
}

func formDecode(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") && utf8.ValidString(s) {
		return s
	}
	return webtext.DecodeUTF8(PercentDecode(s))
}

// SerializeForm is the application/x-www-form-urlencoded serialiser.
func SerializeForm(pairs []Pair) string {
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		formEncode(&b, p.Name)
		b.WriteByte('=')
		formEncode(&b, p.Value)
	}
	return b.String()
}

func formEncode(b *strings.Builder, s string) {
	for _, r := range s {
		if r == ' ' {
			b.WriteByte('+')
			continue
		}
		encodeRune(b, r, formSet)
	}
}
