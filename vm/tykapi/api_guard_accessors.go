package tykapi

import (
	"errors"
	"strings"

	"github.com/dop251/goja"
)

// guardAccessors closes the links wrapBuiltins leaves open: most built-ins
// type-check this and name it in their error with Object.prototype.toString,
// which reads this[Symbol.toStringTag]; installed as that getter, such a
// built-in calls itself in Go without end (so do RegExp's exec and flag
// getters, which stay unwrapped, skippedBuiltins). Every way to install an
// accessor from a function value (Object.defineProperty, defineProperties,
// create, Reflect.defineProperty) installs a counting wrapper of a native
// getter or setter instead; it behaves the same.
func (g *nativeGuard) guardAccessors() error {
	g.accessorWrappers = make(map[*goja.Object]*goja.Object)
	fnProto := g.rt.Get("Function").ToObject(g.rt).Get("prototype").ToObject(g.rt)
	toString, ok := g.original(fnProto, "toString")
	if !ok {
		return errors.New("Function.prototype.toString is not native")
	}
	g.fnToString = toString
	object := g.rt.Get("Object").ToObject(g.rt)
	reflect := g.rt.Get("Reflect").ToObject(g.rt)
	descArg := func(i int) func(orig nativeFunc) nativeFunc { // the descriptor is argument i
		return func(orig nativeFunc) nativeFunc {
			return func(call goja.FunctionCall) goja.Value {
				if len(call.Arguments) > i {
					call.Arguments = append([]goja.Value(nil), call.Arguments...)
					call.Arguments[i] = g.fixDescriptor(call.Arguments[i])
				}
				return orig(call)
			}
		}
	}
	descMapArg := func(i int) func(orig nativeFunc) nativeFunc { // argument i maps names to descriptors
		return func(orig nativeFunc) nativeFunc {
			return func(call goja.FunctionCall) goja.Value {
				if len(call.Arguments) > i {
					call.Arguments = append([]goja.Value(nil), call.Arguments...)
					call.Arguments[i] = g.fixDescriptorMap(call.Arguments[i])
				}
				return orig(call)
			}
		}
	}
	for _, r := range []struct {
		obj  *goja.Object
		name string
		make func(nativeFunc) nativeFunc
	}{
		{object, "defineProperty", descArg(2)},
		{reflect, "defineProperty", descArg(2)},
		{object, "defineProperties", descMapArg(1)},
		{object, "create", descMapArg(1)},
	} {
		if r.obj.Get(r.name) == nil {
			continue // not provided by this goja
		}
		if err := g.replace(r.obj, r.name, r.make); err != nil {
			return err
		}
	}
	return nil
}

// accessorWrapper returns a counting wrapper for a native function that is
// not one already, nil for anything else.
func (g *nativeGuard) accessorWrapper(v goja.Value) *goja.Object {
	o, ok := v.(*goja.Object)
	if !ok || g.wrappers[o] {
		return nil
	}
	if w := g.accessorWrappers[o]; w != nil {
		return w
	}
	raw, ok := o.Export().(nativeFunc)
	if !ok || raw == nil || !strings.HasSuffix(g.fnToString(goja.FunctionCall{This: o}).String(), "[native code] }") {
		return nil // JavaScript functions export the same type
	}
	w := g.builtin(o, g.counted(raw))
	g.accessorWrappers[o] = w
	return w
}

// fixDescriptor returns desc, or a copy of it with a counting wrapper for
// a native get or set.
func (g *nativeGuard) fixDescriptor(desc goja.Value) goja.Value {
	d, ok := desc.(*goja.Object)
	if !ok {
		return desc
	}
	get, set := g.accessorWrapper(d.Get("get")), g.accessorWrapper(d.Get("set"))
	if get == nil && set == nil {
		return desc
	}
	out := g.rt.NewObject()
	for _, k := range []string{"enumerable", "configurable", "value", "writable", "get", "set"} {
		if v := d.Get(k); v != nil {
			_ = out.Set(k, v)
		}
	}
	if get != nil {
		_ = out.Set("get", get)
	}
	if set != nil {
		_ = out.Set("set", set)
	}
	return out
}

// fixDescriptorMap applies fixDescriptor to each own enumerable property of
// a descriptor map (string and symbol keys), copying the map only if one
// changes.
func (g *nativeGuard) fixDescriptorMap(m goja.Value) goja.Value {
	o, ok := m.(*goja.Object)
	if !ok {
		return m
	}
	keys, syms := o.Keys(), o.Symbols()
	fixed := make([]goja.Value, 0, len(keys)+len(syms))
	changed := false
	for _, k := range keys {
		d := o.Get(k)
		fixed = append(fixed, g.fixDescriptor(d))
		changed = changed || fixed[len(fixed)-1] != d
	}
	for _, k := range syms {
		d := o.GetSymbol(k)
		fixed = append(fixed, g.fixDescriptor(d))
		changed = changed || fixed[len(fixed)-1] != d
	}
	if !changed {
		return m
	}
	out := g.rt.NewObject()
	for i, k := range keys {
		_ = out.Set(k, fixed[i])
	}
	for i, k := range syms {
		_ = out.SetSymbol(k, fixed[len(keys)+i])
	}
	return out
}

var errNoDescriptor = errors.New("built-in accessor not found")
