package tykapi

import (
	"errors"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// installJSON replaces JSON.parse and JSON.stringify with Go versions —
// goja's own decode through encoding/json's tokenizer and walk objects
// generically, and they dominate typical virtual endpoint code. JSON.parse
// takes a fast path for plain text and hands anything else (a reviver,
// invalid JSON) to goja's original. JSON.stringify is jsonStringifier for
// every call, with a replacer function or property list too, so that every
// call obeys the call's deadline, the text size cap and the depth limit. The
// fuzz tests compare both with goja's on random input.
func installJSON(rt *goja.Runtime, env *State) error {
	jsonObj := rt.Get("JSON").ToObject(rt)
	origParse, ok := goja.AssertFunction(jsonObj.Get("parse"))
	if !ok {
		return errors.New("JSON.parse is not callable")
	}
	guard, err := newJSONGuard(rt, env)
	if err != nil {
		return err
	}
	parse := func(call goja.FunctionCall) goja.Value {
		text := call.Argument(0).String()
		if reviver, ok := goja.AssertFunction(call.Argument(1)); ok {
			return guard.parseWithReviver(origParse, text, reviver)
		}
		if len(call.Arguments) < 2 || goja.IsUndefined(call.Argument(1)) {
			v, err := jsonengine.ParseWith(rt, text, &env.parseScratch)
			if err == nil {
				return v
			}
			if errors.Is(err, jsonengine.ErrTooDeep) {
				throwRangeError(rt, "JSON.parse: "+err.Error())
			}
		}
		// goja's parser recurses in Go for each nesting level.
		if jsonTextDeeper(text, env.limits.MaxStackDepth) {
			throwRangeError(rt, "JSON.parse: input nested too deeply")
		}
		return callOriginal(origParse, call)
	}
	ops, err := jsonOpsFor(rt, env)
	if err != nil {
		return err
	}
	stringify := func(call goja.FunctionCall) goja.Value {
		s := jsonengine.NewStringifier(rt, ops, env.jsonLimits(), "")
		// The specification reads the replacer (a property list's items)
		// before the space argument (a boxed number's valueOf).
		s.UseReplacer(call.Argument(1))
		s.SetSpace(call.Argument(2))
		if text, ok := s.Stringify(call.Argument(0)); ok {
			// The text is new and never changes: its value can point at it
			// (no scan of it for non-ASCII a byte at a time, as ToValue's).
			return jsonengine.StringAt(rt, &text)
		}
		return goja.Undefined()
	}
	if err := defineBuiltin(rt, jsonObj, "parse", parse, 2); err != nil {
		return err
	}
	return defineBuiltin(rt, jsonObj, "stringify", stringify, 3)
}

func callOriginal(fn goja.Callable, call goja.FunctionCall) goja.Value {
	v, err := fn(call.This, call.Arguments...)
	if err != nil {
		panic(err)
	}
	return v
}

// defineBuiltin installs fn as a non-enumerable method with the usual
// name and length, like the built-in it replaces.
func defineBuiltin(rt *goja.Runtime, obj *goja.Object, name string, fn func(goja.FunctionCall) goja.Value, length int) error {
	f := rt.ToValue(fn).ToObject(rt)
	_ = f.DefineDataProperty("name", rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = f.DefineDataProperty("length", rt.ToValue(length), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	return obj.DefineDataProperty(name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}
