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

// apiAreas are the areas a runtime may install, in order: Tyk's
// API (tykapi.Areas), then the areas that may build on the platform areas
// (Web Crypto reuses their DOMException; shared storage, vm/storage). The
// platform areas (platform.go: the event loop and the Web platform basics)
// go between the two (withPlatform). Append an area here, or in
// platformAreas when it needs the runtime's event loop, to give scripts
// more globals; its globals then join apiGlobals, which isolation resets
// put back. An area listed in optionalAreas (areas.go) is installed only
// for pools whose scripts can reach it.
var apiAreas = append(tykapi.Areas(), cryptoArea, storage.Area, arityArea)

// apiGlobals names every global the API areas define, each once (a
// runtime with every optional area).
var apiGlobals = globalsOf(allAreas)

// globalsOf names the globals of Tyk's areas and of the optional areas in
// set, each once: those a runtime installAPI made with set holds, which
// isolation resets put back.
func globalsOf(set areaSet) []string {
	return uniqueNames(tykapi.GlobalNames(selectAreas(withPlatform(apiAreas, nil), set)))
}

// installAPI installs apiAreas and the platform areas into rt, with the
// runtime's event loop, leaving out the optional areas not in set (the
// loop itself is always made: every call runs on it).
func installAPI(rt *goja.Runtime, env tykapi.Env, set areaSet) (*tykapi.State, *platformEnv, error) {
	p := &platformEnv{loop: eventloop.New(rt)}
	s, err := tykapi.InstallAreas(rt, env, selectAreas(withPlatform(apiAreas, p), set))
	if err != nil {
		return nil, nil, err
	}
	reportUnhandledRejections(p.loop, s)
	return s, p, nil
}

// selectAreas keeps the areas of list that are always installed or in set.
func selectAreas(list []tykapi.Area, set areaSet) []tykapi.Area {
	out := make([]tykapi.Area, 0, len(list))
	for _, a := range list {
		if bit := areaBit(a.Name); bit == 0 || set&bit != 0 {
			out = append(out, a)
		}
	}
	return out
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
