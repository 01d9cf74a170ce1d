package vm

import (
	"errors"
	"math"
	"strconv"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsthrow"
)

// Some built-ins recurse over nested data inside goja's Go code, where
// SetMaxCallStackSize does not count: String([[[…]]]) goes through
// Array.prototype.toString → join → ToString → …, and a few hundred thousand
// levels overflow the Go stack — a fatal error no recover can catch, which
// would take the whole gateway down. installGuards counts those levels and
// throws a RangeError past Limits.MaxStackDepth, as a JavaScript stack
// overflow would.
func installGuards(rt *goja.Runtime, env *callEnv) error {
	arrayProto := rt.Get("Array").ToObject(rt).Get("prototype").ToObject(rt)
	for _, name := range []string{"join", "toLocaleString"} {
		if err := guardRecursion(rt, env, arrayProto, name); err != nil {
			return err
		}
	}
	return guardFlat(rt, env, arrayProto)
}

// guardRecursion wraps a method that built-ins reach again through property
// lookup for every nesting level (toString calls this.join).
func guardRecursion(rt *goja.Runtime, env *callEnv, proto *goja.Object, name string) error {
	orig, ok := goja.AssertFunction(proto.Get(name))
	if !ok {
		return errors.New("Array.prototype." + name + " is not callable")
	}
	length := int(proto.Get(name).ToObject(rt).Get("length").ToInteger())
	return defineBuiltin(rt, proto, name, func(call goja.FunctionCall) goja.Value {
		env.nativeDepth++
		defer func() { env.nativeDepth-- }()
		if env.nativeDepth > env.limits.MaxStackDepth {
			throwRangeError(rt, "Maximum call stack size exceeded (nested arrays)")
		}
		return callOriginal(orig, call)
	}, length)
}

// guardFlat refuses Array.prototype.flat over data nested deeper than the
// stack limit (flat recurses in Go for each level).
func guardFlat(rt *goja.Runtime, env *callEnv, proto *goja.Object) error {
	orig, ok := goja.AssertFunction(proto.Get("flat"))
	if !ok {
		return errors.New("Array.prototype.flat is not callable")
	}
	return defineBuiltin(rt, proto, "flat", func(call goja.FunctionCall) goja.Value {
		depth := 1.0
		if d := call.Argument(0); !goja.IsUndefined(d) {
			depth = d.ToFloat()
		}
		if depth > float64(env.limits.MaxStackDepth) || math.IsInf(depth, 1) {
			if this, ok := call.This.(*goja.Object); ok && nestedDeeper(this, env.limits.MaxStackDepth) {
				throwRangeError(rt, "Maximum call stack size exceeded (nested arrays)")
			}
		}
		return callOriginal(orig, call)
	}, 0)
}

// nestedDeeper reports whether arrays nest deeper than limit below o. It
// follows arrays only and stops at the limit.
func nestedDeeper(o *goja.Object, limit int) bool {
	for depth := 0; depth <= limit; depth++ {
		var next *goja.Object
		n := int(o.Get("length").ToInteger())
		for i := 0; i < n && next == nil; i++ {
			if e, ok := o.Get(strconv.Itoa(i)).(*goja.Object); ok && e.ClassName() == "Array" {
				next = e
			}
		}
		if next == nil {
			return false
		}
		o = next
	}
	return true
}

// valueDeeper reports whether objects and arrays nest deeper than limit
// below v, without following cycles (JSON.stringify reports those itself).
func valueDeeper(v goja.Value, limit int) bool {
	onPath := map[*goja.Object]bool{}
	var walk func(v goja.Value, depth int) bool
	walk = func(v goja.Value, depth int) bool {
		o, ok := v.(*goja.Object)
		if !ok || onPath[o] {
			return false
		}
		if depth > limit {
			return true
		}
		onPath[o] = true
		defer delete(onPath, o)
		for _, k := range o.Keys() {
			if walk(o.Get(k), depth+1) {
				return true
			}
		}
		return false
	}
	return walk(v, 0)
}

// jsonTextDeeper reports whether JSON text nests deeper than limit.
func jsonTextDeeper(text string, limit int) bool {
	depth, inString := 0, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
			if depth > limit {
				return true
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return false
}

// throwRangeError throws a RangeError into the calling script.
func throwRangeError(rt *goja.Runtime, msg string) { jsthrow.RangeError(rt, msg) }
