package tykapi

import (
	"errors"
	"sync"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// Bound functions and proxies forward to another object in Go, without a
// JavaScript frame. A chain of 300,000 bound functions, or of proxies
// without traps, is one Go recursion per link; and a bound function can fix
// the argument a built-in converts (String.bind(null, o)), so that
// o.toString = String.bind(null, o2) … recurses through constructors,
// which are not wrapped. Both are closed here.

// boundForwarder is compiled once: given a target it returns a JavaScript
// function that forwards to it, which Function.prototype.bind then binds
// instead of the target. The forwarder copies what bind reads from its
// target (length, name, prototype) and answers instanceof as the target.
const boundForwarder = `(function (apply, construct, defineProperty, getPrototypeOf, setPrototypeOf, hasOwn) {
	return function (T, isCtor) {
		var W;
		if (isCtor) {
			W = function () {
				return new.target === undefined ? apply(T, this, arguments)
					: construct(T, arguments, new.target === W ? T : new.target);
			};
		} else {
			W = ({ f() { return apply(T, this, arguments); } }).f;
		}
		if (hasOwn(T, "length")) {
			defineProperty(W, "length", { value: T.length, configurable: true });
		} else {
			delete W.length;
		}
		defineProperty(W, "name", { value: T.name, configurable: true });
		var proto = getPrototypeOf(T);
		if (proto !== getPrototypeOf(W)) setPrototypeOf(W, proto);
		defineProperty(W, Symbol.hasInstance, { value: function (v) { return v instanceof T; }, configurable: true });
		return W;
	};
})`

var (
	forwarderOnce sync.Once
	forwarderPrg  *goja.Program
	forwarderErr  error
)

// guardBind makes every bound function call its target through a
// JavaScript frame, which the JavaScript stack limit counts.
func (g *nativeGuard) guardBind() error {
	forwarderOnce.Do(func() {
		forwarderPrg, forwarderErr = goja.Compile("tyk-ve-bind.js", boundForwarder, true)
	})
	if forwarderErr != nil {
		return forwarderErr
	}
	factory, err := g.rt.RunProgram(forwarderPrg)
	if err != nil {
		return err
	}
	mk, ok := goja.AssertFunction(factory)
	if !ok {
		return errors.New("bind forwarder is not a function")
	}
	object := g.rt.Get("Object").ToObject(g.rt)
	reflect := g.rt.Get("Reflect").ToObject(g.rt)
	fwd, err := mk(goja.Undefined(), reflect.Get("apply"), reflect.Get("construct"),
		object.Get("defineProperty"), object.Get("getPrototypeOf"), object.Get("setPrototypeOf"),
		object.Get("hasOwn"))
	if err != nil {
		return err
	}
	forward, ok := goja.AssertFunction(fwd)
	if !ok {
		return errors.New("bind forwarder is not a function")
	}
	proto := g.rt.Get("Function").ToObject(g.rt).Get("prototype").ToObject(g.rt)
	return g.replace(proto, "bind", func(orig nativeFunc) nativeFunc {
		return func(call goja.FunctionCall) goja.Value {
			target, ok := call.This.(*goja.Object)
			if !ok {
				return orig(call) // throws the TypeError
			}
			if _, callable := goja.AssertFunction(target); !callable {
				return orig(call)
			}
			_, isCtor := goja.AssertConstructor(target)
			w, err := forward(goja.Undefined(), target, g.rt.ToValue(isCtor))
			if err != nil {
				panic(err)
			}
			return orig(goja.FunctionCall{This: w, Arguments: call.Arguments})
		}
	})
}

// guardProxy bounds the chain a proxy forwards through: its target and its
// handler (where traps are looked up) may be proxies themselves, and
// without a trap each link is a Go call. The chain's length is recorded
// when a proxy is created and refused past maxProxyChain.
func (g *nativeGuard) guardProxy() error {
	global := g.rt.GlobalObject()
	orig, ok := global.Get("Proxy").(*goja.Object)
	if !ok {
		return errors.New("Proxy not found")
	}
	ctor, ok := goja.AssertConstructor(orig)
	if !ok {
		return errors.New("Proxy is not a constructor")
	}
	revocable, ok := goja.AssertFunction(orig.Get("revocable"))
	if !ok {
		return errors.New("Proxy.revocable is not callable")
	}
	proxy := g.rt.ToValue(func(call goja.ConstructorCall) *goja.Object {
		// goja passes no new.target to a native constructor that is its
		// own new.target, so Proxy(t, h) without new is not told apart: it
		// makes a proxy where the original throws a TypeError.
		depth := g.chainDepth(call.Argument(0), call.Argument(1))
		p, err := ctor(nil, call.Arguments...)
		if err != nil {
			panic(err)
		}
		g.recordProxy(p, depth)
		return p
	}).ToObject(g.rt)
	_ = proxy.Set("prototype", goja.Undefined()) // Proxy has none; goja's is not configurable
	_ = proxy.DefineDataProperty("length", g.rt.ToValue(2), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = proxy.DefineDataProperty("name", g.rt.ToValue("Proxy"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	rev := g.builtin(orig.Get("revocable").ToObject(g.rt), g.counted(func(call goja.FunctionCall) goja.Value {
		depth := g.chainDepth(call.Argument(0), call.Argument(1))
		res, err := revocable(call.This, call.Arguments...)
		if err != nil {
			panic(err)
		}
		if o, ok := res.(*goja.Object); ok {
			if p, ok := o.Get("proxy").(*goja.Object); ok {
				g.recordProxy(p, depth)
			}
		}
		return res
	}))
	if err := proxy.DefineDataProperty("revocable", rev, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	return global.DefineDataProperty("Proxy", proxy, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// chainDepth is the chain length of a new proxy over target and handler,
// or a RangeError past maxProxyChain.
func (g *nativeGuard) chainDepth(target, handler goja.Value) int64 {
	d := max(g.proxyDepth(target), g.proxyDepth(handler)) + 1
	if d > maxProxyChain {
		throwRangeError(g.rt, "Maximum call stack size exceeded (proxy chain)")
	}
	return d
}

func (g *nativeGuard) proxyDepth(v goja.Value) int64 {
	o, ok := v.(*goja.Object)
	if !ok || !jsonengine.IsProxy(o) {
		return 0
	}
	d, err := g.weakGet(g.proxyDepths, o)
	if err != nil {
		panic(err)
	}
	if goja.IsUndefined(d) {
		return 1 // created outside the guard (by Go code)
	}
	return d.ToInteger()
}

func (g *nativeGuard) recordProxy(p *goja.Object, depth int64) {
	if _, err := g.weakSet(g.proxyDepths, p, g.rt.ToValue(depth)); err != nil {
		panic(err)
	}
}
