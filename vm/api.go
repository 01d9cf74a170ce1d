package vm

import "github.com/dop251/goja"

// apiArea installs one area of the JavaScript API into a fresh runtime. The
// functions it defines read per-call state from env.
type apiArea func(rt *goja.Runtime, env *callEnv) error

// apiAreas lists every area, in installation order. The JSON fast paths come
// first (TykJsResponse uses them); coreJS (the TykJS namespace) comes last
// because it is JavaScript that may use the others.
var apiAreas = []apiArea{
	installGuards,
	installJSON,
	installResponse,
	installLog,
	installEncoding,
	installHTTP,
	installBatch,
	installKeys,
	installCore,
	installWeb,
}

// apiGlobals names every global the API areas define. Isolation resets put
// these back when a call reassigns them; TestAPIGlobalsComplete keeps the
// list in step with the areas. (Listing them avoids enumerating the global
// object, which makes goja build every lazy built-in.)
var apiGlobals = append([]string{
	"TykJsResponse", "log", "rawlog", "b64enc", "b64dec", "rawb64enc", "rawb64dec",
	"TykMakeHttpRequest", "TykBatchRequest", "TykGetKeyData", "TykSetKeyData", "TykJS",
}, webGlobals...)

// throwError raises err as a JavaScript Error in the calling script.
func throwError(rt *goja.Runtime, err error) {
	panic(rt.NewGoError(err))
}
