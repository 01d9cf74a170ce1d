// Package jsthrow raises JavaScript errors from Go code that goja calls: the
// value panics through goja's native-function boundary and the script sees
// an ordinary exception it can catch (k6's js/common.Throw does the same).
// Call these only from Go functions that JavaScript called.
package jsthrow

import "github.com/dop251/goja"

// RangeError throws a RangeError with msg (a TypeError if a script has
// replaced RangeError with something that cannot be constructed).
func RangeError(rt *goja.Runtime, msg string) {
	ctor, ok := goja.AssertConstructor(rt.Get("RangeError"))
	if !ok {
		panic(rt.NewTypeError(msg))
	}
	obj, err := ctor(nil, rt.ToValue(msg))
	if err != nil {
		panic(err)
	}
	panic(obj)
}
