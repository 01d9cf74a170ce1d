package jsonengine

import "strconv"

// MaxTextDepth bounds the nesting a TextDecoder follows before it leaves
// the text to encoding/json.
const MaxTextDepth = 64

// TextDecoder reads JSON text into Go values with encoding/json's results
// for interface{} (objects map[string]interface{}, arrays []interface{},
// numbers float64), on Lexer's lexing: its strings fold lone
// surrogates and invalid UTF-8 to U+FFFD as encoding/json does. Each method
// reports false for text it does not accept — invalid JSON, or valid JSON it
// leaves to encoding/json — after which the decoder must not be used.
type TextDecoder struct {
	Lexer
	hints []StringHint
}

// UseHints makes the decoder take the strings hints name (see
// Stringifier.RecordHinted) instead of decoding their literals; hints must
// come from the stringifier that wrote the text.
func (d *TextDecoder) UseHints(hints []StringHint) { d.hints = hints }

// NewTextDecoder returns a decoder of text.
func NewTextDecoder(text string) TextDecoder { return TextDecoder{Lexer: Lexer{data: text}} }

// Done reports whether the whole text has been read.
func (d *TextDecoder) Done() bool { return d.pos == len(d.data) }

// Peek skips white space and returns the next byte, 0 at the end.
func (d *TextDecoder) Peek() byte {
	d.SkipSpace()
	if d.pos == len(d.data) {
		return 0
	}
	return d.data[d.pos]
}

// Literal consumes word (true, false, null) if it comes next.
func (d *TextDecoder) Literal(word string) bool {
	if d.Peek() != word[0] {
		return false
	}
	_, err := d.Lexer.Literal(word, nil)
	return err == nil
}

// Str reads a string.
func (d *TextDecoder) Str() (string, bool) {
	if d.Peek() != '"' {
		return "", false
	}
	for len(d.hints) > 0 && d.hints[0].Start < d.pos {
		d.hints = d.hints[1:]
	}
	if len(d.hints) > 0 && d.hints[0].Start == d.pos {
		h := d.hints[0]
		d.hints, d.pos = d.hints[1:], h.End
		return h.S, true
	}
	s, err := d.Lexer.Str()
	return s, err == nil
}

// Number reads a number and returns its text.
func (d *TextDecoder) Number() (string, bool) {
	d.SkipSpace()
	text, _, err := d.numberText()
	return text, err == nil
}

// Object reads an object, calling member with each key once the decoder
// stands before its value; member must consume the value.
func (d *TextDecoder) Object(member func(key string) bool) bool {
	if d.Peek() != '{' {
		return false
	}
	d.pos++
	if d.Peek() == '}' {
		d.pos++
		return true
	}
	for {
		key, ok := d.Str()
		if !ok || d.Peek() != ':' {
			return false
		}
		d.pos++
		if !member(key) {
			return false
		}
		switch d.Peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return true
		default:
			return false
		}
	}
}

// members reads an object into m; depth is the object's nesting level.
func (d *TextDecoder) members(m map[string]interface{}, depth int) bool {
	if depth > MaxTextDepth {
		return false
	}
	return d.Object(func(key string) bool {
		v, ok := d.Value(depth + 1)
		m[key] = v
		return ok
	})
}

func (d *TextDecoder) array(depth int) ([]interface{}, bool) {
	if depth > MaxTextDepth || d.Peek() != '[' {
		return nil, false
	}
	d.pos++
	out := []interface{}{}
	if d.Peek() == ']' {
		d.pos++
		return out, true
	}
	for {
		v, ok := d.Value(depth + 1)
		if !ok {
			return nil, false
		}
		out = append(out, v)
		switch d.Peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return out, true
		default:
			return nil, false
		}
	}
}

// Value reads any value at nesting level depth.
func (d *TextDecoder) Value(depth int) (interface{}, bool) {
	switch c := d.Peek(); {
	case c == '{':
		m := map[string]interface{}{}
		return m, d.members(m, depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		return d.Str()
	case c == '-' || c >= '0' && c <= '9':
		lit, ok := d.Number()
		if !ok {
			return nil, false
		}
		f, err := strconv.ParseFloat(lit, 64)
		return f, err == nil
	case d.Literal("true"):
		return true, true
	case d.Literal("false"):
		return false, true
	case d.Literal("null"):
		return nil, true
	}
	return nil, false
}

// Skip reads a value and drops it. (Lexer.skipValue does not check
// literals and numbers, and encoding/json rejects text that is invalid
// anywhere.)
func (d *TextDecoder) Skip(depth int) bool {
	_, ok := d.Value(depth)
	return ok
}
