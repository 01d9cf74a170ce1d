package tykapi

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// installResponse defines TykJsResponse(response, session_meta). Like Tyk's
// it returns JSON.stringify({Response: response, SessionMeta: session_meta}),
// so code that inspects the string keeps working. It also keeps the
// Response that text decodes to, so that a function returning it unchanged
// skips the decoding on the way out: read straight from the arguments
// (responseReader) when the stringify ran no script and they are plain,
// else decoded from the text (decodeResponseText), told by the stringify
// which Go strings its long escaped literals (a JSON body) stand for, so
// that they are not unescaped again.
var responseKeys = [...]string{"Response", "SessionMeta"}

func installResponse(rt *goja.Runtime, env *State) error {
	ops, err := jsonOpsFor(rt, env)
	if err != nil {
		return err
	}
	placeholder := rt.CreateObject(nil) // what the host receives instead of the text
	return rt.Set("TykJsResponse", func(call goja.FunctionCall) goja.Value {
		if env.base.ResponseUnobserved {
			// Only the host sees what this returns: hand it the response.
			if decoded, ok := env.responseReader.readUnstringified(ops, call.Argument(0), call.Argument(1)); ok {
				env.lastResponse, env.lastResponseDecoded = placeholder, decoded
				return placeholder
			}
		}
		s := jsonengine.NewStringifier(rt, ops, env.jsonLimits(), "")
		env.responseArgs = [2]goja.Value{call.Argument(0), call.Argument(1)}
		text, hints, ranNoScript := s.RecordHinted(responseKeys[:], env.responseArgs[:], env.hints[:0])
		var decoded *Response
		ok := false
		if ranNoScript {
			decoded, ok = env.responseReader.read(env.responseArgs[0], env.responseArgs[1])
		}
		env.responseArgs = [2]goja.Value{}
		if !ok {
			decoded, ok = decodeResponseText(text, hints)
		}
		v := rt.ToValue(text)
		env.lastResponse, env.lastResponseDecoded = nil, nil
		if ok {
			env.lastResponse, env.lastResponseDecoded = v, decoded
		}
		clear(hints) // keep none of this call's strings
		env.hints = hints[:0]
		return v
	})
}
