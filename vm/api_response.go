package vm

import (
	"errors"

	"github.com/dop251/goja"
)

// installResponse defines TykJsResponse(response, session_meta). Like Tyk's
// it returns JSON.stringify({Response: response, SessionMeta: session_meta}),
// so code that inspects the string keeps working; it also decodes the two
// arguments straight into Go, and a function that returns that string
// unchanged skips the JSON parse on the way out.
func installResponse(rt *goja.Runtime, env *callEnv) error {
	stringify, ok := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
	if !ok {
		return errors.New("JSON.stringify is not callable")
	}
	return rt.Set("TykJsResponse", func(call goja.FunctionCall) goja.Value {
		response, meta := call.Argument(0), call.Argument(1)
		wrapper := rt.NewObject()
		_ = wrapper.Set("Response", response)
		_ = wrapper.Set("SessionMeta", meta)
		s, err := stringify(goja.Undefined(), wrapper)
		if err != nil {
			panic(err)
		}
		if decoded, ok := decodeResponseFast(response, meta); ok {
			env.lastResponse, env.lastResponseDecoded = s, decoded
		}
		return s
	})
}
