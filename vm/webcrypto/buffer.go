package webcrypto

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"

	"github.com/dop251/goja"
)

// dataViewGetters are DataView.prototype's own getters as Install found
// them: called on a value that is not a DataView they throw, so they both
// recognise a DataView and read it whatever a script later changes.
type dataViewGetters struct {
	buffer, byteOffset, byteLength goja.Callable
}

// captureBuiltins keeps Error.prototype and the DataView getters.
func (b *binding) captureBuiltins() error {
	rt := b.rt
	errCtor, ok := rt.Get("Error").(*goja.Object)
	if !ok {
		return fmt.Errorf("the runtime has no Error constructor")
	}
	b.errorProt = errCtor.Get("prototype").(*goja.Object)
	b.uint8Array = rt.Get("Uint8Array").(*goja.Object)
	gopd, ok := goja.AssertFunction(rt.Get("Object").(*goja.Object).Get("getOwnPropertyDescriptor"))
	if !ok {
		return fmt.Errorf("the runtime has no Object.getOwnPropertyDescriptor")
	}
	proto := rt.Get("DataView").(*goja.Object).Get("prototype")
	for name, dst := range map[string]*goja.Callable{"buffer": &b.dataView.buffer, "byteOffset": &b.dataView.byteOffset, "byteLength": &b.dataView.byteLength} {
		d, err := gopd(goja.Undefined(), proto, rt.ToValue(name))
		if err != nil {
			return err
		}
		get, ok := goja.AssertFunction(d.ToObject(rt).Get("get"))
		if !ok {
			return fmt.Errorf("DataView.prototype.%s has no getter", name)
		}
		*dst = get
	}
	return nil
}

var (
	typeArrayBuffer = reflect.TypeOf(goja.ArrayBuffer{})
	typeBytes       = reflect.TypeOf([]byte(nil))
)

// bufferSource returns a copy of the bytes of an ArrayBuffer, a typed
// array or a DataView (ok false for anything else).
func (b *binding) bufferSource(v goja.Value) ([]byte, bool) {
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, false
	}
	switch t := obj.ExportType(); {
	case t == typeArrayBuffer:
		ab := obj.Export().(goja.ArrayBuffer)
		return append([]byte{}, ab.Bytes()...), true
	case t == typeBytes:
		return append([]byte{}, obj.Export().([]byte)...), true
	case t != nil && t.Kind() == reflect.Slice && isNumber(t.Elem().Kind()):
		return typedBytes(obj.Export()), true
	}
	return b.dataViewBytes(obj)
}

// dataViewBytes reads a DataView's window of its buffer.
func (b *binding) dataViewBytes(obj *goja.Object) ([]byte, bool) {
	bufV, err := b.dataView.buffer(obj)
	if err != nil {
		return nil, false
	}
	off, err1 := b.dataView.byteOffset(obj)
	n, err2 := b.dataView.byteLength(obj)
	ab, ok := bufV.Export().(goja.ArrayBuffer)
	if err1 != nil || err2 != nil || !ok {
		return nil, false
	}
	data := ab.Bytes()
	o, l := off.ToInteger(), n.ToInteger()
	if o < 0 || l < 0 || o+l > int64(len(data)) {
		return nil, true // detached or shrunk: no bytes
	}
	return append([]byte{}, data[o:o+l]...), true
}

func isNumber(k reflect.Kind) bool {
	switch k {
	case reflect.Int8, reflect.Uint8, reflect.Int16, reflect.Uint16, reflect.Int32, reflect.Uint32,
		reflect.Int64, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// typedBytes is the memory of a typed array's elements, in the machine's
// byte order as JavaScript sees it through an ArrayBuffer.
func typedBytes(s any) []byte {
	v := reflect.ValueOf(s)
	size := int(v.Type().Elem().Size())
	out := make([]byte, 0, v.Len()*size)
	for i := 0; i < v.Len(); i++ {
		out = appendElem(out, v.Index(i))
	}
	return out
}

// appendElem appends one element in native byte order.
func appendElem(out []byte, e reflect.Value) []byte {
	ne := binary.NativeEndian
	switch e.Kind() {
	case reflect.Int8:
		return append(out, byte(e.Int()))
	case reflect.Int16, reflect.Uint16:
		return ne.AppendUint16(out, uint16(e.Convert(reflect.TypeOf(uint16(0))).Uint()))
	case reflect.Int32, reflect.Uint32:
		return ne.AppendUint32(out, uint32(e.Convert(reflect.TypeOf(uint32(0))).Uint()))
	case reflect.Int64, reflect.Uint64:
		return ne.AppendUint64(out, e.Convert(reflect.TypeOf(uint64(0))).Uint())
	case reflect.Float32:
		return ne.AppendUint32(out, math.Float32bits(float32(e.Float())))
	case reflect.Float64:
		return ne.AppendUint64(out, math.Float64bits(e.Float()))
	}
	return out
}
