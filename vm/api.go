package vm

import "github.com/dop251/goja"

// apiArea installs one area of the JavaScript API into a fresh runtime. The
// functions it defines read per-call state from env.
type apiArea func(rt *goja.Runtime, env *callEnv) error

// apiAreas lists every area, in installation order. coreJS (the TykJS
// namespace) comes last because it is JavaScript that may use the others.
var apiAreas = []apiArea{
	installResponse,
	installLog,
	installEncoding,
	installHTTP,
	installBatch,
	installKeys,
	installCore,
}

// throwError raises err as a JavaScript Error in the calling script.
func throwError(rt *goja.Runtime, err error) {
	panic(rt.NewGoError(err))
}
