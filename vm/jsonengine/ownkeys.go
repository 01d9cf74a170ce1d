package jsonengine

import (
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/dop251/goja"
	"github.com/dop251/goja/unistring"
)

// Listing an object's keys through goja's Go API (Object.Keys) costs three
// allocations per key — two bound iterator methods and a boxed name — and
// was most of a typical endpoint's allocations (issue 12): the
// representative endpoint's JSON.stringify made 177 of its 428. goja has
// no cheaper public way to list them, so for the one common case, a plain
// object (goja's *baseObject: object literals, JSON.parse's objects,
// instances of classes) whose keys are ASCII, are not array indices and are
// plain data properties, plainKeys reads the names straight from goja's
// property list — the list Object.keys itself reads, in the same order.
//
// This reads goja's unexported fields; goja's version is pinned in go.mod.
// The layout is checked once by reflection (field names, types and
// offsets) and by a probe of known objects; if anything differs — a new
// goja — plainKeys reports false and every caller takes Object.Keys, as
// before. TestPlainKeysActive fails when that happens, so an upgrade
// cannot silently lose the fast path.
type objectLayout struct {
	selfOff   uintptr        // goja.Object.self (interface objectImpl)
	valuesOff uintptr        // baseObject.values
	namesOff  uintptr        // baseObject.propNames
	baseTab   unsafe.Pointer // the interface's type word for *baseObject
	propType  reflect.Type   // *goja.valueProperty (accessors, attributes)
}

var (
	layoutOnce sync.Once
	layout     *objectLayout // nil: the fast path is off
)

// ifaceWords is an interface value's two words.
type ifaceWords struct {
	tab  unsafe.Pointer
	data unsafe.Pointer
}

func loadLayout() *objectLayout {
	layoutOnce.Do(func() { layout = probeLayout() })
	return layout
}

// probeLayout finds and checks goja's layout; nil when it is not the one
// this code was written against.
func probeLayout() (l *objectLayout) {
	defer func() {
		if recover() != nil {
			l = nil
		}
	}()
	rt := goja.New()
	sample := rt.NewObject()
	selfField, ok := reflect.TypeOf(goja.Object{}).FieldByName("self")
	if !ok || selfField.Type.Kind() != reflect.Interface {
		return nil
	}
	impl := reflect.ValueOf(sample).Elem().FieldByName("self").Elem().Type()
	if impl.Kind() != reflect.Pointer || impl.Elem().Name() != "baseObject" || impl.Elem().PkgPath() != selfField.PkgPath {
		return nil
	}
	values, ok1 := impl.Elem().FieldByName("values")
	names, ok2 := impl.Elem().FieldByName("propNames")
	if !ok1 || !ok2 || values.Type != reflect.TypeOf(map[unistring.String]goja.Value(nil)) ||
		names.Type != reflect.TypeOf([]unistring.String(nil)) {
		return nil
	}
	l = &objectLayout{selfOff: selfField.Offset, valuesOff: values.Offset, namesOff: names.Offset}
	l.baseTab = (*ifaceWords)(unsafe.Add(unsafe.Pointer(sample), l.selfOff)).tab
	withAccessor, err := rt.RunString(`Object.defineProperty({}, "x", {get: function () {}, enumerable: true})`)
	if err != nil {
		return nil
	}
	acc := withAccessor.(*goja.Object)
	if (*ifaceWords)(unsafe.Add(unsafe.Pointer(acc), l.selfOff)).tab != l.baseTab {
		return nil
	}
	l.propType = reflect.TypeOf(l.values(acc)["x"])
	if l.propType == nil || l.propType.Kind() != reflect.Pointer || l.propType.Elem().Name() != "valueProperty" {
		return nil
	}
	if !l.probe(rt) {
		return nil
	}
	return l
}

// probe checks plainKeys against Object.Keys on objects of known shapes.
func (l *objectLayout) probe(rt *goja.Runtime) bool {
	v, err := rt.RunString(`var o = {b: 1, a: "x", c: {}}; o.d = null; delete o.a; o`)
	if err != nil {
		return false
	}
	o := v.(*goja.Object)
	got, ok := l.plainKeys(o, nil)
	want := o.Keys()
	if !ok || len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	arr, _ := rt.RunString(`[1]`)
	_, isPlain := l.plainKeys(arr.(*goja.Object), nil)
	return !isPlain
}

func (l *objectLayout) base(o *goja.Object) (unsafe.Pointer, bool) {
	self := (*ifaceWords)(unsafe.Add(unsafe.Pointer(o), l.selfOff))
	return self.data, self.tab == l.baseTab && self.data != nil
}

func (l *objectLayout) values(o *goja.Object) map[unistring.String]goja.Value {
	b, _ := l.base(o)
	return *(*map[unistring.String]goja.Value)(unsafe.Add(b, l.valuesOff))
}

// plainKeys appends o's own enumerable string keys, in Object.keys order,
// to dst when o is a plain object whose keys are all ASCII non-index
// names holding data properties; otherwise it returns dst unchanged and
// false. It allocates only when dst grows.
func (l *objectLayout) plainKeys(o *goja.Object, dst []string) ([]string, bool) {
	b, ok := l.base(o)
	if !ok {
		return dst, false
	}
	values := *(*map[unistring.String]goja.Value)(unsafe.Add(b, l.valuesOff))
	names := *(*[]unistring.String)(unsafe.Add(b, l.namesOff))
	start := len(dst)
	for _, name := range names {
		v := values[name]
		if v == nil {
			continue // a name being deleted (goja's own iterator skips it too)
		}
		if reflect.TypeOf(v) == l.propType || !plainName(string(name)) {
			return dst[:start], false
		}
		dst = append(dst, string(name))
	}
	return dst, true
}

// plainName reports names whose order Object.keys keeps as inserted and
// whose Go form is exact: non-empty ASCII not starting with a digit (array
// indices come first in Object.keys; goja keeps UTF-16 names in another
// form).
func plainName(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// PlainKeys appends o's own enumerable string keys to dst, in Object.keys
// order, without allocating beyond dst's growth, when o is a plain object
// with ASCII, non-index keys holding data properties (see plainKeys);
// otherwise it returns dst and false and the caller lists the keys another
// way.
func PlainKeys(o *goja.Object, dst []string) ([]string, bool) {
	l := loadLayout()
	if l == nil {
		return dst, false
	}
	return l.plainKeys(o, dst)
}

// KeyLister is implemented by host objects (goja dynamic objects) that
// append their keys — what their Keys method returns — to dst without
// allocating.
type KeyLister interface {
	AppendKeys(dst []string) []string
}

var dynamicObjectType = reflect.TypeOf((*goja.DynamicObject)(nil)).Elem()

// hostKeys appends the keys Object.Keys gives a goja dynamic object — its
// handler's Keys that it Has — to dst, without goja's iterators (three
// allocations per key); ok is false, and dst unchanged, for any other
// object or a key whose Go form may not be exact (not UTF-8, or holding
// U+FFFD).
func hostKeys(o *goja.Object, dst []string) ([]string, bool) {
	if t := o.ExportType(); t == nil || t.Kind() == reflect.Map || !t.Implements(dynamicObjectType) {
		return dst, false
	}
	d, ok := o.Export().(goja.DynamicObject)
	if !ok {
		return dst, false
	}
	start := len(dst)
	if l, ok := d.(KeyLister); ok {
		dst = l.AppendKeys(dst)
	} else {
		dst = append(dst, d.Keys()...)
	}
	kept := start
	for _, k := range dst[start:] {
		if !utf8.ValidString(k) || strings.ContainsRune(k, utf8.RuneError) {
			return dst[:start], false
		}
		if d.Has(k) {
			dst[kept] = k
			kept++
		}
	}
	return dst[:kept], true
}
