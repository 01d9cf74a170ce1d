package webcrypto

import (
	"math"

	"github.com/dop251/goja"
	"github.com/tyk-ve/tyk-ve/webcrypto"
)

// algorithm reads an AlgorithmIdentifier for op and normalizes it: a
// string is {name}; an object's name is looked up first, then only the
// members of that algorithm's dictionary are read.
func (b *binding) algorithm(op webcrypto.Operation, v goja.Value) (webcrypto.Algorithm, error) {
	in, err := b.algorithmInput(op, v)
	if err != nil {
		return webcrypto.Algorithm{}, err
	}
	return webcrypto.Normalize(op, in)
}

func (b *binding) algorithmInput(op webcrypto.Operation, v goja.Value) (webcrypto.AlgorithmInput, error) {
	obj, isObj := v.(*goja.Object)
	if !isObj {
		return webcrypto.AlgorithmInput{Name: toString(v)}, nil
	}
	nameV := obj.Get("name")
	if isAbsent(nameV) {
		return webcrypto.AlgorithmInput{}, typeErr("the algorithm has no name")
	}
	in := webcrypto.AlgorithmInput{Name: toString(nameV)}
	_, members, err := webcrypto.Lookup(op, in.Name)
	if err != nil {
		return in, err
	}
	for _, m := range members {
		mv := obj.Get(m)
		if isAbsent(mv) {
			continue
		}
		switch m {
		case webcrypto.MemberHash:
			h, err := b.algorithmInput(webcrypto.OpDigest, mv)
			if err != nil {
				return in, err
			}
			in.Hash = &h
		case webcrypto.MemberNamedCurve:
			s := toString(mv)
			in.NamedCurve = &s
		case webcrypto.MemberLength, webcrypto.MemberSaltLength:
			n, err := unsignedLong(m, mv)
			if err != nil {
				return in, err
			}
			if m == webcrypto.MemberLength {
				in.Length = &n
			} else {
				in.SaltLength = &n
			}
		}
	}
	return in, nil
}

// unsignedLong is WebIDL's [EnforceRange] unsigned long.
func unsignedLong(member string, v goja.Value) (uint32, error) {
	f := v.ToFloat()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, typeErr(member + " must be a finite number")
	}
	f = math.Trunc(f)
	if f < 0 || f > math.MaxUint32 {
		return 0, typeErr(member + " is out of range")
	}
	return uint32(f), nil
}

// isAbsent reports whether a dictionary member is missing.
func isAbsent(v goja.Value) bool { return v == nil || goja.IsUndefined(v) }

// toString is DOMString conversion (a Symbol throws TypeError).
func toString(v goja.Value) string {
	if v == nil {
		return "undefined"
	}
	return v.ToString().String()
}
