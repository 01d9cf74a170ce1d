package tykapi

import (
	"encoding/base64"

	"github.com/dop251/goja"
)

// installEncoding defines b64enc, b64dec, rawb64enc and rawb64dec with Tyk's
// semantics: the argument is converted with String() (so a missing argument
// encodes "undefined"), b64dec falls back from padded to unpadded decoding,
// and a decode failure logs "Failed to base64 decode" and returns undefined.
func installEncoding(rt *goja.Runtime, env *State) error {
	fns := map[string]func(goja.FunctionCall) goja.Value{
		"b64enc": func(call goja.FunctionCall) goja.Value {
			return rt.ToValue(base64.StdEncoding.EncodeToString([]byte(call.Argument(0).String())))
		},
		"rawb64enc": func(call goja.FunctionCall) goja.Value {
			return rt.ToValue(base64.RawStdEncoding.EncodeToString([]byte(call.Argument(0).String())))
		},
		"b64dec": func(call goja.FunctionCall) goja.Value {
			s := call.Argument(0).String()
			out, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				out, err = base64.RawStdEncoding.DecodeString(s)
			}
			return decoded(rt, env, out, err)
		},
		"rawb64dec": func(call goja.FunctionCall) goja.Value {
			out, err := base64.RawStdEncoding.DecodeString(call.Argument(0).String())
			return decoded(rt, env, out, err)
		},
	}
	for name, fn := range fns {
		if err := rt.Set(name, fn); err != nil {
			return err
		}
	}
	return nil
}

func decoded(rt *goja.Runtime, env *State, out []byte, err error) goja.Value {
	if err != nil {
		if env.log != nil {
			env.log.WithError(err).Error("Failed to base64 decode")
		}
		return goja.Undefined()
	}
	return rt.ToValue(string(out))
}
