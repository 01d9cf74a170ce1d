package hostobj

import (
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// multiMapObject is request.Headers or request.Params: a map of string
// slices as a JavaScript object whose values are arrays of strings. A lookup
// by name goes straight to the Go map; the ordered form — keys sorted as
// encoding/json sorts them, invalid UTF-8 replaced as it replaces it — is
// only built when a script enumerates, changes or deletes members.
type multiMapObject struct {
	rt *goja.Runtime
	m  map[string][]string
	// query, while lazy, is the raw query m is parsed from (see
	// newQueryMap): m is nil until something needs all of it.
	query   string
	built   []builtMember // values handed out before the ordered form existed
	inline  [2]builtMember
	ordered *lazyObject
	// invalidKeys: 0 not checked yet, 1 some key is not valid UTF-8, -1 none.
	invalidKeys int8
	lazy        bool
}

type builtMember struct {
	key string
	val goja.Value
}

// newMultiMap returns m as a JavaScript object; nil becomes null as in JSON.
// o is the (zero) multiMapObject to use, so that callers can allocate it
// with something else.
func newMultiMap(rt *goja.Runtime, m map[string][]string, o *multiMapObject) goja.Value {
	if m == nil {
		return goja.Null()
	}
	*o = multiMapObject{rt: rt, m: m}
	o.built = o.inline[:0]
	return rt.NewDynamicObject(o)
}

// newQueryMap returns url.ParseQuery(query) as a JavaScript object that
// parses it only as far as it is read: a lookup by name scans the query
// (see scanQuery) while the query is simple, and anything else — listing
// the keys, a change, a query with escapes — parses it whole first.
func newQueryMap(rt *goja.Runtime, query string, o *multiMapObject) goja.Value {
	*o = multiMapObject{rt: rt, query: query, lazy: true}
	o.built = o.inline[:0]
	return rt.NewDynamicObject(o)
}

// parsed makes m from the query, if it is still lazy.
func (o *multiMapObject) parsed() {
	if !o.lazy {
		return
	}
	m, _ := url.ParseQuery(o.query) // errors keep what parsed, as Tyk ignores them
	if m == nil {
		m = url.Values{}
	}
	o.m, o.lazy, o.query = m, false, ""
}

// lookup returns the values of key, and whether it is there.
func (o *multiMapObject) lookup(key string) ([]string, bool) {
	if o.lazy {
		if simpleQuery(o.query) {
			vals := scanQuery(o.query, key)
			return vals, vals != nil
		}
		o.parsed()
	}
	vals, ok := o.m[key]
	return vals, ok
}

// Get implements goja.DynamicObject.
func (o *multiMapObject) Get(key string) goja.Value {
	if o.byOrder(key) {
		return o.order().Get(key)
	}
	for _, b := range o.built {
		if b.key == key {
			return b.val
		}
	}
	vals, ok := o.lookup(key)
	if !ok {
		return nil
	}
	v := newValuesArray(o.rt, vals)
	o.built = append(o.built, builtMember{key: key, val: v})
	return v
}

// Has implements goja.DynamicObject.
func (o *multiMapObject) Has(key string) bool {
	if o.byOrder(key) {
		return o.order().Has(key)
	}
	_, ok := o.lookup(key)
	return ok
}

// Set implements goja.DynamicObject.
func (o *multiMapObject) Set(key string, val goja.Value) bool { return o.order().Set(key, val) }

// Delete implements goja.DynamicObject.
func (o *multiMapObject) Delete(key string) bool { return o.order().Delete(key) }

// Keys implements goja.DynamicObject.
func (o *multiMapObject) Keys() []string { return o.order().Keys() }

// byOrder reports that a lookup of key must go through the ordered form:
// it is built, or key may be the name an invalid key was given there. Only
// a name holding U+FFFD can be; any other key names at most itself.
func (o *multiMapObject) byOrder(key string) bool {
	return o.ordered != nil || (strings.Contains(key, "\uFFFD") && o.hasInvalidKeys())
}

func (o *multiMapObject) hasInvalidKeys() bool {
	if o.lazy && simpleQuery(o.query) {
		return false // ASCII keys only
	}
	o.parsed()
	if o.invalidKeys == 0 {
		o.invalidKeys = -1
		for k := range o.m {
			if !utf8.ValidString(k) {
				o.invalidKeys = 1
				break
			}
		}
	}
	return o.invalidKeys > 0
}

// order builds the ordered form once, keeping the values already handed out.
func (o *multiMapObject) order() *lazyObject {
	if o.ordered != nil {
		return o.ordered
	}
	o.parsed()
	keys := make([]string, 0, len(o.m))
	for k := range o.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = jsonSafe(k)
	}
	jsonengine.OrderLikeJS(names, keys) // encoding/json's sorted keys, as JSON.parse orders them
	lo := &lazyObject{rt: o.rt, keys: names, slots: make([]lazySlot, len(names)), src: lazyFunc(func(i int) goja.Value {
		return newValuesArray(o.rt, o.m[keys[i]])
	})}
	for _, b := range o.built {
		if i := lo.index(b.key); i >= 0 {
			lo.slots[i].val = b.val
		}
	}
	o.built, o.ordered = nil, lo
	return lo
}

// maxArrayGrowth bounds how far past its end a script can write into a
// values array (a plain array would turn sparse; this one stays dense).
const maxArrayGrowth = 1 << 16

// valuesArray is one header's or parameter's values: a JavaScript array
// (Array.isArray, every Array.prototype method, JSON) that is much cheaper
// to build than a goja array. Index writes, push, pop, length changes and
// sorting work as on any array; being a host array, it cannot take named
// properties, accessors or be frozen.
type valuesArray struct {
	vals []goja.Value
	one  [1]goja.Value // vals for the usual single value
	str  string        // its text, which one[0] points at (jsonengine.StringAt)
}

// newValuesArray returns vals as a JavaScript array of strings; nil becomes
// null as in JSON.
func newValuesArray(rt *goja.Runtime, vals []string) goja.Value {
	if vals == nil {
		return goja.Null()
	}
	a := &valuesArray{}
	if len(vals) == 1 {
		a.str = jsonSafe(vals[0])
		a.one[0] = jsonengine.StringAt(rt, &a.str) // no box of its own
		a.vals = a.one[:]
		return rt.NewDynamicArray(a)
	}
	a.vals = make([]goja.Value, len(vals))
	for i, v := range vals {
		a.vals[i] = rt.ToValue(jsonSafe(v))
	}
	return rt.NewDynamicArray(a)
}

// Len implements goja.DynamicArray.
func (a *valuesArray) Len() int { return len(a.vals) }

// Get implements goja.DynamicArray: nil (absent) outside the array.
func (a *valuesArray) Get(i int) goja.Value {
	if i < 0 || i >= len(a.vals) {
		return nil
	}
	return a.vals[i]
}

// Set implements goja.DynamicArray.
func (a *valuesArray) Set(i int, v goja.Value) bool {
	if i < 0 || !a.SetLen(max(len(a.vals), i+1)) {
		return false
	}
	a.vals[i] = v
	return true
}

// SetLen implements goja.DynamicArray.
func (a *valuesArray) SetLen(n int) bool {
	if n < 0 || n > len(a.vals)+maxArrayGrowth {
		return false
	}
	if n <= len(a.vals) {
		clear(a.vals[n:])
		a.vals = a.vals[:n]
		return true
	}
	a.vals = append(a.vals, make([]goja.Value, n-len(a.vals))...)
	return true
}
