package jsonengine

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// MaxDepth bounds nesting in Parse.
const MaxDepth = 1000

// ErrTooDeep reports JSON nested deeper than MaxDepth.
var ErrTooDeep = errors.New("nested too deeply")

// Parse builds JavaScript values straight from JSON text, with the
// result JSON.parse would give (key order kept, duplicate keys: last wins) but
// without goja's reflection-based decoder, which dominates the cost of
// passing the session and config objects. Invalid JSON is an error.
func Parse(rt *goja.Runtime, data string) (goja.Value, error) {
	return ParseWith(rt, data, nil)
}

// Scratch is the buffer ParseWith collects an object's members in; a
// runtime keeps one between calls (not shared between goroutines).
type Scratch struct {
	members []member
	strings stringSlab // this parse's string values (never reused)
}

type member struct {
	key string
	val goja.Value
}

// ParseWith is Parse with a runtime's Scratch (nil: a new one).
func ParseWith(rt *goja.Runtime, data string, s *Scratch) (goja.Value, error) {
	if s == nil {
		s = &Scratch{}
	}
	p := Lexer{rt: rt, data: data, scratch: s}
	defer s.reset()
	p.SkipSpace()
	v, err := p.Value(0)
	if err != nil {
		return nil, err
	}
	p.SkipSpace()
	if p.pos != len(p.data) {
		return nil, p.errorf("unexpected data after the value")
	}
	return v, nil
}

type Lexer struct {
	rt      *goja.Runtime
	data    string
	pos     int
	scratch *Scratch // Parse's; nil when the Lexer builds no values
}

// reset keeps no value of the parse alive.
func (s *Scratch) reset() {
	clear(s.members[:cap(s.members)])
	s.members = s.members[:0]
	s.strings = stringSlab{}
}

func (p *Lexer) errorf(format string, args ...interface{}) error {
	return fmt.Errorf("invalid JSON at offset %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func (p *Lexer) SkipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *Lexer) Value(depth int) (goja.Value, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("invalid JSON at offset %d: %w", p.pos, ErrTooDeep)
	}
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.Object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.Str()
		if err != nil {
			return nil, err
		}
		if l := loadLayout(); l != nil && p.scratch != nil {
			return p.scratch.strings.value(p.rt, l, s), nil
		}
		return p.rt.ToValue(s), nil
	case c == 't':
		return p.Literal("true", p.rt.ToValue(true))
	case c == 'f':
		return p.Literal("false", p.rt.ToValue(false))
	case c == 'n':
		return p.Literal("null", goja.Null())
	case c == '-' || (c >= '0' && c <= '9'):
		return p.Number()
	}
	return nil, p.errorf("unexpected character %q", p.data[p.pos])
}

func (p *Lexer) Literal(word string, v goja.Value) (goja.Value, error) {
	if len(p.data)-p.pos < len(word) || p.data[p.pos:p.pos+len(word)] != word {
		return nil, p.errorf("invalid literal")
	}
	p.pos += len(word)
	return v, nil
}

func (p *Lexer) Object(depth int) (goja.Value, error) {
	p.pos++ // {
	p.SkipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return p.rt.NewObject(), nil
	}
	// The members go on the scratch stack (shared by nested objects, read
	// by index) and make the object at its end, in one go.
	start := len(p.scratch.members)
	for {
		p.SkipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errorf("expected a key")
		}
		key, err := p.Str()
		if err != nil {
			return nil, err
		}
		p.SkipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("expected ':'")
		}
		p.pos++
		p.SkipSpace()
		v, err := p.Value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.scratch.members = append(p.scratch.members, member{key: key, val: v})
		p.SkipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end in object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			obj, err := newDataObject(p.rt, p.scratch.members[start:])
			clear(p.scratch.members[start:])
			p.scratch.members = p.scratch.members[:start]
			return obj, err
		default:
			return nil, p.errorf("expected ',' or '}'")
		}
	}
}

func (p *Lexer) array(depth int) (goja.Value, error) {
	p.pos++ // [
	var items []interface{}
	p.SkipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return p.rt.NewArray(), nil
	}
	for {
		p.SkipSpace()
		v, err := p.Value(depth + 1)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		p.SkipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end in array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return p.rt.NewArray(items...), nil
		default:
			return nil, p.errorf("expected ',' or ']'")
		}
	}
}

func (p *Lexer) Number() (goja.Value, error) {
	text, isInt, err := p.numberText()
	if err != nil {
		return nil, err
	}
	if isInt && text != "-0" {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil && n > -(1<<53) && n < 1<<53 {
			return p.rt.ToValue(n), nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, p.errorf("invalid number %q", text)
	}
	return p.rt.ToValue(f), nil
}

// numberText reads a number literal as JSON's grammar defines it; isInt
// reports one without a fraction or an exponent.
func (p *Lexer) numberText() (text string, isInt bool, err error) {
	start := p.pos
	if p.pos < len(p.data) && p.data[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		n := 0
		for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	intStart := p.pos
	if digits() == 0 || (p.data[intStart] == '0' && p.pos-intStart > 1) {
		return "", false, p.errorf("invalid number")
	}
	isInt = true
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		isInt = false
		if digits() == 0 {
			return "", false, p.errorf("invalid number")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		isInt = false
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return "", false, p.errorf("invalid number")
		}
	}
	return p.data[start:p.pos], isInt, nil
}

// Str reads a JSON string. Lone surrogates in \u escapes become U+FFFD (a Go
// string cannot hold them).
func (p *Lexer) Str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c == '"' {
			s := p.data[start:p.pos]
			p.pos++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			return p.strSlow(start)
		}
		p.pos++
	}
	return "", p.errorf("unterminated string")
}

func (p *Lexer) strSlow(start int) (string, error) {
	// The decoded text is at most as long as the literal (but for invalid
	// UTF-8, each byte of which grows to U+FFFD): one allocation.
	var b strings.Builder
	b.Grow(p.literalEnd() - start)
	b.WriteString(p.data[start:p.pos])
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return b.String(), nil
		case c < 0x20:
			return "", p.errorf("control character in string")
		case c == '\\':
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(p.data[p.pos:])
			b.WriteRune(r) // invalid UTF-8 becomes U+FFFD
			p.pos += size
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return "", p.errorf("unterminated string")
}

// literalEnd returns the offset of the quote that ends the string literal
// the lexer stands in, or the end of the text.
func (p *Lexer) literalEnd() int {
	for i := p.pos; i < len(p.data); i++ {
		switch p.data[i] {
		case '"':
			return i
		case '\\':
			i++
		}
	}
	return len(p.data)
}

func (p *Lexer) escape() (rune, error) {
	if p.pos+1 >= len(p.data) {
		return 0, p.errorf("unterminated escape")
	}
	c := p.data[p.pos+1]
	p.pos += 2
	switch c {
	case '"', '\\', '/':
		return rune(c), nil
	case 'b':
		return '\b', nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return 0, p.errorf("invalid \\u escape")
		}
		if utf16.IsSurrogate(r) {
			save := p.pos
			if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
				p.pos += 2
				if r2, ok := p.hex4(); ok {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						return dec, nil
					}
				}
			}
			p.pos = save
			return utf8.RuneError, nil
		}
		return r, nil
	}
	return 0, p.errorf("invalid escape \\%c", c)
}

func (p *Lexer) hex4() (rune, bool) {
	if p.pos+4 > len(p.data) {
		return 0, false
	}
	n, err := strconv.ParseUint(p.data[p.pos:p.pos+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.pos += 4
	return rune(n), true
}

// newDataObject makes the object JSON.parse makes of members: each an own
// data property created as CreateDataProperty creates it (no setter on
// the prototype chain runs, "__proto__" is an ordinary key), the last of
// duplicate keys winning in the first one's place.
func newDataObject(rt *goja.Runtime, members []member) (*goja.Object, error) {
	obj := rt.NewObject()
	if l := loadLayout(); l != nil && l.fillData(obj, members) {
		return obj, nil
	}
	for _, m := range members {
		if err := obj.DefineDataProperty(m.key, m.val, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
			return nil, err
		}
	}
	return obj, nil
}
