package tykapi

import (
	"encoding/json"
	"time"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/keystore"
)

// Tyk's error objects, as TykGetKeyData returns them.
const (
	keyNotFoundJSON        = keystore.KeyNotFoundJSON
	keyStoreMissingJSON    = `{"status":"error","message":"key store not configured"}`
	keyStoreUnavailableLog = "key store not configured"
)

// installKeys defines TykGetKeyData(key, apiId) and TykSetKeyData(key,
// sessionJson, suppressReset) over Host.Keys.
//
// TykGetKeyData returns the session JSON string, or Tyk's error object
// {"status":"error","message":"Key not found"} when the key does not exist
// or the store fails (the failure is logged; Tyk also answers "Key not
// found" when its storage fails). A missing apiId argument means Host.APIID.
//
// TykSetKeyData always returns undefined; errors are only logged, and the
// quota is left alone only when suppressReset is the string "1" (so the
// number 1 works too, as in Tyk).
func installKeys(rt *goja.Runtime, env *State) error {
	if err := rt.Set("TykGetKeyData", func(call goja.FunctionCall) goja.Value {
		if env.loading {
			return goja.Undefined()
		}
		key := call.Argument(0).String()
		apiID := call.Argument(1)
		id := apiID.String()
		if goja.IsUndefined(apiID) && env.host != nil && env.host.APIID != "" {
			id = env.host.APIID
		}
		start := time.Now()
		out := getKeyData(env, key, id)
		env.waitedSince(start)
		if env.ctx.Err() != nil {
			rt.Interrupt(ctxErr(env.ctx))
		}
		return rt.ToValue(out)
	}); err != nil {
		return err
	}
	return rt.Set("TykSetKeyData", func(call goja.FunctionCall) goja.Value {
		if env.loading {
			return goja.Undefined()
		}
		start := time.Now()
		setKeyData(env, call.Argument(0).String(), call.Argument(1).String(), call.Argument(2).String() == "1")
		env.waitedSince(start)
		if env.ctx.Err() != nil {
			rt.Interrupt(ctxErr(env.ctx))
		}
		return goja.Undefined()
	})
}

func getKeyData(env *State, key, apiID string) string {
	log := jsvmLog(env)
	if env.host == nil || env.host.Keys == nil {
		log.Error(keyStoreUnavailableLog)
		return keyStoreMissingJSON
	}
	s, err := env.host.Keys.GetKey(env.ctx, key, apiID)
	if err != nil {
		log.WithError(err).Error("Failed to get key data")
		return keyNotFoundJSON
	}
	return s
}

func setKeyData(env *State, key, sessionJSON string, suppressReset bool) {
	log := jsvmLog(env)
	// Tyk decodes into its SessionState first; any JSON object (or null)
	// passes that step, anything else fails it.
	var probe map[string]json.RawMessage
	if err := json.Unmarshal([]byte(sessionJSON), &probe); err != nil {
		log.WithError(err).Error("Failed to decode the sesison data")
		return
	}
	if env.host == nil || env.host.Keys == nil {
		log.Error(keyStoreUnavailableLog)
		return
	}
	if err := env.host.Keys.SetKey(env.ctx, key, sessionJSON, suppressReset); err != nil {
		log.WithError(err).Error("Failed to update key data")
	}
}
