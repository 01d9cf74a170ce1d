package testscript

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/dop251/goja"
)

// install runs the prelude with the natives and sets the file's globals:
// api, gateway, test and console.
func (f *File) install() error {
	rt := f.rt
	v, err := rt.RunProgram(prelude)
	if err != nil {
		return fmt.Errorf("tyk-ve test: prelude: %w", err)
	}
	call, ok := goja.AssertFunction(v)
	if !ok {
		return fmt.Errorf("tyk-ve test: prelude: not a function")
	}
	natives := rt.NewObject()
	for name, fn := range map[string]func(goja.FunctionCall) goja.Value{
		"fail": f.nativeFail, "request": f.nativeRequest, "upstream": f.nativeUpstream,
		"session": f.nativeSession, "sessionMeta": f.nativeSessionMeta, "expect": f.nativeExpect, "log": f.nativeLog,
	} {
		if err := natives.Set(name, fn); err != nil {
			return err
		}
	}
	api, err := call(goja.Undefined(), natives)
	if err != nil {
		return fmt.Errorf("tyk-ve test: prelude: %w", err)
	}
	obj := api.ToObject(rt)
	if f.makeT, ok = goja.AssertFunction(obj.Get("makeT")); !ok {
		return fmt.Errorf("tyk-ve test: prelude: no makeT")
	}
	g := rt.GlobalObject()
	for name, fn := range map[string]func(goja.FunctionCall) goja.Value{"api": f.globalAPI, "gateway": f.globalGateway, "test": f.globalTest} {
		if err := g.Set(name, fn); err != nil {
			return err
		}
	}
	return g.Set("console", obj.Get("console"))
}

// throwType throws a TypeError from a native function.
func (f *File) throwType(format string, args ...interface{}) {
	panic(f.rt.NewTypeError(fmt.Sprintf(format, args...)))
}

// throwErr throws an Error with err's text.
func (f *File) throwErr(err error) {
	ctor, ok := goja.AssertConstructor(f.rt.Get("Error"))
	if !ok {
		panic(f.rt.NewGoError(err))
	}
	obj, cerr := ctor(nil, f.rt.ToValue(err.Error()))
	if cerr != nil {
		panic(f.rt.NewGoError(err))
	}
	panic(obj)
}

func (f *File) globalAPI(c goja.FunctionCall) goja.Value {
	if !f.loading {
		f.throwType("api: call it at the top level of the test file, not inside a test")
	}
	if f.apiSet {
		f.throwType("api: called twice (a test file tests one API)")
	}
	arg := c.Argument(0)
	switch {
	case isString(arg):
		if arg.String() == "" {
			f.throwType("api: the path of the API definition is empty")
		}
		f.API = arg.String()
	case isObject(arg):
		s, err := f.stringify(arg)
		if err != nil {
			f.throwType("api: the inline definition cannot be written as JSON: %v", err)
		}
		f.Definition = []byte(s)
	default:
		f.throwType(`api: want the path of the API definition (api("orders.json")) or an inline definition (api({...}))`)
	}
	f.apiSet = true
	return goja.Undefined()
}

func (f *File) globalGateway(c goja.FunctionCall) goja.Value {
	if !f.loading {
		f.throwType("gateway: call it at the top level of the test file, not inside a test")
	}
	arg := c.Argument(0)
	if !isString(arg) || arg.String() == "" {
		f.throwType(`gateway: want a gateway generation ("5.8", "5.9" … "5.14", "master")`)
	}
	f.Gateway = arg.String()
	return goja.Undefined()
}

func (f *File) globalTest(c goja.FunctionCall) goja.Value {
	if !f.loading {
		f.throwType("test: register tests at the top level of the test file (or in a loop there), not inside a test")
	}
	name := c.Argument(0)
	if !isString(name) || name.String() == "" {
		f.throwType(`test: the first argument must be the test's name (a non-empty string)`)
	}
	fn, ok := goja.AssertFunction(c.Argument(1))
	if !ok {
		f.throwType("test %q: the second argument must be the test function ((t) => { ... })", name.String())
	}
	if f.names[name.String()] {
		f.throwType("test %q: the name is used twice (names must be unique: --run and recordings use them)", name.String())
	}
	f.names[name.String()] = true
	f.tests = append(f.tests, test{name: name.String(), fn: fn})
	return goja.Undefined()
}

// stringify is JSON.stringify.
func (f *File) stringify(v goja.Value) (string, error) {
	json := f.rt.Get("JSON").ToObject(f.rt)
	fn, _ := goja.AssertFunction(json.Get("stringify"))
	out, err := fn(json, v)
	if err != nil {
		return "", describe(err)
	}
	if goja.IsUndefined(out) {
		return "", fmt.Errorf("not a JSON value")
	}
	return out.String(), nil
}

// isString reports a string primitive.
func isString(v goja.Value) bool {
	_, ok := v.(goja.String)
	return ok
}

func isObject(v goja.Value) bool {
	_, ok := v.(*goja.Object)
	return ok
}

// headerPairs lists a header's values as [name, value] pairs, by name.
func headerPairs(h http.Header) [][2]string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var out [][2]string
	for _, k := range names {
		for _, v := range h[k] {
			out = append(out, [2]string{k, v})
		}
	}
	return out
}
