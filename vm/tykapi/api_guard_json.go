package tykapi

import (
	"errors"
	"strconv"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

type jsonGuard struct {
	rt      *goja.Runtime
	env     *State
	limit   int
	isArray goja.Callable
}

func newJSONGuard(rt *goja.Runtime, env *State) (*jsonGuard, error) {
	isArray, ok := goja.AssertFunction(rt.Get("Array").ToObject(rt).Get("isArray"))
	if !ok {
		return nil, errors.New("Array.isArray is not callable")
	}
	return &jsonGuard{rt: rt, env: env, limit: nativeLimit(env.limits.MaxStackDepth), isArray: isArray}, nil
}

// parseWithReviver is JSON.parse(text, reviver): the text is parsed as
// without a reviver, then walked here (InternalizeJSONProperty) with the
// nesting counted, since the reviver may add nesting as it goes.
func (j *jsonGuard) parseWithReviver(origParse goja.Callable, text string, reviver goja.Callable) goja.Value {
	v, err := jsonengine.Parse(j.rt, text)
	if err != nil {
		if errors.Is(err, jsonengine.ErrTooDeep) || jsonTextDeeper(text, j.limit) {
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
	if !jsonengine.IsProxy(o) {
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
