package jsonengine

import (
	"reflect"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/dop251/goja"
)

// The stringifier reads plain objects and arrays straight from goja's
// storage (see ownkeys.go) as long as no script can have run since it
// listed them. Anything that may run a script — a toJSON, the replacer, a
// getter or a proxy trap reached through goja's Go API, a boxed
// primitive's valueOf — first calls mayRunScript, which moves the walk's
// epoch on; what was read under an older epoch is read again through
// [[Get]], as the specification orders the reads.

// scriptWatch is what noToJSON needs of a walk: the runtime's Ops and the
// epoch, which moves on whenever a script may run; clean is protosClean's
// answer for epoch cleanAt-1.
type scriptWatch struct {
	ops     *Ops
	epoch   uint64
	cleanAt uint64
	clean   bool
}

// mayRunScript marks that a script may run next: values read from goja's
// storage before now may have changed.
func (s *scriptWatch) mayRunScript() { s.epoch++ }

// RanNoScript reports whether the last walk ran no script: no toJSON,
// replacer, getter, proxy trap or valueOf was called, so every object it
// read is as it was before the walk.
func (s *scriptWatch) RanNoScript() bool { return s.epoch == 0 }

// noToJSON reports whether serializing o calls no toJSON and reads no
// getter to find out: o is a plain object, an array or a KeyLister host
// object without an own toJSON, whose prototype is null, Object.prototype
// or Array.prototype, and those have none either (protosClean).
func (s *scriptWatch) noToJSON(o *goja.Object) bool {
	l := loadLayout()
	if l == nil || s.ops == nil || s.ops.objectProto == nil || s.ops.arrayProto == nil {
		return false
	}
	if has, ok := l.hasOwnName(o, "toJSON"); ok {
		if has {
			return false
		}
	} else if h, ok := scriptFreeHost(o); !ok || h.Get("toJSON") != nil {
		return false
	}
	switch p := o.Prototype(); {
	case p == nil:
		return true
	case p == s.ops.objectProto, p == s.ops.arrayProto:
		return s.protosClean(l)
	}
	return false
}

// protosClean reports whether looking up toJSON from Array.prototype or
// Object.prototype finds nothing and runs no getter: neither has an own
// toJSON, and their chain is Array.prototype → Object.prototype → null.
// The answer is kept until the epoch moves.
func (s *scriptWatch) protosClean(l *objectLayout) bool {
	if s.cleanAt == s.epoch+1 {
		return s.clean
	}
	ops := s.ops
	s.clean = ops.arrayProto.Prototype() == ops.objectProto && ops.objectProto.Prototype() == nil &&
		!ownToJSON(l, ops.objectProto) && !ownToJSON(l, ops.arrayProto)
	s.cleanAt = s.epoch + 1
	return s.clean
}

// ownToJSON reports whether o may have an own toJSON (true when its
// layout is not one ownNamed reads).
func ownToJSON(l *objectLayout, o *goja.Object) bool {
	own, ok := l.ownNamed(o)
	return !ok || own["toJSON"] != nil
}

// getSlow reads o[key] through goja, which may run a getter or a trap.
func (s *Stringifier) getSlow(o *goja.Object, key string) goja.Value {
	s.mayRunScript()
	return o.Get(key)
}

// Members appends the own enumerable string-keyed members of o to keys and
// vals, in Object.keys order, reading them without running a script: o is
// a plain object (see plainEntries) or a host object that is a KeyLister.
// ok is false, and keys and vals unchanged, for any other object. Read
// right after a JSON.stringify that ran no script (RanNoScript), they are
// the members that stringify serialized.
func Members(o *goja.Object, keys []string, vals []goja.Value) (_ []string, _ []goja.Value, ok bool) {
	l := loadLayout()
	if l == nil {
		return keys, vals, false
	}
	if keys, vals, ok = l.plainEntries(o, keys, vals); ok {
		return keys, vals, true
	}
	start := len(keys)
	keys, lister, ok := hostKeys(o, keys)
	if !ok || !lister {
		return keys[:start], vals, false
	}
	for _, k := range keys[start:] {
		vals = append(vals, o.Get(k))
	}
	return keys, vals, true
}

// ExactString returns the Go text of s and whether it is exactly what
// decoding s's JSON literal gives (encoding/json turns a lone surrogate's
// escape into U+FFFD, and goja's Go form of a string holding one or built
// from invalid UTF-8 holds U+FFFD too): true for ASCII, and for valid UTF-8
// without U+FFFD.
func ExactString(s goja.String) (string, bool) {
	text := s.String()
	if reflect.TypeOf(s) == asciiStringType || isASCII(text) {
		return text, true
	}
	return text, utf8.ValidString(text) && !strings.ContainsRune(text, utf8.RuneError)
}

var asciiStringType = reflect.TypeOf(goja.StringFromUTF16([]uint16{'a'}))

// ToJSONCheck answers NoToJSON for objects read while no script runs; it
// looks at Object.prototype and Array.prototype once.
type ToJSONCheck struct{ s scriptWatch }

// ToJSONCheck returns a check for a run of reads.
func (ops *Ops) ToJSONCheck() ToJSONCheck { return ToJSONCheck{s: scriptWatch{ops: ops}} }

// NoToJSON reports whether JSON.stringify of o would call no toJSON and
// run no getter looking for one: o is a plain object, an array or a
// KeyLister host object, with no toJSON of its own or on its prototypes
// (see scriptWatch.noToJSON).
func (c *ToJSONCheck) NoToJSON(o *goja.Object) bool { return c.s.noToJSON(o) }

// scriptFreeHost returns o's host object when it is a KeyLister (its Get
// runs no script).
func scriptFreeHost(o *goja.Object) (goja.DynamicObject, bool) {
	d, ok := hostOf(o)
	if !ok {
		return nil, false
	}
	_, lister := d.(KeyLister)
	return d, lister
}

// stringSlab makes goja values of ASCII strings in batches: goja.Value(s)
// costs an allocation per string (its header is boxed); the slab holds the
// headers of many in one array, and each value points at its own. The
// values are goja's own asciiString, as rt.ToValue gives for short ASCII
// text (for longer text goja's lazily scanned form). A slab is never
// reused: the values outlive the parse.
type stringSlab struct {
	buf []string
}

// value returns s as a goja value; l is the checked layout.
func (sl *stringSlab) value(rt *goja.Runtime, l *objectLayout, s string) goja.Value {
	if !isASCII(s) {
		return rt.ToValue(s)
	}
	if len(sl.buf) == cap(sl.buf) {
		sl.buf = make([]string, 0, min(max(4, 2*cap(sl.buf)), 64))
	}
	sl.buf = append(sl.buf, s)
	var v goja.Value
	*(*ifaceWords)(unsafe.Pointer(&v)) = ifaceWords{tab: l.asciiTab, data: unsafe.Pointer(&sl.buf[len(sl.buf)-1])}
	return v
}

// StringAt returns the goja value of the string *p. When it is ASCII the
// value points at *p (goja's asciiString) instead of boxing a copy: no
// allocation. *p must not change afterwards (a field its owner sets once);
// the value keeps the owner alive.
func StringAt(rt *goja.Runtime, p *string) goja.Value {
	l := loadLayout()
	if l == nil || !isASCII(*p) {
		return rt.ToValue(*p)
	}
	var v goja.Value
	*(*ifaceWords)(unsafe.Pointer(&v)) = ifaceWords{tab: l.asciiTab, data: unsafe.Pointer(p)}
	return v
}
