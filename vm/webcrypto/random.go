package webcrypto

import (
	"crypto/rand"
	"encoding/binary"
	"io"
	"reflect"

	"github.com/dop251/goja"
	"github.com/tyk-ve/tyk-ve/webcrypto"
)

// reader is the source of random bytes.
func (b *binding) reader() io.Reader {
	if b.rand != nil {
		return b.rand
	}
	return rand.Reader
}

// getRandomValues is crypto.getRandomValues(typedArray): integer typed
// arrays only (TypeMismatchError for float arrays and DataViews, TypeError
// for anything else), at most 65536 bytes (QuotaExceededError); the array
// is filled in place and returned.
func (b *binding) getRandomValues(call goja.FunctionCall) goja.Value {
	b.checkCrypto(call.This)
	arg := call.Argument(0)
	obj, ok := arg.(*goja.Object)
	if !ok {
		panic(b.rt.NewTypeError("getRandomValues: the argument must be an integer typed array"))
	}
	t := obj.ExportType()
	if t == nil || t.Kind() != reflect.Slice || !isNumber(t.Elem().Kind()) {
		if _, isView := b.dataViewBytes(obj); isView {
			b.throwDOM(webcrypto.TypeMismatchError, "getRandomValues: a DataView is not an integer typed array")
		}
		panic(b.rt.NewTypeError("getRandomValues: the argument must be an integer typed array"))
	}
	k := t.Elem().Kind()
	if k == reflect.Float32 || k == reflect.Float64 {
		b.throwDOM(webcrypto.TypeMismatchError, "getRandomValues: float arrays are not allowed")
	}
	s := reflect.ValueOf(obj.Export())
	size := int(t.Elem().Size())
	if s.Len()*size > webcrypto.MaxRandomBytes {
		b.throwDOM(webcrypto.QuotaExceededError, "getRandomValues: at most 65536 bytes at a time")
	}
	if bs, ok := obj.Export().([]byte); ok { // Uint8Array, Uint8ClampedArray
		if _, err := io.ReadFull(b.reader(), bs); err != nil {
			panic(b.rt.NewGoError(err))
		}
		return arg
	}
	buf := make([]byte, s.Len()*size)
	if _, err := io.ReadFull(b.reader(), buf); err != nil {
		panic(b.rt.NewGoError(err))
	}
	fill(s, buf, size)
	return arg
}

// fill stores random bytes into the elements of an integer slice.
func fill(s reflect.Value, buf []byte, size int) {
	ne := binary.NativeEndian
	for i := 0; i < s.Len(); i++ {
		p := buf[i*size:]
		e := s.Index(i)
		var u uint64
		switch size {
		case 1:
			u = uint64(p[0])
		case 2:
			u = uint64(ne.Uint16(p))
		case 4:
			u = uint64(ne.Uint32(p))
		case 8:
			u = ne.Uint64(p)
		}
		switch e.Kind() {
		case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			e.SetInt(int64(u) << (64 - 8*size) >> (64 - 8*size))
		default:
			e.SetUint(u)
		}
	}
}

// randomUUID is crypto.randomUUID().
func (b *binding) randomUUID(call goja.FunctionCall) goja.Value {
	b.checkCrypto(call.This)
	id, err := webcrypto.RandomUUID(b.reader())
	if err != nil {
		panic(b.rt.NewGoError(err))
	}
	return b.rt.ToValue(id)
}
