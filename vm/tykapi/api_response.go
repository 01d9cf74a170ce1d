package tykapi

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// installResponse defines TykJsResponse(response, session_meta). Like Tyk's
// it returns JSON.stringify({Response: response, SessionMeta: session_meta}),
// so code that inspects the string keeps working. It also decodes that text
// into Go (decodeResponseText) so that a function returning it unchanged
// skips the decoding on the way out; the values are read once, by the
// stringify.
var responseKeys = [...]string{"Response", "SessionMeta"}

func installResponse(rt *goja.Runtime, env *State) error {
	ops, err := jsonOpsFor(rt, env)
	if err != nil {
		return err
	}
	return rt.Set("TykJsResponse", func(call goja.FunctionCall) goja.Value {
		s := jsonengine.NewStringifier(rt, ops, env.jsonLimits(), "")
		text := s.Record(responseKeys[:], []goja.Value{call.Argument(0), call.Argument(1)})
		v := rt.ToValue(text)
		env.lastResponse, env.lastResponseDecoded = nil, nil
		if decoded, ok := decodeResponseText(text); ok {
			env.lastResponse, env.lastResponseDecoded = v, decoded
		}
		return v
	})
}
