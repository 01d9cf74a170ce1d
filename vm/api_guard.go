package vm

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
	"github.com/tyk-ve/tyk-ve/vm/jsthrow"
)

// A script runs inside the gateway process, and goja does part of its work
// in recursive Go code that SetMaxCallStackSize does not see: a built-in
// that converts a value calls the value's toString/valueOf/getter in Go, a
// proxy without a trap forwards to its target in Go, a bound function calls
// its target in Go, flat and the JSON fallbacks walk nested data in Go. A
// script that chains enough of these (String(o) where o.toString is
// String.prototype.trim; 300,000 nested proxies; [[], o] nested 300,000
// times, then flat(Infinity)) exhausts the goroutine stack, a fatal error
// that no recover catches and that takes every API on the node down.
//
// installGuards bounds every such path; a guard that is exceeded throws a
// RangeError the script can catch, as a JavaScript stack overflow would:
//   - every built-in that can be a link of such a recursion (linkMethods)
//     is replaced by a counting wrapper: any Go recursion through built-ins
//     passes one per level, and their nesting is bounded by max_stack_depth
//     (nativeDepthCap at most);
//   - bound functions call their target through a JavaScript frame, which
//     the JavaScript stack limit counts;
//   - a proxy's chain of targets and handlers is bounded when it is created
//     (maxProxyChain);
//   - flat over data nested deeper than a few levels runs without
//     recursion, up to the limit; JSON.parse with a reviver and
//     JSON.stringify with a replacer count the nesting they walk
//     (api_guard_json.go);
//   - eval and the Function constructors refuse deeply nested source
//     before goja's recursive parser sees it (api_guard_eval.go).
//
// What remains is prototype chains (a property lookup walks them in Go,
// and they can be built without a hook): see docs/reliability.md.
func installGuards(rt *goja.Runtime, env *callEnv) error {
	if guardsOff {
		return nil
	}
	g := &nativeGuard{rt: rt, env: env, limit: nativeLimit(env.limits.MaxStackDepth)}
	if err := g.init(); err != nil {
		return fmt.Errorf("installing the recursion guards: %w", err)
	}
	return nil
}

// guardsOff leaves the guards out; only the tests that show what the
// guards prevent set it, in a child process.
var guardsOff = false

const (
	// nativeDepthCap bounds nested built-in calls whatever max_stack_depth
	// says: each level can take a few KiB of Go stack.
	nativeDepthCap = 10000
	// maxProxyChain bounds how many proxies a lookup can pass through in
	// Go before it reaches an ordinary object or a trap. Every level of
	// JavaScript recursion can pass through one such chain, so it is kept
	// well below the stack limit.
	maxProxyChain = 32
	// flatPassDepth is the deepest flat left to goja, which recurses once
	// per level and walks an array that holds itself once per level.
	flatPassDepth = 16
)

func nativeLimit(maxStackDepth int) int {
	if maxStackDepth <= 0 || maxStackDepth > nativeDepthCap {
		return nativeDepthCap
	}
	return maxStackDepth
}

// nativeFunc is goja's own representation of a built-in function.
type nativeFunc = func(goja.FunctionCall) goja.Value

// nativeGuard holds one runtime's guards.
type nativeGuard struct {
	rt    *goja.Runtime
	env   *callEnv
	limit int

	// skip holds the built-ins left as they are: goja compares their
	// identity on its fast paths (array iteration, RegExp.prototype.exec).
	skip map[*goja.Object]bool
	// isArray is the original Array.isArray (true for proxies of arrays).
	isArray goja.Callable
	// proxyDepths maps each proxy to the length of its chain (a WeakMap, so
	// that the proxies can be collected); weakGet and weakSet are its
	// original methods.
	proxyDepths      goja.Value
	weakGet, weakSet goja.Callable
}

func (g *nativeGuard) init() error {
	if err := g.collectSkipped(); err != nil {
		return err
	}
	if err := g.captureOriginals(); err != nil {
		return err
	}
	if err := g.wrapBuiltins(); err != nil {
		return err
	}
	for _, install := range []func() error{g.guardFlat, g.guardBind, g.guardProxy, g.guardEval} {
		if err := install(); err != nil {
			return err
		}
	}
	return nil
}

// enter counts one nested built-in call; the caller defers g.leave().
// Nested inside another built-in, it also stops a call whose deadline has
// passed: goja's interrupt waits for the next instruction, and built-ins
// nested in Go (a join of a huge array whose elements join huge arrays …)
// could otherwise run on for long. (At the outermost level it does not:
// converting the error that ended a call, to report it, must still work.)
func (g *nativeGuard) enter() {
	if g.env.nativeDepth > 0 {
		select {
		case <-g.env.ctx.Done():
			throwRangeError(g.rt, "stopped: "+ctxErr(g.env.ctx).Error())
		default:
		}
	}
	g.env.nativeDepth++
	if g.env.nativeDepth > g.limit {
		g.env.nativeDepth--
		throwRangeError(g.rt, "Maximum call stack size exceeded (nested built-in calls)")
	}
}

func (g *nativeGuard) leave() { g.env.nativeDepth-- }

// counted wraps a built-in with the nesting counter.
func (g *nativeGuard) counted(raw nativeFunc) nativeFunc {
	return func(call goja.FunctionCall) goja.Value {
		g.enter()
		defer g.leave()
		return raw(call)
	}
}

// skippedBuiltins names the methods of linkMethods' prototypes that goja
// compares by identity on its fast paths, as paths from the global object.
// (Map.prototype.set and the like are compared too, but are not wrapped.)
var skippedBuiltins = [][]string{
	{"Array", "prototype", "values"}, // also Array.prototype[Symbol.iterator]
	{"RegExp", "prototype", "exec"},
}

func (g *nativeGuard) collectSkipped() error {
	g.skip = make(map[*goja.Object]bool)
	for _, path := range skippedBuiltins {
		v := goja.Value(g.rt.GlobalObject())
		for _, name := range path {
			o, ok := v.(*goja.Object)
			if !ok {
				return fmt.Errorf("built-in %v not found", path)
			}
			v = o.Get(name)
		}
		o, ok := v.(*goja.Object)
		if !ok {
			return fmt.Errorf("built-in %v not found", path)
		}
		g.skip[o] = true
	}
	return nil
}

func (g *nativeGuard) captureOriginals() error {
	var ok bool
	if g.isArray, ok = goja.AssertFunction(g.rt.Get("Array").ToObject(g.rt).Get("isArray")); !ok {
		return errors.New("Array.isArray is not callable")
	}
	weakMap, ok := goja.AssertConstructor(g.rt.Get("WeakMap"))
	if !ok {
		return errors.New("WeakMap is not a constructor")
	}
	wm, err := weakMap(nil)
	if err != nil {
		return err
	}
	g.proxyDepths = wm
	proto := g.rt.Get("WeakMap").ToObject(g.rt).Get("prototype").ToObject(g.rt)
	g.weakGet, ok = goja.AssertFunction(proto.Get("get"))
	if !ok {
		return errors.New("WeakMap.prototype.get is not callable")
	}
	g.weakSet, ok = goja.AssertFunction(proto.Get("set"))
	if !ok {
		return errors.New("WeakMap.prototype.set is not callable")
	}
	return nil
}

// linkMethods are the built-in methods that can be a link of a Go
// recursion. ToPrimitive calls toString/valueOf with nothing but this, and a
// getter gets nothing but this, so a cycle of built-ins that recurses over
// data must pass through a built-in that reads its next input from this:
// every generic Array and String method (they convert this, or this.length,
// whose valueOf may be the next one), Object's and Error's toString
// /toLocaleString, RegExp's methods (they read this.exec, this.source …),
// Date's toJSON and ToPrimitive, Promise's catch and finally (they invoke
// this.then). The rest check the type of this (Number, Map, typed arrays,
// iterators, Date's getters …), or call it without arguments (call, apply),
// or are static functions, which get arguments only from a built-in that is
// itself counted or from a bound function, which runs a JavaScript frame
// (guardBind). nil means every method of the prototype.
//
// Reflect's functions and Object's static functions are counted too: as
// proxy traps ({ownKeys: Reflect.ownKeys}) they forward to the next proxy
// of a chain, and goja checks a trap's result against its target, which
// walks the rest of the chain again: the work doubles with each proxy,
// without a JavaScript instruction at which the deadline could stop it.
var linkMethods = []struct {
	global  string
	statics bool // the object's own functions, not its prototype's
	methods []string
}{
	{"Array", false, nil},
	{"String", false, nil},
	{"RegExp", false, nil},
	{"Object", false, []string{"toLocaleString", "toString"}},
	{"Error", false, []string{"toString"}},
	{"Date", false, []string{"toJSON"}},
	{"Promise", false, []string{"catch", "finally"}},
	{"Reflect", true, nil},
	{"Object", true, nil},
}

// linkAccessors are the accessor properties of those prototypes, which Get
// would call; only the flags getter is a link (it reads this.global …).
var linkAccessors = map[string]bool{"__proto__": true, "caller": true, "arguments": true, "flags": true,
	"source": true, "global": true, "ignoreCase": true, "multiline": true, "dotAll": true, "unicode": true,
	"sticky": true, "hasIndices": true, "unicodeSets": true}

// wrapBuiltins replaces linkMethods (but constructors and g.skip), the
// symbol-keyed methods of their prototypes and the RegExp flags getter with counting wrappers of the same
// name and length.
func (g *nativeGuard) wrapBuiltins() error {
	for _, link := range linkMethods {
		name := link.global
		proto := g.rt.Get(name).ToObject(g.rt)
		if !link.statics {
			proto = proto.Get("prototype").ToObject(g.rt)
		}
		keys := link.methods
		if keys == nil {
			keys = proto.GetOwnPropertyNames()
		}
		for _, key := range keys {
			if linkAccessors[key] {
				continue
			}
			if w, ok := g.wrap(proto.Get(key)); ok {
				if err := proto.DefineDataProperty(key, w, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
					return fmt.Errorf("%s.prototype.%s: %w", name, key, err)
				}
			}
		}
		for _, sym := range proto.Symbols() {
			if w, ok := g.wrap(proto.GetSymbol(sym)); ok {
				writable := goja.FLAG_TRUE
				if sym == goja.SymToPrimitive { // Date.prototype's is read-only
					writable = goja.FLAG_FALSE
				}
				if err := proto.DefineDataPropertySymbol(sym, w, writable, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
					return fmt.Errorf("%s.prototype[%s]: %w", name, sym, err)
				}
			}
		}
	}
	describe, ok := goja.AssertFunction(g.rt.Get("Object").ToObject(g.rt).Get("getOwnPropertyDescriptor"))
	if !ok {
		return errors.New("Object.getOwnPropertyDescriptor is not callable")
	}
	regexpProto := g.rt.Get("RegExp").ToObject(g.rt).Get("prototype").ToObject(g.rt)
	d, err := describe(goja.Undefined(), regexpProto, g.rt.ToValue("flags"))
	if err != nil {
		return err
	}
	w, ok := g.wrap(d.ToObject(g.rt).Get("get"))
	if !ok {
		return errors.New("RegExp.prototype.flags has no native getter")
	}
	return regexpProto.DefineAccessorProperty("flags", w, nil, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// wrap returns a counting wrapper for a native built-in method, or false
// for anything else (constructors, g.skip, data, JavaScript functions).
func (g *nativeGuard) wrap(v goja.Value) (*goja.Object, bool) {
	o, ok := v.(*goja.Object)
	if !ok || g.skip[o] {
		return nil, false
	}
	if _, isCtor := goja.AssertConstructor(o); isCtor {
		return nil, false
	}
	raw, ok := o.Export().(nativeFunc)
	if !ok || raw == nil {
		return nil, false
	}
	return g.builtin(o, g.counted(raw)), true
}

// builtin makes a function object for fn with the name and length of orig.
func (g *nativeGuard) builtin(orig *goja.Object, fn nativeFunc) *goja.Object {
	w := g.rt.ToValue(fn).ToObject(g.rt)
	_ = w.DefineDataProperty("length", orig.Get("length"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = w.DefineDataProperty("name", orig.Get("name"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	return w
}

// replace installs fn in place of obj[name], counted, with the original's
// name and length; it returns the original's raw function.
func (g *nativeGuard) replace(obj *goja.Object, name string, make func(orig nativeFunc) nativeFunc) error {
	cur, ok := obj.Get(name).(*goja.Object)
	if !ok {
		return fmt.Errorf("built-in %s not found", name)
	}
	raw, ok := cur.Export().(nativeFunc)
	if !ok {
		return fmt.Errorf("built-in %s is not a native function", name)
	}
	// cur may be the counting wrapper already: the replacement counts too,
	// around the original, so unwrap by keeping raw as is (counting twice
	// per level only halves the depth reached, never exceeds it).
	w := g.builtin(cur, g.counted(make(raw)))
	g.skip[w] = true
	return obj.DefineDataProperty(name, w, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// guardFlat keeps Array.prototype.flat from recursing in Go over deep data:
// up to flatPassDepth levels it is goja's own; deeper, flatDeep walks the
// arrays with a stack on the heap, checking the call's deadline as it goes,
// and throws a RangeError where the nesting passes the stack limit, as a
// recursive flat would (an array that holds itself ends there too).
func (g *nativeGuard) guardFlat() error {
	proto := g.rt.Get("Array").ToObject(g.rt).Get("prototype").ToObject(g.rt)
	slice, ok := goja.AssertFunction(proto.Get("slice"))
	if !ok {
		return errors.New("Array.prototype.slice is not callable")
	}
	return g.replace(proto, "flat", func(orig nativeFunc) nativeFunc {
		return func(call goja.FunctionCall) goja.Value {
			if goja.IsUndefined(call.Argument(0)) {
				return orig(call)
			}
			depth := call.Argument(0).ToFloat() // ToNumber once, here
			if math.IsNaN(depth) {
				depth = 0
			}
			if depth <= flatPassDepth {
				return orig(goja.FunctionCall{This: call.This, Arguments: []goja.Value{g.rt.ToValue(depth)}})
			}
			return g.flatDeep(call.This.ToObject(g.rt), depth, slice)
		}
	})
}

// flatDeep is FlattenIntoArray without recursion. The result is made by
// slice(0, 0), which creates it as flat would (ArraySpeciesCreate).
func (g *nativeGuard) flatDeep(o *goja.Object, depth float64, slice goja.Callable) goja.Value {
	type level struct {
		src   *goja.Object
		i, n  int64
		depth float64
	}
	res, err := slice(o, g.rt.ToValue(0), g.rt.ToValue(0))
	if err != nil {
		panic(err)
	}
	target := res.ToObject(g.rt)
	stack := []level{{src: o, n: o.Get("length").ToInteger(), depth: depth}}
	var out int64
	for steps := 0; len(stack) > 0; steps++ {
		if steps&1023 == 1023 && g.env.ctx.Err() != nil {
			throwRangeError(g.rt, "Array.prototype.flat stopped: "+ctxErr(g.env.ctx).Error())
		}
		top := &stack[len(stack)-1]
		if top.i >= top.n {
			stack = stack[:len(stack)-1]
			continue
		}
		v := top.src.Get(strconv.FormatInt(top.i, 10))
		top.i++
		if v == nil {
			continue // a hole
		}
		if e, ok := v.(*goja.Object); ok && top.depth > 0 && g.arrayObject(e) {
			if len(stack) >= g.limit { // as a recursive flat would overflow
				throwRangeError(g.rt, "Maximum call stack size exceeded (Array.prototype.flat)")
			}
			stack = append(stack, level{src: e, n: e.Get("length").ToInteger(), depth: top.depth - 1})
			continue
		}
		if err := target.DefineDataProperty(strconv.FormatInt(out, 10), v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
			panic(err)
		}
		out++
	}
	return target
}

// arrayObject is IsArray: an Array, or a proxy whose target is one.
func (g *nativeGuard) arrayObject(o *goja.Object) bool {
	if !jsonengine.IsProxy(o) {
		return o.ClassName() == "Array"
	}
	v, err := g.isArray(goja.Undefined(), o)
	if err != nil {
		panic(err)
	}
	return v.ToBoolean()
}

// throwRangeError throws a RangeError into the calling script.
func throwRangeError(rt *goja.Runtime, msg string) { jsthrow.RangeError(rt, msg) }
