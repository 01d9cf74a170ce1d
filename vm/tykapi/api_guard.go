package tykapi

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"

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
//   - every built-in that can be a link of such a recursion (linkRoots)
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
func installGuards(rt *goja.Runtime, env *State) error {
	g := &nativeGuard{rt: rt, env: env, limit: nativeLimit(env.limits.MaxStackDepth)}
	if err := g.init(); err != nil {
		return fmt.Errorf("installing the recursion guards: %w", err)
	}
	return nil
}

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
	env   *State
	limit int

	// skip holds the built-ins left as they are (skippedBuiltins); wrappers
	// every counting wrapper made; accessorWrappers those guardAccessors
	// made, by original; fnToString is Function.prototype.toString.
	skip             map[*goja.Object]bool
	wrappers         map[*goja.Object]bool
	accessorWrappers map[*goja.Object]*goja.Object
	fnToString       nativeFunc
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
	for _, install := range []func() error{g.guardFlat, g.guardApply, g.guardBind, g.guardProxy, g.guardEval, g.guardAccessors} {
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
	if g.env.nativeDepth > 0 && g.env.ctx.Err() != nil {
		// (Err, not Done: a call's context makes its Done channel only
		// when something waits on it.)
		throwRangeError(g.rt, "stopped: "+ctxErr(g.env.ctx).Error())
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

// skippedBuiltins are the built-ins left unwrapped, as paths from the
// global object: goja compares their identity on its fast paths (array
// iteration; RegExp.prototype's guarded members, whose redefinition makes
// every regular expression take the slow path; direct eval). Of these only
// the RegExp ones can be a link, as getters (a type error converts this):
// guardAccessors wraps them wherever a script installs one as an accessor.
var skippedBuiltins = [][]string{
	{"Array", "prototype", "values"}, // also Array.prototype[Symbol.iterator]
	{"RegExp", "prototype", "exec"},
	{"RegExp", "prototype", "global", "get"},
	{"RegExp", "prototype", "ignoreCase", "get"},
	{"RegExp", "prototype", "multiline", "get"},
	{"RegExp", "prototype", "unicode", "get"},
	{"RegExp", "prototype", "sticky", "get"},
	{"eval"},
}

func (g *nativeGuard) collectSkipped() error {
	g.skip = make(map[*goja.Object]bool)
	describe, ok := goja.AssertFunction(g.rt.Get("Object").ToObject(g.rt).Get("getOwnPropertyDescriptor"))
	if !ok {
		return errors.New("Object.getOwnPropertyDescriptor is not callable")
	}
	for _, path := range skippedBuiltins {
		v := goja.Value(g.rt.GlobalObject())
		for i, name := range path {
			o, ok := v.(*goja.Object)
			if !ok {
				return fmt.Errorf("built-in %v not found", path)
			}
			if i+2 == len(path) && path[i+1] == "get" { // an accessor's getter
				d, err := describe(goja.Undefined(), o, g.rt.ToValue(name))
				if err != nil || goja.IsUndefined(d) {
					return fmt.Errorf("built-in %v: %w", path, errNoDescriptor)
				}
				v = d.ToObject(g.rt).Get("get")
				break
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

// The built-ins that can be a link of a Go recursion are counted. A
// built-in called as o.toString, o.valueOf or o[Symbol.toPrimitive] gets o
// as this and no arguments; a cycle of built-ins over data therefore passes
// through one that reads its next input from this (linkRoots):
//   - every generic Array and String method converts this, or this.length
//     (whose valueOf may be the next link); RegExp's methods read this.exec,
//     this.source …; Object's and Error's toString/toLocaleString, Date's
//     toJSON and ToPrimitive, Promise's catch/finally invoke this's methods;
//   - a built-in that type-checks this and puts it in its error message
//     with String(this) recurses when this.toString is that built-in:
//     Number's, BigInt's, typed arrays', ArrayBuffer's methods, call, apply
//     and Function's toString ("Value is not callable: …");
//   - Reflect's and Object's static functions forward to objects as proxy
//     traps ({ownKeys: Reflect.ownKeys}), and goja checks a trap's result
//     against its target, which walks the rest of the chain again: the work
//     doubles with each proxy, without a JavaScript instruction at which the
//     deadline could stop it; counted, nested calls stop at the deadline.
//
// The other built-ins type-check this and name it in their error with
// Object.prototype.toString, which reads this[Symbol.toStringTag]: they
// recurse only when installed as that getter, which guardAccessors
// intercepts. Constructors are not counted (called without new they
// convert their arguments, not this), nor skippedBuiltins.
//
// Each root is a path from the global object (or an intrinsic prototype
// reachable only through an instance) and the names of the properties to
// wrap, nil for every function-valued property.
const linkRoots = `(function () {
	var getProto = Object.getPrototypeOf, typed = getProto(Int8Array);
	return [
		[Array.prototype, null], [String.prototype, null], [RegExp.prototype, null],
		[Number.prototype, null], [BigInt.prototype, null], [typed.prototype, null], [ArrayBuffer.prototype, null],
		[Reflect, null], [Object, null],
		[Object.prototype, ["toLocaleString", "toString"]], [Error.prototype, ["toString"]],
		[Date.prototype, ["toJSON", Symbol.toPrimitive]], [Promise.prototype, ["catch", "finally"]],
		[Function.prototype, ["call", "apply", "toString"]],
	];
})`

// linkShape lists, for each root, the configurable own properties whose
// value or getter/setter is a function: [key, accessor, writable] triples
// (key a string or a symbol).
const linkShape = `(function (roots) {
	var getOwn = Object.getOwnPropertyDescriptor, ownKeys = Reflect.ownKeys;
	return roots.map(function (root) {
		var o = root[0], out = [];
		(root[1] || ownKeys(o)).forEach(function (k) {
			var d = getOwn(o, k);
			if (!d.configurable) return;
			if ("value" in d) {
				if (typeof d.value === "function") out.push([k, false, d.writable]);
			} else if (d.get || d.set) {
				out.push([k, true, false]);
			}
		});
		return out;
	});
})`

// linkProp is one property of a root that wrapBuiltins wraps.
type linkProp struct {
	name     string
	sym      *goja.Symbol // set for a symbol key
	accessor bool
	writable bool
}

var (
	walkerOnce         sync.Once
	rootsPrg, shapePrg *goja.Program
	walkerErr          error
	// shapeOnce computes linkProps from the first runtime: the built-ins
	// have the same shape in every runtime (well-known symbols are shared).
	shapeOnce sync.Once
	linkProps [][]linkProp
	shapeErr  error
)

// wrapBuiltins replaces the functions of linkRoots with counting wrappers
// of the same name and length.
func (g *nativeGuard) wrapBuiltins() error {
	walkerOnce.Do(func() {
		if rootsPrg, walkerErr = goja.Compile("tyk-ve-guard-roots.js", linkRoots, true); walkerErr == nil {
			shapePrg, walkerErr = goja.Compile("tyk-ve-guard-shape.js", linkShape, true)
		}
	})
	if walkerErr != nil {
		return walkerErr
	}
	rootsV, err := g.runFunc(rootsPrg)
	if err != nil {
		return err
	}
	shapeOnce.Do(func() { linkProps, shapeErr = g.shape(rootsV) })
	if shapeErr != nil {
		return shapeErr
	}
	roots := rootsV.ToObject(g.rt)
	if n := roots.Get("length").ToInteger(); n != int64(len(linkProps)) {
		return fmt.Errorf("guard roots: %d, expected %d", n, len(linkProps))
	}
	describe, ok := goja.AssertFunction(g.rt.Get("Object").ToObject(g.rt).Get("getOwnPropertyDescriptor"))
	if !ok {
		return errors.New("Object.getOwnPropertyDescriptor is not callable")
	}
	for i, props := range linkProps {
		root := roots.Get(strconv.Itoa(i)).ToObject(g.rt).Get("0").ToObject(g.rt)
		for _, p := range props {
			if err := g.wrapProp(root, p, describe); err != nil {
				return err
			}
		}
	}
	return nil
}

// shape reads the roots' properties (once per process).
func (g *nativeGuard) shape(roots goja.Value) ([][]linkProp, error) {
	v, err := g.runFunc(shapePrg, roots)
	if err != nil {
		return nil, err
	}
	var out [][]linkProp
	lists := v.ToObject(g.rt)
	for i := int64(0); i < lists.Get("length").ToInteger(); i++ {
		list := lists.Get(strconv.FormatInt(i, 10)).ToObject(g.rt)
		var props []linkProp
		for j := int64(0); j < list.Get("length").ToInteger(); j++ {
			e := list.Get(strconv.FormatInt(j, 10)).ToObject(g.rt)
			p := linkProp{accessor: e.Get("1").ToBoolean(), writable: e.Get("2").ToBoolean()}
			if s, ok := e.Get("0").(*goja.Symbol); ok {
				p.sym = s
			} else {
				p.name = e.Get("0").String()
			}
			props = append(props, p)
		}
		out = append(out, props)
	}
	return out, nil
}

func (g *nativeGuard) wrapProp(root *goja.Object, p linkProp, describe goja.Callable) error {
	if !p.accessor {
		var v goja.Value
		if p.sym != nil {
			v = root.GetSymbol(p.sym)
		} else {
			v = root.Get(p.name)
		}
		w, ok := g.wrap(v)
		if !ok {
			return nil
		}
		writable := goja.FLAG_FALSE
		if p.writable {
			writable = goja.FLAG_TRUE
		}
		if p.sym != nil {
			return root.DefineDataPropertySymbol(p.sym, w, writable, goja.FLAG_TRUE, goja.FLAG_FALSE)
		}
		return root.DefineDataProperty(p.name, w, writable, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	key := goja.Value(p.sym)
	if p.sym == nil {
		key = g.rt.ToValue(p.name)
	}
	d, err := describe(goja.Undefined(), root, key)
	if err != nil || goja.IsUndefined(d) {
		return fmt.Errorf("guard: accessor %v not found: %w", key, err)
	}
	desc := d.ToObject(g.rt)
	get, set := desc.Get("get"), desc.Get("set")
	changed := false
	if w, ok := g.wrap(get); ok {
		get, changed = w, true
	}
	if w, ok := g.wrap(set); ok {
		set, changed = w, true
	}
	if !changed {
		return nil
	}
	if p.sym != nil {
		return root.DefineAccessorPropertySymbol(p.sym, get, set, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	return root.DefineAccessorProperty(p.name, get, set, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// runFunc runs a program that evaluates to a function and calls it.
func (g *nativeGuard) runFunc(prg *goja.Program, args ...goja.Value) (goja.Value, error) {
	v, err := g.rt.RunProgram(prg)
	if err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(v)
	if !ok {
		return nil, errors.New("guard program is not a function")
	}
	return fn(goja.Undefined(), args...)
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
	if g.wrappers == nil {
		g.wrappers = make(map[*goja.Object]bool)
	}
	g.wrappers[w] = true
	_ = w.DefineDataProperty("length", orig.Get("length"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = w.DefineDataProperty("name", orig.Get("name"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	return w
}

// original returns the raw function of a native method.
func (g *nativeGuard) original(obj *goja.Object, name string) (nativeFunc, bool) {
	o, ok := obj.Get(name).(*goja.Object)
	if !ok {
		return nil, false
	}
	raw, ok := o.Export().(nativeFunc)
	return raw, ok && raw != nil
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

// guardApply makes Function.prototype.apply follow the standard when its
// argument list is null or undefined: the function is called with no
// arguments (goja at the pinned version throws a TypeError). esbuild's
// lowered async generators call __asyncGenerator(this, null, …), which
// applies with null.
func (g *nativeGuard) guardApply() error {
	proto := g.rt.Get("Function").ToObject(g.rt).Get("prototype").ToObject(g.rt)
	return g.replace(proto, "apply", func(orig nativeFunc) nativeFunc {
		return func(call goja.FunctionCall) goja.Value {
			if len(call.Arguments) >= 2 && goja.IsNull(call.Arguments[1]) || len(call.Arguments) >= 2 && goja.IsUndefined(call.Arguments[1]) {
				return orig(goja.FunctionCall{This: call.This, Arguments: call.Arguments[:1]})
			}
			return orig(call)
		}
	})
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
