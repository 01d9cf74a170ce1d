package tykapi

import (
	"fmt"

	"github.com/dop251/goja"
)

// Area is one area of the JavaScript API: the globals it defines and the
// function that installs them into a new runtime. The functions an area
// defines read per-call state from the State (its exported accessors for
// an area outside this package).
type Area struct {
	// Name labels the area in errors ("http", "guards", …).
	Name string
	// Globals names the global bindings Install defines; isolation resets
	// put them back when a call reassigns them. An area that only patches
	// built-ins (the guards, the JSON fast paths) defines none.
	Globals []string
	// Install defines the area in rt.
	Install func(rt *goja.Runtime, s *State) error
}

// areas lists Tyk's API, in installation order. The guards come first
// (they wrap the built-ins every later area may capture); the JSON fast
// paths before TykJsResponse, which uses them; coreJS (the TykJS
// namespace) last because it is JavaScript that uses log and b64*.
var areas = []Area{
	{Name: "guards", Install: installGuards},
	{Name: "json", Install: installJSON},
	{Name: "response", Globals: []string{"TykJsResponse"}, Install: installResponse},
	{Name: "log", Globals: []string{"log", "rawlog"}, Install: installLog},
	{Name: "encoding", Globals: []string{"b64enc", "b64dec", "rawb64enc", "rawb64dec"}, Install: installEncoding},
	{Name: "http", Globals: []string{"TykMakeHttpRequest"}, Install: installHTTP},
	{Name: "batch", Globals: []string{"TykBatchRequest"}, Install: installBatch},
	{Name: "keys", Globals: []string{"TykGetKeyData", "TykSetKeyData"}, Install: installKeys},
	{Name: "core", Globals: []string{"TykJS"}, Install: installCore},
}

// Areas returns Tyk's JavaScript API, area by area in installation order
// (a new slice: append an area to install more globals after Tyk's).
func Areas() []Area { return append([]Area(nil), areas...) }

// Globals names every global Tyk's API areas define (GlobalNames of
// Areas). Listing them lets isolation avoid enumerating the global object,
// which makes goja build every lazy built-in; TestGlobalsComplete keeps
// the list in step with the areas.
var Globals = GlobalNames(areas)

// GlobalNames lists the globals the areas define, in order.
func GlobalNames(list []Area) []string {
	var names []string
	for _, a := range list {
		names = append(names, a.Globals...)
	}
	return names
}

// Install installs Tyk's whole API into rt and returns the runtime's State.
func Install(rt *goja.Runtime, env Env) (*State, error) { return InstallAreas(rt, env, areas) }

// InstallAreas installs the given areas into rt, in order, and returns the
// State their functions read.
func InstallAreas(rt *goja.Runtime, env Env, list []Area) (*State, error) {
	s := newState(env)
	for _, a := range list {
		if err := a.Install(rt, s); err != nil {
			return nil, fmt.Errorf("installing the %s API: %w", a.Name, err)
		}
	}
	return s, nil
}

// throwError raises err as a JavaScript Error in the calling script.
func throwError(rt *goja.Runtime, err error) {
	panic(rt.NewGoError(err))
}
