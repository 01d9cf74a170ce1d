package hostobj

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// JSONTree is one JSON document (a config or session argument) turned into
// JavaScript objects for one runtime, lazily and with every change recorded,
// so that a call that left it untouched can hand the very same objects to
// the next call instead of building them again.
//
// Objects are jsonObject nodes (goja dynamic objects): every write, delete
// or definition reaches the node and marks the tree changed. The one change
// that bypasses a dynamic object — Object.setPrototypeOf — is caught by
// checking each node's prototype before reuse. Arrays are built as ordinary
// JavaScript arrays, whose changes cannot be observed, so building one makes
// the tree single-use.
type JSONTree struct {
	rt    *goja.Runtime
	proto *goja.Object // Object.prototype, which every node must keep
	nodes []*goja.Object
	// changed is set by any write or delete on a node; untracked when a
	// value that cannot report changes (an array) was handed out.
	changed, untracked bool
}

// NewJSONTree starts an empty tree for rt; objectProto is rt's Object.prototype,
// which every node must keep to be reused.
func NewJSONTree(rt *goja.Runtime, objectProto *goja.Object) *JSONTree {
	return &JSONTree{rt: rt, proto: objectProto}
}

// Reusable reports whether the tree is exactly as built: no call changed,
// deleted or added a property of any node, replaced a prototype or held an
// array from it.
func (t *JSONTree) Reusable() bool {
	if t.changed || t.untracked {
		return false
	}
	for _, n := range t.nodes {
		if n.Prototype() != t.proto {
			return false
		}
	}
	return true
}

// Object makes a node for an already scanned JSON object: keys (in
// JavaScript order, see jsonengine.OrderLikeJS) and their raw JSON values.
func (t *JSONTree) Object(keys []string, raws []string) *goja.Object {
	o := &jsonObject{tree: t, keys: keys, raws: raws, vals: make([]goja.Value, len(keys))}
	obj := t.rt.NewDynamicObject(o)
	t.nodes = append(t.nodes, obj)
	return obj
}

// value builds the JavaScript value of one JSON member.
func (t *JSONTree) value(raw string) goja.Value {
	if len(raw) > 0 && raw[0] == '{' {
		if d := NewDoc(raw); d.isObject {
			return t.Object(d.keys, d.raws)
		}
	}
	if len(raw) > 0 && raw[0] == '[' {
		t.untracked = true
	}
	v, err := jsonengine.Parse(t.rt, raw)
	if err != nil {
		panic(t.rt.NewTypeError("invalid JSON argument: %v", err))
	}
	return v
}

// jsonObject is one object node of a JSONTree: the scanned members of a JSON
// object, each value built on first access. keys and raws may be shared
// with other runtimes (a prepared config object) and are copied before the
// first change.
type jsonObject struct {
	tree  *JSONTree
	keys  []string
	raws  []string // "" for a value a script set
	vals  []goja.Value
	owned bool // keys and raws are this node's own copies
	index map[string]int
}

// bigObject is the key count above which lookups go through a map.
const bigObject = 32

func (o *jsonObject) find(key string) int {
	if len(o.keys) > bigObject {
		if o.index == nil {
			o.index = make(map[string]int, len(o.keys))
			for i, k := range o.keys {
				o.index[k] = i
			}
		}
		if i, ok := o.index[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range o.keys {
		if len(k) == len(key) && k == key {
			return i
		}
	}
	return -1
}

// Get implements goja.DynamicObject.
func (o *jsonObject) Get(key string) goja.Value {
	i := o.find(key)
	if i < 0 {
		return nil
	}
	if o.vals[i] == nil {
		o.vals[i] = o.tree.value(o.raws[i])
	}
	return o.vals[i]
}

// Has implements goja.DynamicObject.
func (o *jsonObject) Has(key string) bool { return o.find(key) >= 0 }

// Keys implements goja.DynamicObject.
func (o *jsonObject) Keys() []string { return append([]string(nil), o.keys...) }

// AppendKeys implements jsonengine.KeyLister: Keys, appended to dst.
func (o *jsonObject) AppendKeys(dst []string) []string { return append(dst, o.keys...) }

// Set implements goja.DynamicObject.
func (o *jsonObject) Set(key string, val goja.Value) bool {
	o.own()
	if i := o.find(key); i >= 0 {
		o.vals[i], o.raws[i] = val, ""
		return true
	}
	i := insertPos(o.keys, key)
	o.keys = insertAt(o.keys, i, key)
	o.raws = insertAt(o.raws, i, "")
	o.vals = insertAt(o.vals, i, val)
	o.index = nil
	return true
}

// Delete implements goja.DynamicObject.
func (o *jsonObject) Delete(key string) bool {
	o.own()
	if i := o.find(key); i >= 0 {
		o.keys = append(o.keys[:i], o.keys[i+1:]...)
		o.raws = append(o.raws[:i], o.raws[i+1:]...)
		o.vals = append(o.vals[:i], o.vals[i+1:]...)
		o.index = nil
	}
	return true
}

// own marks the tree changed and gives the node private keys and raws.
func (o *jsonObject) own() {
	o.tree.changed = true
	if !o.owned {
		o.keys = append([]string(nil), o.keys...)
		o.raws = append([]string(nil), o.raws...)
		o.owned = true
	}
}

// insertPos is where a new own key goes in JavaScript's property order:
// array indexes ascending before every other key, the rest in insertion
// order.
func insertPos(keys []string, key string) int {
	n, isIndex := jsonengine.ArrayIndex(key)
	if !isIndex {
		return len(keys)
	}
	for i, k := range keys {
		m, ok := jsonengine.ArrayIndex(k)
		if !ok || m > n {
			return i
		}
	}
	return len(keys)
}

func insertAt[T any](s []T, i int, v T) []T {
	var zero T
	s = append(s, zero)
	copy(s[i+1:], s[i:])
	s[i] = v
	return s
}
