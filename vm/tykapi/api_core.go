package tykapi

import (
	_ "embed" // corejs.js
	"fmt"

	"github.com/dop251/goja"
)

// coreJSSource is the TykJS namespace (Tyk's coreJS), in ES5.
//
//go:embed corejs.js
var coreJSSource string

// coreJSName is the file name stack traces show for the core library.
const coreJSName = "tyk-core.js"

// coreProgram is compiled once per process and run into every runtime.
var coreProgram = goja.MustCompile(coreJSName, coreJSSource, false)

// installCore defines the TykJS namespace: TykJS.TykMiddleware
// (MiddlewareComponentMeta, NewMiddleware with NewProcessRequest,
// NewProcessResponse, ReturnData, ReturnAuthData, ReturnResponseData,
// DoProcessRequest, DoProcessResponse) and TykJS.TykEventHandlers
// (EventHandlerComponentMeta, NewEventHandler with NewHandler,
// DoProcessEvent, Handle). It must run after the areas defining log,
// b64dec and b64enc, which its methods call.
func installCore(rt *goja.Runtime, _ *State) error {
	if _, err := rt.RunProgram(coreProgram); err != nil {
		return fmt.Errorf("running %s: %w", coreJSName, err)
	}
	return nil
}
