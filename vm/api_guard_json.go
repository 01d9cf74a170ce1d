package vm

import (
	"errors"
	"reflect"
	"strconv"

	"github.com/dop251/goja"
)

// jsonGuard bounds the JSON paths that go to goja's own code, which walks
// nested data recursively in Go: JSON.stringify with a replacer and
// JSON.parse with a reviver. The nesting either walks can reach is not
// known in advance — a replacer or toJSON can return new, deeper objects at
// every level, and a reviver can graft deep data onto a sibling not visited
// yet — so both are counted as they go.
var stringValueType = reflect.TypeOf("")

type jsonGuard struct {
	rt      *goja.Runtime
	env     *callEnv
	limit   int
	isArray goja.Callable
}

func newJSONGuard(rt *goja.Runtime, env *callEnv) (*jsonGuard, error) {
	isArray, ok := goja.AssertFunction(rt.Get("Array").ToObject(rt).Get("isArray"))
	if !ok {
		return nil, errors.New("Array.isArray is not callable")
	}
	return &jsonGuard{rt: rt, env: env, limit: nativeLimit(env.limits.MaxStackDepth), isArray: isArray}, nil
}

// stringify runs goja's JSON.stringify(value, replacer, space) with a
// replacer function that sees every value before it is serialized: it
// applies the script's replacer (or its property list), records how deep
// each object it returns will be serialized, and throws a RangeError past
// the limit or once the call's deadline has passed.
func (j *jsonGuard) stringify(orig goja.Callable, call goja.FunctionCall) goja.Value {
	var user goja.Callable
	var list []string
	useList := false
	if o, ok := call.Argument(1).(*goja.Object); ok {
		if j.arrayObject(o) {
			list, useList = j.propertyList(o), true
		} else {
			user, _ = goja.AssertFunction(o)
		}
	}
	depths := make(map[*goja.Object]int)
	replacer := func(fc goja.FunctionCall) goja.Value {
		if j.env.ctx.Err() != nil {
			throwRangeError(j.rt, "JSON.stringify stopped: "+ctxErr(j.env.ctx).Error())
		}
		holder, _ := fc.This.(*goja.Object)
		v := fc.Argument(1)
		switch {
		case user != nil:
			var err error
			if v, err = user(fc.This, fc.Argument(0), v); err != nil {
				panic(err)
			}
		case useList:
			if o, ok := v.(*goja.Object); ok && !j.arrayObject(o) {
				v = j.pick(o, list)
			}
		}
		if o, ok := v.(*goja.Object); ok {
			d := depths[holder] + 1
			if d > j.limit {
				throwRangeError(j.rt, "Maximum call stack size exceeded (JSON.stringify)")
			}
			depths[o] = d
		}
		return v
	}
	args := []goja.Value{call.Argument(0), j.rt.ToValue(replacer)}
	if len(call.Arguments) > 2 {
		args = append(args, call.Arguments[2])
	}
	return callOriginal(orig, goja.FunctionCall{This: call.This, Arguments: args})
}

// propertyList reads a replacer array as JSON.stringify does: strings,
// numbers and their wrapper objects, as strings, first occurrence kept.
func (j *jsonGuard) propertyList(o *goja.Object) []string {
	n := o.Get("length").ToInteger()
	seen := make(map[string]bool)
	var list []string
	for i := int64(0); i < n; i++ {
		v := o.Get(strconv.FormatInt(i, 10))
		if v == nil {
			continue
		}
		switch v.ExportType() {
		case intType, floatType, stringValueType:
		default:
			e, ok := v.(*goja.Object)
			if !ok || (e.ClassName() != "Number" && e.ClassName() != "String") {
				continue
			}
		}
		name := v.String()
		if !seen[name] {
			seen[name] = true
			list = append(list, name)
		}
	}
	return list
}

// pick is the object a property list lets through: o's values for the
// listed names, read once each, in list order (except that integer-like
// names come first, as in any JavaScript object).
func (j *jsonGuard) pick(o *goja.Object, list []string) *goja.Object {
	out := j.rt.NewObject()
	for _, k := range list {
		if v := o.Get(k); v != nil && !goja.IsUndefined(v) {
			_ = out.Set(k, v)
		}
	}
	return out
}

// parseWithReviver is JSON.parse(text, reviver): the text is parsed as
// without a reviver, then walked here (InternalizeJSONProperty) with the
// nesting counted, since the reviver may add nesting as it goes.
func (j *jsonGuard) parseWithReviver(origParse goja.Callable, text string, reviver goja.Callable) goja.Value {
	v, err := parseJSONValue(j.rt, text)
	if err != nil {
		if errors.Is(err, errJSONTooDeep) || jsonTextDeeper(text, j.limit) {
			throwRangeError(j.rt, "JSON.parse: input nested too deeply")
		}
		v = callOriginal(origParse, goja.FunctionCall{This: goja.Undefined(), Arguments: []goja.Value{j.rt.ToValue(text)}})
	}
	root := j.rt.NewObject()
	_ = root.Set("", v)
	return j.internalize(root, "", reviver, 0)
}

func (j *jsonGuard) internalize(holder *goja.Object, name string, reviver goja.Callable, depth int) goja.Value {
	val := holder.Get(name)
	if val == nil {
		val = goja.Undefined()
	}
	if o, ok := val.(*goja.Object); ok {
		if depth >= j.limit {
			throwRangeError(j.rt, "Maximum call stack size exceeded (JSON.parse reviver)")
		}
		if j.env.ctx.Err() != nil {
			throwRangeError(j.rt, "JSON.parse stopped: "+ctxErr(j.env.ctx).Error())
		}
		var keys []string
		if j.arrayObject(o) {
			n := o.Get("length").ToInteger()
			for i := int64(0); i < n; i++ {
				keys = append(keys, strconv.FormatInt(i, 10))
			}
		} else {
			keys = o.Keys()
		}
		for _, k := range keys {
			nv := j.internalize(o, k, reviver, depth+1)
			if goja.IsUndefined(nv) {
				if err := o.Delete(k); err != nil {
					panic(err)
				}
			} else {
				_ = o.DefineDataProperty(k, nv, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE) // CreateDataProperty: a refusal is ignored
			}
		}
	}
	res, err := reviver(holder, j.rt.ToValue(name), val)
	if err != nil {
		panic(err)
	}
	return res
}

// arrayObject is IsArray: an Array, or a proxy whose target is one.
func (j *jsonGuard) arrayObject(o *goja.Object) bool {
	if !isProxy(o) {
		return o.ClassName() == "Array"
	}
	v, err := j.isArray(goja.Undefined(), o)
	if err != nil {
		panic(err)
	}
	return v.ToBoolean()
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
