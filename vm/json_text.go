package vm

import (
	"strconv"
	"strings"
	"unicode/utf16"
)

// textDecoder reads JSON text into Go values with encoding/json's results
// for interface{} (objects map[string]interface{}, arrays []interface{},
// numbers float64). Each method reports false for text it does not accept —
// invalid JSON, or valid JSON it leaves to encoding/json — after which the
// decoder must not be used.
type textDecoder struct {
	s string
	i int
}

func (d *textDecoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte, 0 at the end.
func (d *textDecoder) peek() byte {
	d.space()
	if d.i == len(d.s) {
		return 0
	}
	return d.s[d.i]
}

// literal consumes word (true, false, null) if it comes next.
func (d *textDecoder) literal(word string) bool {
	if d.peek() != word[0] || !strings.HasPrefix(d.s[d.i:], word) {
		return false
	}
	d.i += len(word)
	return true
}

// object reads an object, calling member with each key once the decoder
// stands before its value; member must consume the value.
func (d *textDecoder) object(member func(key string) bool) bool {
	if d.peek() != '{' {
		return false
	}
	d.i++
	if d.peek() == '}' {
		d.i++
		return true
	}
	for {
		key, ok := d.str()
		if !ok || d.peek() != ':' {
			return false
		}
		d.i++
		if !member(key) {
			return false
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return true
		default:
			return false
		}
	}
}

// members reads an object into m; depth is the object's nesting level.
func (d *textDecoder) members(m map[string]interface{}, depth int) bool {
	if depth > maxFastDepth {
		return false
	}
	return d.object(func(key string) bool {
		v, ok := d.value(depth + 1)
		m[key] = v
		return ok
	})
}

func (d *textDecoder) array(depth int) ([]interface{}, bool) {
	if depth > maxFastDepth || d.peek() != '[' {
		return nil, false
	}
	d.i++
	out := []interface{}{}
	if d.peek() == ']' {
		d.i++
		return out, true
	}
	for {
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		out = append(out, v)
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			return out, true
		default:
			return nil, false
		}
	}
}

// value reads any value at nesting level depth.
func (d *textDecoder) value(depth int) (interface{}, bool) {
	switch c := d.peek(); {
	case c == '{':
		m := map[string]interface{}{}
		return m, d.members(m, depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		return d.str()
	case c == '-' || c >= '0' && c <= '9':
		lit, ok := d.number()
		if !ok {
			return nil, false
		}
		f, err := strconv.ParseFloat(lit, 64)
		return f, err == nil
	case d.literal("true"):
		return true, true
	case d.literal("false"):
		return false, true
	case d.literal("null"):
		return nil, true
	}
	return nil, false
}

// skip reads a value and drops it.
func (d *textDecoder) skip(depth int) bool {
	_, ok := d.value(depth)
	return ok
}

// number reads a number literal as JSON's grammar defines it.
func (d *textDecoder) number() (string, bool) {
	d.space()
	start := d.i
	d.next('-') // an optional sign
	switch {
	case d.next('0'):
	case d.digits() == 0:
		return "", false
	}
	if d.next('.') && d.digits() == 0 {
		return "", false
	}
	if d.next('e') || d.next('E') {
		if !d.next('+') {
			d.next('-')
		}
		if d.digits() == 0 {
			return "", false
		}
	}
	return d.s[start:d.i], true
}

func (d *textDecoder) next(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *textDecoder) digits() int {
	start := d.i
	for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		d.i++
	}
	return d.i - start
}

// str reads a string. The text is valid UTF-8 (decodeResponseText checks).
func (d *textDecoder) str() (string, bool) {
	if d.peek() != '"' {
		return "", false
	}
	start, escaped := d.i+1, false
	for j := start; j < len(d.s); j++ {
		switch c := d.s[j]; {
		case c == '"':
			d.i = j + 1
			if !escaped {
				return d.s[start:j], true
			}
			return unescapeJSON(d.s[start:j])
		case c == '\\':
			escaped = true
			j++ // the escaped byte, which may be a quote
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

// unescapeJSON decodes the escapes in a string's contents. An escaped
// surrogate is declined: encoding/json folds lone ones to U+FFFD, and
// JSON.stringify writes pairs unescaped.
func unescapeJSON(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '\\')
		if i < 0 {
			b.WriteString(s)
			return b.String(), true
		}
		b.WriteString(s[:i])
		if i+1 == len(s) {
			return "", false
		}
		if c, ok := simpleEscape(s[i+1]); ok {
			b.WriteByte(c)
			s = s[i+2:]
			continue
		}
		if s[i+1] != 'u' || i+6 > len(s) {
			return "", false
		}
		r, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil || utf16.IsSurrogate(rune(r)) {
			return "", false
		}
		b.WriteRune(rune(r))
		s = s[i+6:]
	}
}

func simpleEscape(e byte) (byte, bool) {
	switch e {
	case '"', '\\', '/':
		return e, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}
