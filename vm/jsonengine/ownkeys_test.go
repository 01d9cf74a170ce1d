package jsonengine

import (
	"reflect"
	"testing"

	"github.com/dop251/goja"
)

// TestPlainKeysActive fails when goja's layout is not the one plainEntries
// reads (a goja upgrade): JSON.stringify would still be right, through
// Object.Keys, but three allocations per key slower.
func TestPlainKeysActive(t *testing.T) {
	if loadLayout() == nil {
		t.Fatal("goja's object layout is not the one plainEntries knows: the fast key listing is off")
	}
}

// TestPlainKeys compares plainEntries with Object.keys and [[Get]], and
// checks which objects it leaves to Object.keys.
func TestPlainKeys(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src string
		plain     bool
	}{
		{"literal", `({b: 1, a: "x", c: {}})`, true},
		{"empty", `({})`, true},
		{"added and deleted", `(function(){ var o = {a: 1, b: 2, c: 3}; delete o.b; o.d = 4; o.b = 5; return o })()`, true},
		{"class instance", `new (class { constructor() { this.x = 1; this.y = 2 } m() {} })()`, true},
		{"no prototype", `var o = Object.create(null); o.k = 1; o`, true},
		{"parsed", `JSON.parse('{"z": 1, "y": [2]}')`, true},
		{"index key", `({b: 1, 2: 2, 1: 1})`, false},
		{"digit key", `({b: 1, "1a": 1})`, false},
		{"empty key", `({"": 1})`, false},
		{"non-ASCII key", `({"é": 1})`, false},
		{"accessor", `({get a() { return 1 }})`, false},
		{"not enumerable", `Object.defineProperty({a: 1}, "b", {value: 2})`, false},
		{"frozen", `Object.freeze({a: 1})`, false},
		{"array", `[1, 2]`, false},
		{"function", `(function f() {})`, false},
		{"date", `new Date(0)`, false},
		{"proxy", `new Proxy({a: 1}, {})`, false},
		{"boxed string", `new String("ab")`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rt := goja.New()
			v, err := rt.RunString(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			o := v.(*goja.Object)
			got, vals, plain := loadLayout().plainEntries(o, []string{"before"}, []goja.Value{goja.Null()})
			if plain != tc.plain {
				t.Fatalf("plain = %v, want %v", plain, tc.plain)
			}
			if !plain {
				if !reflect.DeepEqual(got, []string{"before"}) || len(vals) != 1 {
					t.Fatalf("left %q and %d values, want them unchanged", got, len(vals))
				}
				return
			}
			want := append([]string{"before"}, o.Keys()...)
			if !reflect.DeepEqual(got, want) || len(vals) != len(got) {
				t.Fatalf("got %q (%d values), want %q", got, len(vals), want)
			}
			for i, k := range got[1:] {
				if !vals[i+1].SameAs(o.Get(k)) {
					t.Fatalf("value of %q: %v, [[Get]] gives %v", k, vals[i+1], o.Get(k))
				}
			}
		})
	}
}

// TestPlainKeysAllocations: listing a plain object's keys into a slice
// with room allocates nothing.
func TestPlainKeysAllocations(t *testing.T) {
	rt := goja.New()
	v, err := rt.RunString(`({id: 1, sku: "a", qty: 3, more: {x: 1}})`)
	if err != nil {
		t.Fatal(err)
	}
	o := v.(*goja.Object)
	l := loadLayout()
	keys, vals := make([]string, 0, 8), make([]goja.Value, 0, 8)
	if n := testing.AllocsPerRun(100, func() { keys, vals, _ = l.plainEntries(o, keys[:0], vals[:0]) }); n != 0 {
		t.Fatalf("%v allocations per listing, want 0", n)
	}
}

func BenchmarkKeys(b *testing.B) {
	rt := goja.New()
	v, err := rt.RunString(`({id: 1, sku: "a", qty: 3, order: "o", customer: "c", total: 5})`)
	if err != nil {
		b.Fatal(err)
	}
	o := v.(*goja.Object)
	b.Run("Object.Keys", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = o.Keys()
		}
	})
	b.Run("plainEntries", func(b *testing.B) {
		b.ReportAllocs()
		l := loadLayout()
		var keys []string
		var vals []goja.Value
		for i := 0; i < b.N; i++ {
			keys, vals, _ = l.plainEntries(o, keys[:0], vals[:0])
		}
	})
}

// dynObj is a goja dynamic object whose Keys lists a key it does not
// Has (goja's Object.Keys skips it).
type dynObj struct {
	keys   []string
	lister bool
}

func (d *dynObj) Get(k string) goja.Value     { return nil }
func (d *dynObj) Set(string, goja.Value) bool { return false }
func (d *dynObj) Has(k string) bool           { return k != "ghost" }
func (d *dynObj) Delete(string) bool          { return false }
func (d *dynObj) Keys() []string              { return append([]string(nil), d.keys...) }

type listingDynObj struct{ dynObj }

func (d *listingDynObj) AppendKeys(dst []string) []string { return append(dst, d.keys...) }

// TestHostKeys compares hostKeys with Object.Keys on dynamic objects, with
// and without KeyLister, and checks what it leaves to Object.Keys.
func TestHostKeys(t *testing.T) {
	t.Parallel()
	rt := goja.New()
	for _, tc := range []struct {
		name string
		obj  *goja.Object
		ok   bool
	}{
		{"dynamic", rt.NewDynamicObject(&dynObj{keys: []string{"b", "ghost", "a", "1"}}), true},
		{"dynamic, KeyLister", rt.NewDynamicObject(&listingDynObj{dynObj{keys: []string{"z", "ghost", "é"}}}), true},
		{"dynamic, invalid UTF-8 key", rt.NewDynamicObject(&dynObj{keys: []string{"a", "\xff"}}), false},
		{"dynamic, U+FFFD key", rt.NewDynamicObject(&dynObj{keys: []string{"\ufffd"}}), false},
		{"plain object", rt.NewObject(), false},
		{"array", rt.NewArray(1, 2), false},
	} {
		got, _, ok := hostKeys(tc.obj, []string{"x"})
		if ok != tc.ok {
			t.Errorf("%s: ok = %v, want %v", tc.name, ok, tc.ok)
			continue
		}
		if !ok {
			if !reflect.DeepEqual(got, []string{"x"}) {
				t.Errorf("%s: left %q, want dst unchanged", tc.name, got)
			}
			continue
		}
		if want := append([]string{"x"}, tc.obj.Keys()...); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, want)
		}
	}
}
