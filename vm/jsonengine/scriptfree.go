package jsonengine

import "github.com/dop251/goja"

// The stringifier reads plain objects and arrays straight from goja's
// storage (see ownkeys.go) as long as no script can have run since it
// listed them. Anything that may run a script — a toJSON, the replacer, a
// getter or a proxy trap reached through goja's Go API, a boxed
// primitive's valueOf — first calls mayRunScript, which moves the walk's
// epoch on; what was read under an older epoch is read again through
// [[Get]], as the specification orders the reads.

// mayRunScript marks that a script may run next: values read from goja's
// storage before now may have changed.
func (s *Stringifier) mayRunScript() { s.epoch++ }

// RanNoScript reports whether the last walk ran no script: no toJSON,
// replacer, getter, proxy trap or valueOf was called, so every object it
// read is as it was before the walk.
func (s *Stringifier) RanNoScript() bool { return s.epoch == 0 }

// noToJSON reports whether serializing o calls no toJSON and reads no
// getter to find out: o is a plain object or an array without an own
// toJSON, whose prototype is null, Object.prototype or Array.prototype,
// and those have none either (protosClean).
func (s *Stringifier) noToJSON(o *goja.Object) bool {
	l := loadLayout()
	if l == nil || s.ops == nil || s.ops.objectProto == nil || s.ops.arrayProto == nil {
		return false
	}
	own, ok := l.ownNamed(o)
	if !ok || own["toJSON"] != nil {
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
func (s *Stringifier) protosClean(l *objectLayout) bool {
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
