package clone

import (
	"reflect"
	"time"
	"unsafe"
)

var timeType = reflect.TypeOf(time.Time{})

// Clone returns a deep copy of *v, or nil for nil.
func Clone[T any](v *T) *T {
	if v == nil {
		return nil
	}
	out := new(T)
	copyValue(reflect.ValueOf(out).Elem(), reflect.ValueOf(v).Elem())
	return out
}

// copyValue deep-copies src into dst, which must be addressable.
func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyValue(p.Elem(), src.Elem())
		writable(dst).Set(p)
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		inner := src.Elem()
		v := reflect.New(inner.Type()).Elem()
		copyValue(v, inner)
		writable(dst).Set(v)
	case reflect.Struct:
		if src.Type() == timeType {
			writable(dst).Set(src)
			return
		}
		// Make src addressable so that unexported fields can be read.
		s := reflect.New(src.Type()).Elem()
		s.Set(src)
		for i := 0; i < s.NumField(); i++ {
			copyValue(writable(dst.Field(i)), writable(s.Field(i)))
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		v := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			copyValue(v.Index(i), src.Index(i))
		}
		writable(dst).Set(v)
	case reflect.Array:
		for i := 0; i < src.Len(); i++ {
			copyValue(writable(dst.Index(i)), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		v := reflect.MakeMapWithSize(src.Type(), src.Len())
		iter := src.MapRange()
		for iter.Next() {
			e := reflect.New(src.Type().Elem()).Elem()
			copyValue(e, iter.Value())
			v.SetMapIndex(iter.Key(), e)
		}
		writable(dst).Set(v)
	default:
		writable(dst).Set(src)
	}
}

// writable returns v, or an alias of it that can be set when v is an
// addressable value reached through an unexported field.
func writable(v reflect.Value) reflect.Value {
	if v.CanSet() || !v.CanAddr() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}
