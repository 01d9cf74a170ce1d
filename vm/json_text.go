package vm

import "strconv"

// textDecoder reads JSON text into Go values with encoding/json's results
// for interface{} (objects map[string]interface{}, arrays []interface{},
// numbers float64), on jsonParser's lexing: its strings fold lone
// surrogates and invalid UTF-8 to U+FFFD as encoding/json does. Each method
// reports false for text it does not accept — invalid JSON, or valid JSON it
// leaves to encoding/json — after which the decoder must not be used.
type textDecoder struct {
	jsonParser
}

// peek skips white space and returns the next byte, 0 at the end.
func (d *textDecoder) peek() byte {
	d.skipSpace()
	if d.pos == len(d.data) {
		return 0
	}
	return d.data[d.pos]
}

// literal consumes word (true, false, null) if it comes next.
func (d *textDecoder) literal(word string) bool {
	if d.peek() != word[0] {
		return false
	}
	_, err := d.jsonParser.literal(word, nil)
	return err == nil
}

func (d *textDecoder) str() (string, bool) {
	if d.peek() != '"' {
		return "", false
	}
	s, err := d.jsonParser.str()
	return s, err == nil
}

func (d *textDecoder) number() (string, bool) {
	d.skipSpace()
	text, _, err := d.numberText()
	return text, err == nil
}

// object reads an object, calling member with each key once the decoder
// stands before its value; member must consume the value.
func (d *textDecoder) object(member func(key string) bool) bool {
	if d.peek() != '{' {
		return false
	}
	d.pos++
	if d.peek() == '}' {
		d.pos++
		return true
	}
	for {
		key, ok := d.str()
		if !ok || d.peek() != ':' {
			return false
		}
		d.pos++
		if !member(key) {
			return false
		}
		switch d.peek() {
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
	d.pos++
	out := []interface{}{}
	if d.peek() == ']' {
		d.pos++
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
			d.pos++
		case ']':
			d.pos++
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

// skip reads a value and drops it. (jsonParser.skipValue does not check
// literals and numbers, and encoding/json rejects text that is invalid
// anywhere.)
func (d *textDecoder) skip(depth int) bool {
	_, ok := d.value(depth)
	return ok
}
