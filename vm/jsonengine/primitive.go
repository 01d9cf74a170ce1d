package jsonengine

import (
	"reflect"
	"strconv"
	"sync"

	"github.com/dop251/goja"
)

// primitiveKind is the kind of a value the stringifier writes without
// resolving it: a primitive that has no toJSON to look up and no
// replacer to pass through, so that JSON.stringify writes it as it is.
type primitiveKind uint8

const (
	notPrimitive primitiveKind = iota
	intPrimitive
	stringPrimitive
	boolPrimitive
	nullPrimitive
)

// primitiveTypes are goja's concrete types of those primitives, compared
// in turn (int and ASCII string, the common ones, first): cheaper than
// hashing a type for a map.
type primitiveTypes struct {
	intType, asciiType, boolType, nullType, importedType, unicodeType reflect.Type
}

var loadPrimitiveTypes = sync.OnceValue(func() *primitiveTypes {
	rt := goja.New()
	return &primitiveTypes{
		intType:      reflect.TypeOf(rt.ToValue(1)),
		asciiType:    reflect.TypeOf(goja.StringFromUTF16([]uint16{'a'})),
		boolType:     reflect.TypeOf(rt.ToValue(true)),
		nullType:     reflect.TypeOf(goja.Null()),
		importedType: reflect.TypeOf(rt.ToValue("a long string, imported")), // *importedString
		unicodeType:  reflect.TypeOf(goja.StringFromUTF16([]uint16{0x00e9})),
	}
})

// primitive is v's kind when the walk may write it straight away: no
// replacer function (which sees every value).
func (s *Stringifier) primitive(v goja.Value) primitiveKind {
	if s.replacer != nil || v == nil {
		return notPrimitive
	}
	switch t, p := reflect.TypeOf(v), s.prims; t {
	case p.intType:
		return intPrimitive
	case p.asciiType, p.importedType, p.unicodeType:
		return stringPrimitive
	case p.boolType:
		return boolPrimitive
	case p.nullType:
		return nullPrimitive
	}
	return notPrimitive
}

// writePrimitive writes v, of kind k (not notPrimitive).
func (s *Stringifier) writePrimitive(k primitiveKind, v goja.Value) {
	switch k {
	case intPrimitive:
		s.buf = strconv.AppendInt(s.buf, v.ToInteger(), 10)
	case boolPrimitive:
		if v.ToBoolean() {
			s.buf = append(s.buf, "true"...)
		} else {
			s.buf = append(s.buf, "false"...)
		}
	case nullPrimitive:
		s.buf = append(s.buf, "null"...)
	default:
		s.write(v) // a string: quoted, and hinted when hinting
	}
}

// objectKind is what layoutKind tells of an object from goja's type word.
type objectKind uint8

const (
	otherObject objectKind = iota
	plainObject            // goja's *baseObject: not a proxy, not an array
	plainArray             // goja's *arrayObject
)

func layoutKind(o *goja.Object) objectKind {
	l := loadLayout()
	if l == nil {
		return otherObject
	}
	if _, ok := l.base(o); ok {
		return plainObject
	}
	if _, ok := l.array(o); ok {
		return plainArray
	}
	return otherObject
}

// plainKey reports keys JSON quotes as they are: printable ASCII without
// a quote or backslash.
func plainKey(k string) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
