package storage

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/kvstore"
)

// NewKV returns a Workers KV-style namespace object over env's bucket, for a
// Workers-style handler's env (env.KV = NewKV(rt, e)):
//
//	await KV.get(key)                       // string, or null when missing
//	await KV.get(key, "json")               // also {type: "json"}: JSON.parse'd
//	await KV.put(key, value, {expirationTtl: 60})   // or {expiration: epochSeconds}
//	await KV.delete(key)
//	await KV.list({prefix, limit, cursor})  // {keys: [{name}], list_complete, cursor}
//
// Every method returns a Promise; a failure (Redis down, a limit, a bad
// argument) rejects it with an Error (TypeError for a bad argument).
// The keys are the same as TykStorage*'s: a value put here is read by
// TykStorageGet and the other way round.
func NewKV(rt *goja.Runtime, env *Env) *goja.Object {
	kv := &kvObject{rt: rt, env: env}
	obj := rt.NewObject()
	methods := []struct {
		name string
		fn   func(goja.FunctionCall) goja.Value
	}{{"get", kv.get}, {"put", kv.put}, {"delete", kv.del}, {"list", kv.list}}
	for _, m := range methods {
		_ = obj.Set(m.name, m.fn) // Set on a new plain object cannot fail
	}
	return obj
}

type kvObject struct {
	rt  *goja.Runtime
	env *Env
}

// settle returns a promise settled with do's value or error.
func (kv *kvObject) settle(do func() (goja.Value, error)) goja.Value {
	p, resolve, reject := kv.rt.NewPromise()
	v, err := do()
	if err != nil {
		reject(kv.errorValue(err))
	} else {
		resolve(v)
	}
	return kv.rt.ToValue(p)
}

// argError is a bad argument: it rejects with a TypeError.
type argError struct{ msg string }

func (e *argError) Error() string { return e.msg }

func (kv *kvObject) errorValue(err error) goja.Value {
	if ae, ok := err.(*argError); ok {
		return kv.rt.NewTypeError(ae.msg)
	}
	if ex, ok := err.(*goja.Exception); ok {
		return ex.Value()
	}
	return kv.rt.NewGoError(err)
}

// key converts a key argument; undefined and null are refused.
func key(method string, v goja.Value) (string, error) {
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return "", &argError{fmt.Sprintf("KV.%s: key must be a string", method)}
	}
	return v.String(), nil
}

func (kv *kvObject) get(call goja.FunctionCall) goja.Value {
	return kv.settle(func() (goja.Value, error) {
		k, err := key("get", call.Argument(0))
		if err != nil {
			return nil, err
		}
		typ, err := getType(call.Argument(1))
		if err != nil {
			return nil, err
		}
		var (
			v     string
			found bool
		)
		if err := kv.env.op(func(ctx context.Context, b *kvstore.Bucket) (err error) {
			v, found, err = b.Get(ctx, k)
			return err
		}); err != nil {
			return nil, err
		}
		if !found {
			return goja.Null(), nil
		}
		if typ == "json" {
			return kv.parseJSON(v)
		}
		return kv.rt.ToValue(v), nil
	})
}

// getType reads get's second argument: "text", "json", or {type}.
func getType(v goja.Value) (string, error) {
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return "text", nil
	}
	if o, ok := v.(*goja.Object); ok {
		v = o.Get("type")
		if v == nil || goja.IsUndefined(v) {
			return "text", nil
		}
	}
	switch t := v.String(); t {
	case "text", "json":
		return t, nil
	default:
		return "", &argError{fmt.Sprintf("KV.get: type %q is not supported (text or json)", t)}
	}
}

func (kv *kvObject) parseJSON(s string) (goja.Value, error) {
	parse, ok := goja.AssertFunction(kv.rt.Get("JSON").ToObject(kv.rt).Get("parse"))
	if !ok {
		return nil, &argError{"KV.get: JSON.parse is not a function"}
	}
	return parse(goja.Undefined(), kv.rt.ToValue(s))
}

func (kv *kvObject) put(call goja.FunctionCall) goja.Value {
	return kv.settle(func() (goja.Value, error) {
		k, err := key("put", call.Argument(0))
		if err != nil {
			return nil, err
		}
		value, ok := call.Argument(1).Export().(string)
		if !ok {
			return nil, &argError{"KV.put: value must be a string (JSON.stringify objects)"}
		}
		ttl, err := putTTL(kv.rt, call.Argument(2))
		if err != nil {
			return nil, err
		}
		return goja.Undefined(), kv.env.op(func(ctx context.Context, b *kvstore.Bucket) error {
			return b.Set(ctx, k, value, ttl)
		})
	})
}

// putTTL reads put's options: expirationTtl (seconds from now) or
// expiration (seconds since the epoch); neither means no expiry.
func putTTL(rt *goja.Runtime, v goja.Value) (int64, error) {
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return 0, nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return 0, &argError{"KV.put: options must be an object"}
	}
	for _, name := range o.Keys() {
		switch name {
		case "expirationTtl", "expiration":
		default:
			return 0, &argError{fmt.Sprintf("KV.put: option %q is not supported (expirationTtl, expiration)", name)}
		}
	}
	if t := o.Get("expirationTtl"); t != nil && !goja.IsUndefined(t) {
		return wholeSeconds("expirationTtl", t.ToFloat())
	}
	if t := o.Get("expiration"); t != nil && !goja.IsUndefined(t) {
		at, err := wholeSeconds("expiration", t.ToFloat())
		if err != nil {
			return 0, err
		}
		ttl := at - time.Now().Unix()
		if ttl <= 0 {
			return 0, &argError{"KV.put: expiration is in the past"}
		}
		return ttl, nil
	}
	return 0, nil
}

// maxTTLSeconds keeps a TTL within time.Duration.
const maxTTLSeconds = math.MaxInt64 / int64(time.Second)

func wholeSeconds(name string, f float64) (int64, error) {
	if math.IsNaN(f) || f < 1 || f > float64(maxTTLSeconds) || f != math.Trunc(f) {
		return 0, &argError{fmt.Sprintf("KV.put: %s must be a whole number of seconds >= 1", name)}
	}
	return int64(f), nil
}

func (kv *kvObject) del(call goja.FunctionCall) goja.Value {
	return kv.settle(func() (goja.Value, error) {
		k, err := key("delete", call.Argument(0))
		if err != nil {
			return nil, err
		}
		return goja.Undefined(), kv.env.op(func(ctx context.Context, b *kvstore.Bucket) error {
			return b.Del(ctx, k)
		})
	})
}

func (kv *kvObject) list(call goja.FunctionCall) goja.Value {
	return kv.settle(func() (goja.Value, error) {
		opts, err := listOptions(call.Argument(0))
		if err != nil {
			return nil, err
		}
		var res kvstore.ListResult
		if err := kv.env.op(func(ctx context.Context, b *kvstore.Bucket) (err error) {
			res, err = b.List(ctx, opts)
			return err
		}); err != nil {
			return nil, err
		}
		return kv.listValue(res), nil
	})
}

func listOptions(v goja.Value) (kvstore.ListOptions, error) {
	var opts kvstore.ListOptions
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return opts, nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return opts, &argError{"KV.list: options must be an object"}
	}
	if p := o.Get("prefix"); p != nil && !goja.IsUndefined(p) && !goja.IsNull(p) {
		opts.Prefix = p.String()
	}
	if c := o.Get("cursor"); c != nil && !goja.IsUndefined(c) && !goja.IsNull(c) {
		opts.Cursor = c.String()
	}
	if l := o.Get("limit"); l != nil && !goja.IsUndefined(l) {
		f := l.ToFloat()
		if math.IsNaN(f) || f < 1 || f > kvstore.MaxListLimit || f != math.Trunc(f) {
			return opts, &argError{fmt.Sprintf("KV.list: limit must be a whole number 1 … %d", kvstore.MaxListLimit)}
		}
		opts.Limit = int(f)
	}
	return opts, nil
}

func (kv *kvObject) listValue(res kvstore.ListResult) goja.Value {
	keys := make([]interface{}, len(res.Keys))
	for i, k := range res.Keys {
		o := kv.rt.NewObject()
		_ = o.Set("name", k)
		keys[i] = o
	}
	out := kv.rt.NewObject()
	_ = out.Set("keys", kv.rt.NewArray(keys...))
	_ = out.Set("list_complete", res.Complete)
	if !res.Complete {
		_ = out.Set("cursor", res.Cursor)
	}
	return out
}
