package storage

import (
	"context"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/kvstore"
)

// Globals names the globals Install defines.
var Globals = []string{"TykStorageGet", "TykStorageSet", "TykStorageSetNX", "TykStorageDel", "TykStorageTTL", "TykStorageIncr"}

// Install defines the TykStorage* functions on rt, with master's argument
// conversions (keys and values through String(), so a missing key is the
// key "undefined"; TTLs through ToInteger, in seconds) and return types.
// A failure throws a GoError (an Error whose message is the failure) the
// script can catch.
func Install(rt *goja.Runtime, env *Env) error {
	fns := map[string]func(goja.FunctionCall) goja.Value{
		"TykStorageGet": func(call goja.FunctionCall) goja.Value {
			var (
				v     string
				found bool
			)
			throwIf(rt, env.op(func(ctx context.Context, b *kvstore.Bucket) (err error) {
				v, found, err = b.Get(ctx, call.Argument(0).String())
				return err
			}))
			if !found {
				return goja.Null()
			}
			return rt.ToValue(v)
		},
		"TykStorageSet": func(call goja.FunctionCall) goja.Value {
			throwIf(rt, env.op(func(ctx context.Context, b *kvstore.Bucket) error {
				return b.Set(ctx, call.Argument(0).String(), call.Argument(1).String(), call.Argument(2).ToInteger())
			}))
			return goja.Undefined()
		},
		"TykStorageSetNX": func(call goja.FunctionCall) goja.Value {
			var set bool
			throwIf(rt, env.op(func(ctx context.Context, b *kvstore.Bucket) (err error) {
				set, err = b.SetNX(ctx, call.Argument(0).String(), call.Argument(1).String(), call.Argument(2).ToInteger())
				return err
			}))
			return rt.ToValue(set)
		},
		"TykStorageDel": func(call goja.FunctionCall) goja.Value {
			throwIf(rt, env.op(func(ctx context.Context, b *kvstore.Bucket) error {
				return b.Del(ctx, call.Argument(0).String())
			}))
			return goja.Undefined()
		},
		"TykStorageTTL": func(call goja.FunctionCall) goja.Value {
			var ttl int64
			throwIf(rt, env.op(func(ctx context.Context, b *kvstore.Bucket) (err error) {
				ttl, err = b.TTL(ctx, call.Argument(0).String())
				return err
			}))
			return rt.ToValue(ttl)
		},
		"TykStorageIncr": func(call goja.FunctionCall) goja.Value {
			var n string
			throwIf(rt, env.op(func(ctx context.Context, b *kvstore.Bucket) (err error) {
				n, err = b.Incr(ctx, call.Argument(0).String(), call.Argument(1).ToInteger())
				return err
			}))
			return rt.ToValue(n)
		},
	}
	for _, name := range Globals {
		if err := rt.Set(name, fns[name]); err != nil {
			return err
		}
	}
	return nil
}

// throwIf throws err into the script as master does (a GoError).
func throwIf(rt *goja.Runtime, err error) {
	if err != nil {
		panic(rt.NewGoError(err))
	}
}
