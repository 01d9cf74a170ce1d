package webcrypto

import (
	"github.com/dop251/goja"
	"github.com/tyk-ve/tyk-ve/webcrypto"
)

// maxSequence bounds the sequences read from scripts (key_ops, usages):
// there are eight key usages, so a longer list is a mistake, and a huge
// sparse array must not keep Go busy where an interrupt cannot reach.
const maxSequence = 64

// jwk converts a JsonWebKey dictionary (undefined and null are the empty
// dictionary), reading only the members Web Crypto uses.
func (b *binding) jwk(v goja.Value) (*webcrypto.JWK, error) {
	j := &webcrypto.JWK{}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return j, nil
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, typeErr("the JWK must be an object")
	}
	str := func(name string) *string {
		if mv := obj.Get(name); !isAbsent(mv) {
			s := toString(mv)
			return &s
		}
		return nil
	}
	val := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	// WebIDL reads dictionary members in lexicographic order.
	j.Alg = str("alg")
	j.Crv = val(str("crv"))
	j.D = str("d")
	j.E = val(str("e"))
	if mv := obj.Get("ext"); !isAbsent(mv) {
		ext := mv.ToBoolean()
		j.Ext = &ext
	}
	j.K = val(str("k"))
	if mv := obj.Get("key_ops"); !isAbsent(mv) {
		ops, err := b.stringSequence("key_ops", mv)
		if err != nil {
			return nil, err
		}
		j.KeyOps = &ops
	}
	j.Kty = val(str("kty"))
	j.N = val(str("n"))
	j.Use = str("use")
	j.X = val(str("x"))
	j.Y = val(str("y"))
	return j, nil
}

// stringSequence is WebIDL's sequence<DOMString> conversion: the value
// must be an object with a Symbol.iterator method, iterated to the end.
func (b *binding) stringSequence(what string, v goja.Value) ([]string, error) {
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, typeErr(what + " must be a sequence (an array)")
	}
	method, ok := goja.AssertFunction(obj.GetSymbol(goja.SymIterator))
	if !ok {
		return nil, typeErr(what + " is not iterable")
	}
	itV, err := method(obj)
	if err != nil {
		return nil, b.jsFailure(err)
	}
	it, ok := itV.(*goja.Object)
	if !ok {
		return nil, typeErr(what + ": the iterator is not an object")
	}
	next, ok := goja.AssertFunction(it.Get("next"))
	if !ok {
		return nil, typeErr(what + ": the iterator has no next method")
	}
	var out []string
	for {
		r, err := next(it)
		if err != nil {
			return nil, b.jsFailure(err)
		}
		ro, ok := r.(*goja.Object)
		if !ok {
			return nil, typeErr(what + ": the iterator result is not an object")
		}
		if ro.Get("done").ToBoolean() {
			return out, nil
		}
		if len(out) == maxSequence {
			return nil, typeErr(what + " has too many entries")
		}
		out = append(out, toString(ro.Get("value")))
	}
}

// jwkValue converts an exported JWK to an object (members in
// lexicographic order, absent ones left out).
func (b *binding) jwkValue(j *webcrypto.JWK) goja.Value {
	o := b.rt.NewObject()
	str := func(k, v string) {
		if v != "" {
			_ = o.Set(k, v)
		}
	}
	if j.Alg != nil {
		str("alg", *j.Alg)
	}
	str("crv", j.Crv)
	str("e", j.E)
	if j.Ext != nil {
		_ = o.Set("ext", *j.Ext)
	}
	str("k", j.K)
	if j.KeyOps != nil {
		_ = o.Set("key_ops", b.rt.NewArray(anySlice(*j.KeyOps)...))
	}
	str("kty", j.Kty)
	str("n", j.N)
	str("x", j.X)
	str("y", j.Y)
	return o
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
