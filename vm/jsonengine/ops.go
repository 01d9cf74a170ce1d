package jsonengine

import (
	"errors"

	"github.com/dop251/goja"
)

// Ops are what the stringifier needs for what goja's Go API cannot
// express exactly — proxies, and keys that hold lone surrogates: the
// original Object.keys and Array.isArray, and a property read by a
// JavaScript key (o[k]), taken before any script runs.
type Ops struct {
	keys    goja.Callable // Object.keys
	get     goja.Callable // (o, k) => o[k]
	isArray goja.Callable // Array.isArray

	// What the stringifier checks to skip looking up toJSON on plain
	// objects and arrays (see Stringifier.noToJSON).
	objectProto, arrayProto *goja.Object

	spare *Stringifier // the runtime's idle stringifier (see NewStringifier)
}

// jsonGetProgram is o[k] as a function; compiled once, run per runtime
// (cheaper than materialising goja's lazily built Reflect for Reflect.get).
var jsonGetProgram = goja.MustCompile("json-get.js", "(function (o, k) { return o[k] })", true)

// NewOps takes a runtime's Ops; call it once per runtime (and before any
// script runs, so that a script cannot replace what it reads).
func NewOps(rt *goja.Runtime) (*Ops, error) {
	builtin := func(obj, name string) goja.Callable {
		fn, _ := goja.AssertFunction(rt.Get(obj).ToObject(rt).Get(name))
		return fn
	}
	ops := &Ops{keys: builtin("Object", "keys"), isArray: builtin("Array", "isArray")}
	if get, err := rt.RunProgram(jsonGetProgram); err == nil {
		ops.get, _ = goja.AssertFunction(get)
	}
	if ops.keys == nil || ops.get == nil || ops.isArray == nil {
		return nil, errors.New("Object.keys or Array.isArray is not callable")
	}
	// The intrinsics, whatever the globals Object and Array now hold.
	ops.objectProto, ops.arrayProto = rt.NewObject().Prototype(), rt.NewArray().Prototype()
	return ops, nil
}
