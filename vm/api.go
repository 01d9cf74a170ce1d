package vm

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/eventloop"
	"github.com/tyk-ve/tyk-ve/vm/storage"
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
// API (tykapi.Areas), then the areas that may build on the platform areas
// (Web Crypto reuses their DOMException; shared storage, vm/storage). The
// platform areas (platform.go: the event loop and the Web platform basics)
// go between the two (withPlatform). Append an area here, or in
// platformAreas when it needs the runtime's event loop, to give scripts
// more globals; its globals then join apiGlobals, which isolation resets
// put back.
var apiAreas = append(tykapi.Areas(), cryptoArea, storage.Area)

// apiGlobals names every global the API areas define, each once.
var apiGlobals = uniqueNames(tykapi.GlobalNames(withPlatform(apiAreas, nil)))

// installAPI installs apiAreas and the platform areas into rt, with the
// runtime's event loop.
func installAPI(rt *goja.Runtime, env tykapi.Env) (*tykapi.State, *eventloop.Loop, error) {
	p := &platformEnv{loop: eventloop.New(rt)}
	s, err := tykapi.InstallAreas(rt, env, withPlatform(apiAreas, p))
	if err != nil {
		return nil, nil, err
	}
	reportUnhandledRejections(p.loop, s)
	return s, p.loop, nil
}

// withPlatform returns list with the platform areas inserted after its
// leading Tyk areas.
func withPlatform(list []tykapi.Area, p *platformEnv) []tykapi.Area {
	tyk := map[string]bool{}
	for _, a := range tykapi.Areas() {
		tyk[a.Name] = true
	}
	i := 0
	for i < len(list) && tyk[list[i].Name] {
		i++
	}
	out := append([]tykapi.Area(nil), list[:i]...)
	out = append(out, platformAreas(p)...)
	return append(out, list[i:]...)
}

// uniqueNames drops repeated names (two areas may list one global: Web
// Crypto lists DOMException, which it defines only when absent).
func uniqueNames(names []string) []string {
	seen := map[string]bool{}
	out := names[:0:0]
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
