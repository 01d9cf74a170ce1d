package vm

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// The Tyk JavaScript API lives in package vm/tykapi; these aliases keep the
// types callers outside vm use under their vm names.
type (
	// Host is what the JavaScript API needs from outside the runtime
	// (tykapi.Host).
	Host = tykapi.Host
	// Response is what a virtual endpoint function produced (tykapi.Response).
	Response = tykapi.Response
)

// apiAreas are the areas installed into every runtime, in order: Tyk's
// API (tykapi.Areas). Append an area here to give scripts more globals; its
// globals then join apiGlobals, which isolation resets put back.
var apiAreas = append(tykapi.Areas(), cryptoArea)

// apiGlobals names every global the API areas define.
var apiGlobals = tykapi.GlobalNames(apiAreas)

// installAPI installs apiAreas into rt.
func installAPI(rt *goja.Runtime, env tykapi.Env) (*tykapi.State, error) {
	return tykapi.InstallAreas(rt, env, apiAreas)
}
