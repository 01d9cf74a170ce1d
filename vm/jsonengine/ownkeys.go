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
// plain data properties, plainEntries reads the names straight from goja's
// property list — the list Object.keys itself reads, in the same order.
//
// This reads goja's unexported fields; goja's version is pinned in go.mod.
// The layout is checked once by reflection (field names, types and
// offsets) and by a probe of known objects; if anything differs — a new
// goja — plainEntries reports false and every caller takes Object.Keys, as
// before. TestPlainKeysActive fails when that happens, so an upgrade
// cannot silently lose the fast path.
type objectLayout struct {
	selfOff   uintptr        // goja.Object.self (interface objectImpl)
	valuesOff uintptr        // baseObject.values
	namesOff  uintptr        // baseObject.propNames
	baseTab   unsafe.Pointer // the interface's type word for *baseObject
	propType  reflect.Type   // *goja.valueProperty (accessors, attributes)

	// Arrays (goja's *arrayObject), read by the stringifier's array walk
	// (see arrayElems).
	arrayTab     unsafe.Pointer // the interface's type word for *arrayObject
	arrBaseOff   uintptr        // arrayObject.baseObject (embedded)
	arrValuesOff uintptr        // arrayObject.values
	arrLengthOff uintptr        // arrayObject.length
	arrPropsOff  uintptr        // arrayObject.propValueCount

	// Object.prototype and Array.prototype (goja's templated objects):
	// their type words and the offset of their embedded baseObject, for
	// ownNamed (the stringifier's toJSON check).
	objProtoTab, arrProtoTab unsafe.Pointer
	objProtoOff, arrProtoOff uintptr

	// Host objects (goja's *dynamicObject): its type word and the offset
	// of the DynamicObject it wraps (what Export returns, without the
	// allocation Export makes).
	dynTab  unsafe.Pointer
	dynDOff uintptr

	// asciiTab is the type word of a goja.Value holding goja's asciiString
	// (see stringSlab).
	asciiTab unsafe.Pointer
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
	if !l.probeArrayLayout(rt) || !l.probe(rt) || !l.probeArrays(rt) || !l.probePrototypes() || !l.probeHost(rt) || !l.probeASCII(rt) {
		return nil
	}
	return l
}

// probeHost finds where goja's *dynamicObject keeps the DynamicObject it
// wraps, and checks host against Export.
func (l *objectLayout) probeHost(rt *goja.Runtime) bool {
	o := rt.NewDynamicObject(probeHostObject{})
	impl := reflect.ValueOf(o).Elem().FieldByName("self").Elem().Type()
	if impl.Kind() != reflect.Pointer || impl.Elem().Name() != "dynamicObject" {
		return false
	}
	d, ok := impl.Elem().FieldByName("d")
	if !ok || len(d.Index) != 1 || d.Type != reflect.TypeOf((*goja.DynamicObject)(nil)).Elem() {
		return false
	}
	l.dynTab = (*ifaceWords)(unsafe.Add(unsafe.Pointer(o), l.selfOff)).tab
	l.dynDOff = d.Offset
	got, ok := l.host(o)
	return ok && got == o.Export() && got == goja.DynamicObject(probeHostObject{})
}

type probeHostObject struct{}

func (probeHostObject) Get(string) goja.Value       { return nil }
func (probeHostObject) Set(string, goja.Value) bool { return false }
func (probeHostObject) Has(string) bool             { return false }
func (probeHostObject) Delete(string) bool          { return false }
func (probeHostObject) Keys() []string              { return nil }

// host returns the DynamicObject a host object wraps (o.Export(), without
// its allocation), or false for any other object.
func (l *objectLayout) host(o *goja.Object) (goja.DynamicObject, bool) {
	self := (*ifaceWords)(unsafe.Add(unsafe.Pointer(o), l.selfOff))
	if self.tab != l.dynTab || self.data == nil {
		return nil, false
	}
	d := *(*goja.DynamicObject)(unsafe.Add(self.data, l.dynDOff))
	return d, d != nil
}

// probeASCII finds the type word of an asciiString goja.Value and checks a
// value made with it (stringSlab) against one goja makes.
func (l *objectLayout) probeASCII(rt *goja.Runtime) bool {
	var v goja.Value = goja.StringFromUTF16([]uint16{'a'})
	if t := reflect.TypeOf(v); t.Kind() != reflect.String || t.Name() != "asciiString" {
		return false
	}
	l.asciiTab = (*ifaceWords)(unsafe.Pointer(&v)).tab
	var slab stringSlab
	made := slab.value(rt, l, "probe-ascii")
	want := rt.ToValue("probe-ascii")
	return made.String() == "probe-ascii" && made.SameAs(want) && made.StrictEquals(want) &&
		made.(goja.String).Length() == 11 && made.ExportType() == want.ExportType()
}

// embeddedBase returns the offset of the baseObject t embeds (t itself
// when it is baseObject), following embedded fields.
func embeddedBase(t reflect.Type, pkg string) (uintptr, bool) {
	if t.Kind() != reflect.Struct {
		return 0, false
	}
	if t.Name() == "baseObject" && t.PkgPath() == pkg {
		return 0, true
	}
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.Anonymous {
			if off, ok := embeddedBase(f.Type, pkg); ok {
				return f.Offset + off, true
			}
		}
	}
	return 0, false
}

// probePrototypes finds Object.prototype's and Array.prototype's layout
// and checks that a toJSON defined on either shows in ownNamed.
func (l *objectLayout) probePrototypes() bool {
	rt := goja.New()
	pkg := reflect.TypeOf(goja.Object{}).PkgPath()
	find := func(ctor string) (*goja.Object, unsafe.Pointer, uintptr, bool) {
		proto, ok := rt.Get(ctor).(*goja.Object).Get("prototype").(*goja.Object)
		if !ok {
			return nil, nil, 0, false
		}
		impl := reflect.ValueOf(proto).Elem().FieldByName("self").Elem().Type()
		if impl.Kind() != reflect.Pointer {
			return nil, nil, 0, false
		}
		off, ok := embeddedBase(impl.Elem(), pkg)
		return proto, (*ifaceWords)(unsafe.Add(unsafe.Pointer(proto), l.selfOff)).tab, off, ok
	}
	objProto, objTab, objOff, ok1 := find("Object")
	arrProto, arrTab, arrOff, ok2 := find("Array")
	if !ok1 || !ok2 || objTab == l.baseTab || objTab == l.arrayTab {
		return false
	}
	l.objProtoTab, l.objProtoOff, l.arrProtoTab, l.arrProtoOff = objTab, objOff, arrTab, arrOff
	for _, p := range []*goja.Object{objProto, arrProto} {
		if own, ok := l.ownNamed(p); !ok || own["toJSON"] != nil {
			return false
		}
	}
	if _, err := rt.RunString(`Object.prototype.toJSON = 1;
		Object.defineProperty(Array.prototype, "toJSON", {get: function () {}, configurable: true})`); err != nil {
		return false
	}
	for _, p := range []*goja.Object{objProto, arrProto} {
		if own, ok := l.ownNamed(p); !ok || own["toJSON"] == nil {
			return false
		}
	}
	return true
}

// probeArrayLayout finds goja's *arrayObject fields by reflection.
func (l *objectLayout) probeArrayLayout(rt *goja.Runtime) bool {
	arr, err := rt.RunString(`[1]`)
	if err != nil {
		return false
	}
	impl := reflect.ValueOf(arr.(*goja.Object)).Elem().FieldByName("self").Elem().Type()
	if impl.Kind() != reflect.Pointer || impl.Elem().Name() != "arrayObject" {
		return false
	}
	t := impl.Elem()
	base, ok0 := t.FieldByName("baseObject")
	values, ok1 := t.FieldByName("values")
	length, ok2 := t.FieldByName("length")
	props, ok3 := t.FieldByName("propValueCount")
	if !ok0 || !ok1 || !ok2 || !ok3 || !base.Anonymous || base.Type.Name() != "baseObject" ||
		values.Type != reflect.TypeOf([]goja.Value(nil)) || length.Type.Kind() != reflect.Uint32 ||
		props.Type.Kind() != reflect.Int || len(values.Index) != 1 || len(length.Index) != 1 || len(props.Index) != 1 {
		return false
	}
	l.arrayTab = (*ifaceWords)(unsafe.Add(unsafe.Pointer(arr.(*goja.Object)), l.selfOff)).tab
	l.arrBaseOff, l.arrValuesOff, l.arrLengthOff, l.arrPropsOff = base.Offset, values.Offset, length.Offset, props.Offset
	return true
}

// probeArrays checks arrayElems against goja on arrays of known shapes.
func (l *objectLayout) probeArrays(rt *goja.Runtime) bool {
	v, err := rt.RunString(`var a = [1, "x", null]; a.push(4); a.length = 6; a`)
	if err != nil {
		return false
	}
	elems, n, ok := l.arrayElems(v.(*goja.Object))
	if !ok || n != 6 || len(elems) > 6 || len(elems) < 4 || elems[1].String() != "x" || !goja.IsNull(elems[2]) || elems[3].ToInteger() != 4 {
		return false
	}
	acc, err := rt.RunString(`Object.defineProperty([1, 2], 0, {get: function () { return 0 }})`)
	if err != nil {
		return false
	}
	_, _, ok = l.arrayElems(acc.(*goja.Object))
	return !ok
}

// probe checks plainEntries against Object.Keys on objects of known shapes.
func (l *objectLayout) probe(rt *goja.Runtime) bool {
	v, err := rt.RunString(`var o = {b: 1, a: "x", c: {}}; o.d = null; delete o.a; o`)
	if err != nil {
		return false
	}
	o := v.(*goja.Object)
	got, _, ok := l.plainEntries(o, nil, nil)
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
	_, _, isPlain := l.plainEntries(arr.(*goja.Object), nil, nil)
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

// array returns o's *arrayObject when o is one.
func (l *objectLayout) array(o *goja.Object) (unsafe.Pointer, bool) {
	self := (*ifaceWords)(unsafe.Add(unsafe.Pointer(o), l.selfOff))
	return self.data, self.tab == l.arrayTab && self.data != nil
}

// arrayElems returns a goja array's element storage and its length when
// reading its elements runs no script: none of them is an accessor (or
// has attributes). Elements at or past len(elems), or nil, are holes,
// which are read through the prototype chain (o.Get). The slice is goja's
// own: valid only until a script runs.
func (l *objectLayout) arrayElems(o *goja.Object) (elems []goja.Value, length uint32, ok bool) {
	a, ok := l.array(o)
	if !ok || *(*int)(unsafe.Add(a, l.arrPropsOff)) != 0 {
		return nil, 0, false
	}
	return *(*[]goja.Value)(unsafe.Add(a, l.arrValuesOff)), *(*uint32)(unsafe.Add(a, l.arrLengthOff)), true
}

// ownBase returns the baseObject goja keeps o's named properties in: a
// plain object's own, an array's embedded one and, with protos,
// Object.prototype's and Array.prototype's; false for any other object.
func (l *objectLayout) ownBase(o *goja.Object, protos bool) (unsafe.Pointer, bool) {
	self := (*ifaceWords)(unsafe.Add(unsafe.Pointer(o), l.selfOff))
	switch {
	case self.data == nil:
		return nil, false
	case self.tab == l.baseTab:
		return self.data, true
	case self.tab == l.arrayTab:
		return unsafe.Add(self.data, l.arrBaseOff), true
	case protos && self.tab == l.objProtoTab:
		return unsafe.Add(self.data, l.objProtoOff), true
	case protos && self.tab == l.arrProtoTab:
		return unsafe.Add(self.data, l.arrProtoOff), true
	}
	return nil, false
}

// ownNamed returns the own string-keyed property map of a plain object,
// an array (goja keeps an array's non-index properties there),
// Object.prototype or Array.prototype (whose maps hold every property
// set or read, though not the built-ins no one has read yet), or false
// for any other object.
func (l *objectLayout) ownNamed(o *goja.Object) (map[unistring.String]goja.Value, bool) {
	b, ok := l.ownBase(o, true)
	if !ok {
		return nil, false
	}
	return *(*map[unistring.String]goja.Value)(unsafe.Add(b, l.valuesOff)), true
}

// hasOwnName reports whether o, a plain object or an array, may have an own
// property called name, from goja's list of its property names (a name
// being deleted may still be there: true errs on the safe side); ok is
// false for any other object (the prototypes' lists leave out the built-ins
// no one has read). Comparing a few names is cheaper than hashing name for
// the map.
func (l *objectLayout) hasOwnName(o *goja.Object, name string) (has, ok bool) {
	b, ok := l.ownBase(o, false)
	if !ok {
		return false, false
	}
	for _, n := range *(*[]unistring.String)(unsafe.Add(b, l.namesOff)) {
		if string(n) == name {
			return true, true
		}
	}
	return false, true
}

// plainEntries appends o's own enumerable string keys, in Object.keys
// order, to keys and their values to vals (read in the same pass, as a
// [[Get]] of a data property reads it) when o is a plain object whose
// keys are all ASCII non-index names holding data properties; otherwise
// it returns keys and vals unchanged and false. It allocates only when
// they grow.
func (l *objectLayout) plainEntries(o *goja.Object, keys []string, vals []goja.Value) ([]string, []goja.Value, bool) {
	b, ok := l.base(o)
	if !ok {
		return keys, vals, false
	}
	values := *(*map[unistring.String]goja.Value)(unsafe.Add(b, l.valuesOff))
	names := *(*[]unistring.String)(unsafe.Add(b, l.namesOff))
	k0, v0 := len(keys), len(vals)
	for _, name := range names {
		v := values[name]
		if v == nil {
			continue // a name being deleted (goja's own iterator skips it too)
		}
		if reflect.TypeOf(v) == l.propType || !plainName(string(name)) {
			return keys[:k0], vals[:v0], false
		}
		keys, vals = append(keys, string(name)), append(vals, v)
	}
	return keys, vals, true
}

// fillData stores members into o, a new empty plain object, as its own
// data properties, when every key is a plain name (see plainName): straight
// into goja's property map and list, the list allocated once at its size.
// It reports false, leaving o as it was, otherwise.
func (l *objectLayout) fillData(o *goja.Object, members []member) bool {
	b, ok := l.base(o)
	if !ok {
		return false
	}
	for _, m := range members {
		if !plainName(m.key) {
			return false
		}
	}
	values := (*map[unistring.String]goja.Value)(unsafe.Add(b, l.valuesOff))
	names := (*[]unistring.String)(unsafe.Add(b, l.namesOff))
	if len(*values) != 0 || len(*names) != 0 {
		return false
	}
	if len(members) > 8 {
		// goja's map starts with room for 8: give it all it needs at once
		*values = make(map[unistring.String]goja.Value, len(members))
	}
	list := make([]unistring.String, 0, len(members))
	for _, m := range members {
		k := unistring.String(m.key)
		if _, dup := (*values)[k]; !dup {
			list = append(list, k)
		}
		(*values)[k] = m.val
	}
	*names = list
	return true
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

// KeyLister is implemented by host objects (goja dynamic objects) that
// append their keys — what their Keys method returns — to dst without
// allocating. Their Get, Has and Keys run no script: the stringifier
// reads them as it reads plain objects (see scriptfree.go).
type KeyLister interface {
	AppendKeys(dst []string) []string
}

var dynamicObjectType = reflect.TypeOf((*goja.DynamicObject)(nil)).Elem()

// hostOf returns the DynamicObject a goja host object wraps.
func hostOf(o *goja.Object) (goja.DynamicObject, bool) {
	if l := loadLayout(); l != nil {
		return l.host(o)
	}
	if t := o.ExportType(); t == nil || t.Kind() == reflect.Map || !t.Implements(dynamicObjectType) {
		return nil, false
	}
	d, ok := o.Export().(goja.DynamicObject)
	return d, ok
}

// hostKeys appends the keys Object.Keys gives a goja dynamic object — its
// handler's Keys that it Has — to dst, without goja's iterators (three
// allocations per key), and reports whether the object is a KeyLister
// (reading it runs no script); ok is false, and dst unchanged, for any
// other object or a key whose Go form may not be exact (not UTF-8, or
// holding U+FFFD).
func hostKeys(o *goja.Object, dst []string) (_ []string, lister, ok bool) {
	d, ok := hostOf(o)
	if !ok {
		return dst, false, false
	}
	start := len(dst)
	l, lister := d.(KeyLister)
	if lister {
		dst = l.AppendKeys(dst)
	} else {
		dst = append(dst, d.Keys()...)
	}
	kept := start
	for _, k := range dst[start:] {
		if !utf8.ValidString(k) || strings.ContainsRune(k, utf8.RuneError) {
			return dst[:start], false, false
		}
		if d.Has(k) {
			dst[kept] = k
			kept++
		}
	}
	return dst[:kept], lister, true
}
