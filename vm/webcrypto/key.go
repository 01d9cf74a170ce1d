package webcrypto

import (
	"github.com/dop251/goja"
	"github.com/tyk-ve/tyk-ve/webcrypto"
)

// handle is what a CryptoKey object holds under a private symbol: the Go
// key and the cached algorithm and usages objects (the standard returns the
// same objects every time).
type handle struct {
	key    *webcrypto.Key
	alg    *goja.Object
	usages *goja.Object
}

// installCryptoKey defines CryptoKey (not constructible from scripts) and
// its prototype's getters.
func (b *binding) installCryptoKey() error {
	rt := b.rt
	ctor := rt.ToValue(func(goja.ConstructorCall) *goja.Object {
		panic(rt.NewTypeError("Illegal constructor"))
	}).(*goja.Object)
	proto := rt.NewObject()
	getters := map[string]func(h *handle) goja.Value{
		"type":        func(h *handle) goja.Value { return rt.ToValue(h.key.Type()) },
		"extractable": func(h *handle) goja.Value { return rt.ToValue(h.key.Extractable()) },
		"algorithm":   func(h *handle) goja.Value { return h.alg },
		"usages":      func(h *handle) goja.Value { return h.usages },
	}
	for name, get := range getters {
		get := get
		fn := rt.ToValue(func(call goja.FunctionCall) goja.Value {
			h := b.handleOf(call.This)
			if h == nil {
				panic(rt.NewTypeError("Illegal invocation"))
			}
			return get(h)
		})
		if err := proto.DefineAccessorProperty(name, fn, nil, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
			return err
		}
	}
	if err := proto.DefineDataPropertySymbol(goja.SymToStringTag, rt.ToValue("CryptoKey"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	if err := ctor.DefineDataProperty("prototype", proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
		return err
	}
	if err := proto.DefineDataProperty("constructor", ctor, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	b.keyProto = proto
	return rt.Set("CryptoKey", ctor)
}

// keyObject makes the CryptoKey object for k.
func (b *binding) keyObject(k *webcrypto.Key) goja.Value {
	rt := b.rt
	o := rt.NewObject()
	_ = o.SetPrototype(b.keyProto)
	h := &handle{key: k, alg: b.keyAlgorithm(k.Algorithm()), usages: rt.NewArray(anySlice(k.Usages())...)}
	_ = o.DefineDataPropertySymbol(b.keySym, rt.ToValue(h), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	return o
}

// handleOf returns the handle of a CryptoKey object (nil for anything
// else).
func (b *binding) handleOf(v goja.Value) *handle {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	hv := o.GetSymbol(b.keySym)
	if hv == nil {
		return nil
	}
	h, _ := hv.Export().(*handle)
	return h
}

// keyAlgorithm is the KeyAlgorithm dictionary of a key.
func (b *binding) keyAlgorithm(a webcrypto.KeyAlgorithm) *goja.Object {
	rt := b.rt
	o := rt.NewObject()
	_ = o.Set("name", a.Name)
	if a.Hash != "" {
		h := rt.NewObject()
		_ = h.Set("name", a.Hash)
		_ = o.Set("hash", h)
	}
	if a.Length != 0 {
		_ = o.Set("length", a.Length)
	}
	if a.NamedCurve != "" {
		_ = o.Set("namedCurve", a.NamedCurve)
	}
	if a.ModulusLength != 0 {
		_ = o.Set("modulusLength", a.ModulusLength)
		u8, err := rt.New(b.uint8Array, rt.ToValue(rt.NewArrayBuffer(a.PublicExponent)))
		if err == nil {
			_ = o.Set("publicExponent", u8)
		}
	}
	return o
}
