package jsonengine

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// UseReplacer takes JSON.stringify's replacer argument as the specification
// does (ECMA-262 JSON.stringify step 4): a function becomes the replacer
// function; an array, or a proxy of one, the property list — its string
// and number items (and String and Number objects, through their toString)
// in order, without repeats; anything else is ignored. Reading a long or
// sparse list honours the call's deadline like the walk itself.
func (s *Stringifier) UseReplacer(replacer goja.Value) {
	o, ok := replacer.(*goja.Object)
	if !ok {
		return
	}
	if fn, ok := goja.AssertFunction(o); ok {
		s.replacer = fn
		return
	}
	if !s.isArray(o, IsProxy(o)) {
		return
	}
	n := toLength(o.Get("length"))
	s.props = []jsonKey{}
	seen := make(map[string]bool)
	for i := int64(0); i < n; i++ {
		s.checkLimits()
		key, id, ok := propertyListItem(o.Get(strconv.FormatInt(i, 10)))
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		s.props = append(s.props, key)
	}
}

// propertyListItem is the property name a property list element gives, as
// its key and identity (see propertyKey): a string as it is, a number or a
// String or Number object as ToString gives it; ok is false for anything
// else.
func propertyListItem(v goja.Value) (key jsonKey, id string, ok bool) {
	switch x := v.(type) {
	case nil:
		return key, "", false
	case goja.String:
		key, id = propertyKey(x)
		return key, id, true
	case *goja.Object:
		if IsProxy(x) {
			return key, "", false // a proxy has no [[StringData]] or [[NumberData]]
		}
		if c := x.ClassName(); c != "String" && c != "Number" {
			return key, "", false
		}
		// ToString, once: toString (or valueOf) may give any primitive.
		v = x.ToString()
		if str, isStr := v.(goja.String); isStr {
			key, id = propertyKey(str)
			return key, id, true
		}
	default:
		if t := v.ExportType(); t != intType && t != floatType {
			return key, "", false
		}
	}
	// A number, or another primitive a toString gave: its text is ASCII,
	// exact in Go.
	text := v.String()
	return jsonKey{s: text}, text, true
}

// propertyKey returns the jsonKey for a property name and an identity for
// it that tells apart every distinct UTF-16 string: the Go text when it
// holds the name exactly, else (it may have lost a lone surrogate to
// U+FFFD) the code units behind a prefix no UTF-8 text starts with.
func propertyKey(name goja.String) (jsonKey, string) {
	text := name.String()
	if !strings.ContainsRune(text, utf8.RuneError) {
		return jsonKey{s: text}, text
	}
	var b strings.Builder
	b.WriteByte(0xff)
	for i := 0; i < name.Length(); i++ {
		c := name.CharAt(i)
		b.WriteByte(byte(c >> 8))
		b.WriteByte(byte(c))
	}
	return jsonKey{v: name}, b.String()
}
