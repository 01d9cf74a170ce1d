package vm

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/eventloop"
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
// API (tykapi.Areas), then the platform areas (platform.go: the event loop
// and the Web platform basics). Append an area here, or in platformAreas
// when it needs the runtime's event loop, to give scripts more globals; its
// globals then join apiGlobals, which isolation resets put back.
var apiAreas = append(tykapi.Areas(), cryptoArea)

// apiGlobals names every global the API areas define.
var apiGlobals = tykapi.GlobalNames(append(append([]tykapi.Area(nil), apiAreas...), platformAreas(nil)...))

// installAPI installs apiAreas and the platform areas into rt, with the
// runtime's event loop.
func installAPI(rt *goja.Runtime, env tykapi.Env) (*tykapi.State, *eventloop.Loop, error) {
	p := &platformEnv{loop: eventloop.New(rt)}
	s, err := tykapi.InstallAreas(rt, env, append(append([]tykapi.Area(nil), apiAreas...), platformAreas(p)...))
	if err != nil {
		return nil, nil, err
	}
	reportUnhandledRejections(p.loop, s)
	return s, p.loop, nil
}
