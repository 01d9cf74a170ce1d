package hostobj

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// lazyObject is a JavaScript object with a fixed list of keys whose values
// are built on first access: the request argument and, once enumerated or
// changed, its Headers and Params (the session and config are JSONTree
// nodes). A function pays only for the fields it reads. To scripts it
// behaves as a plain object: own enumerable properties in JavaScript's
// order, assignable, deletable, extensible, and JSON.stringify-able.
type lazyObject struct {
	keys  []string
	slots []lazySlot
	src   lazySource
	extra *goja.Object // properties a script added, in insertion order
	rt    *goja.Runtime
}

// lazySource builds the value of keys[i] of a lazyObject.
type lazySource interface {
	build(i int) goja.Value
}

// lazyFunc is a lazySource made of a function.
type lazyFunc func(i int) goja.Value

func (f lazyFunc) build(i int) goja.Value { return f(i) }

type lazySlot struct {
	val     goja.Value // nil until built
	deleted bool
}

func (o *lazyObject) index(key string) int {
	for i, k := range o.keys {
		if k == key && !o.slots[i].deleted {
			return i
		}
	}
	return -1
}

// Get implements goja.DynamicObject.
func (o *lazyObject) Get(key string) goja.Value {
	if i := o.index(key); i >= 0 {
		if o.slots[i].val == nil {
			o.slots[i].val = o.src.build(i)
		}
		return o.slots[i].val
	}
	if o.extra != nil {
		return o.extra.Get(key)
	}
	return nil
}

// Set implements goja.DynamicObject.
func (o *lazyObject) Set(key string, val goja.Value) bool {
	if i := o.index(key); i >= 0 {
		o.slots[i].val = val
		return true
	}
	if o.extra == nil {
		o.extra = o.rt.NewObject()
	}
	return o.extra.Set(key, val) == nil
}

// Has implements goja.DynamicObject.
func (o *lazyObject) Has(key string) bool {
	if o.index(key) >= 0 {
		return true
	}
	return o.extra != nil && o.extra.Get(key) != nil
}

// Delete implements goja.DynamicObject.
func (o *lazyObject) Delete(key string) bool {
	if i := o.index(key); i >= 0 {
		o.slots[i] = lazySlot{deleted: true}
		return true
	}
	if o.extra != nil {
		_ = o.extra.Delete(key)
	}
	return true
}

// Keys implements goja.DynamicObject: array-index keys first in ascending
// order, then the fixed keys, then the added ones in insertion order, as
// JavaScript orders an object's own keys.
func (o *lazyObject) Keys() []string { return o.AppendKeys(make([]string, 0, len(o.keys))) }

// AppendKeys implements jsonengine.KeyLister: Keys, appended to dst.
func (o *lazyObject) AppendKeys(dst []string) []string {
	start := len(dst)
	out := dst
	for i, k := range o.keys {
		if !o.slots[i].deleted {
			out = append(out, k)
		}
	}
	if o.extra != nil {
		out = append(out, o.extra.Keys()...)
		jsonengine.OrderLikeJS[struct{}](out[start:], nil)
	}
	return out
}
