package isolation

import (
	"fmt"
	"sync"

	"github.com/dop251/goja"
)

// builtinCensus is what a fresh runtime holds before any script runs: the
// names of its global bindings (built-ins and the Tyk API), and every
// property name under which some object reachable from them (built-in
// prototypes, iterator and generator prototypes, the TykJS namespace and
// its prototypes) holds an object or a function as a data property, and
// every name under which one has an accessor (names only the global object
// holds an object under are kept apart: globalObjects). A data read under any other
// name cannot return a built-in object, so the isolation analysis
// (confine.go) only has to follow reads under these. Built-in getters
// (length of a typed array, size of a Map, buffer, flags, …) return
// primitives or objects of their receiver, so an accessor name only matters
// on a value that may itself be built-in.
type builtinCensus struct {
	globals   map[string]bool
	objects   map[string]bool
	accessors map[string]bool
	// globalObjects are the names under which only the global object holds
	// an object (URL, console, JSON, …): the global object is in no
	// prototype chain, so a read under one of them gives a built-in only
	// on a base that may itself be built-in (the global object).
	globalObjects map[string]bool
	// api are the platform's own globals (the Tyk API).
	api map[string]bool
}

// Platform is what a runtime holds before any script runs, beyond goja's
// built-ins: the JavaScript API package vm installs.
type Platform struct {
	// Key names the platform: package vm installs the API's optional
	// areas by pool (FindReach), and each set of areas has its census.
	Key string
	// New returns a new goja runtime with the API installed.
	New func() (*goja.Runtime, error)
	// APIGlobals are the names of the API's global bindings.
	APIGlobals []string
}

// censuses are the census of each platform (by Key), taken once per
// process.
var censuses sync.Map // Key → func() (builtinCensus, error)

// builtins returns the census, taken once per process from a runtime of
// the platform.
func builtins(p Platform) (builtinCensus, error) {
	once, _ := censuses.LoadOrStore(p.Key, sync.OnceValues(func() (builtinCensus, error) { return takeCensus(p) }))
	return once.(func() (builtinCensus, error))()
}

// censusJS walks every object reachable from the global object and from the
// intrinsics only syntax reaches (iterators, generators, async functions).
const censusJS = `(function () {
	var seen = new Set(), names = {}, accessors = {}, globalNames = {};
	var queue = [globalThis, [].values(), new Map().entries(), new Set().values(), ""[Symbol.iterator](),
		/a/[Symbol.matchAll]("a"), (function* () {}), (function* () {})(), (async function () {}),
		new Uint8Array(0), Promise.resolve(),
		(function () { return arguments })(), new WeakMap(), new WeakSet(), new DataView(new ArrayBuffer(1))];
	while (queue.length) {
		var o = queue.pop();
		if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o)) continue;
		seen.add(o);
		queue.push(Object.getPrototypeOf(o));
		var keys = Object.getOwnPropertyNames(o);
		for (var i = 0; i < keys.length; i++) {
			var d = Object.getOwnPropertyDescriptor(o, keys[i]);
			if (!d) continue;
			if ("value" in d) {
				if (d.value !== null && (typeof d.value === "object" || typeof d.value === "function")) {
					if (o === globalThis) {
						globalNames[keys[i]] = true;
					} else {
						names[keys[i]] = true;
					}
					queue.push(d.value);
				}
			} else {
				accessors[keys[i]] = true;
				queue.push(d.get, d.set);
			}
		}
	}
	return [Object.keys(names), Object.getOwnPropertyNames(globalThis), Object.keys(accessors), Object.keys(globalNames)];
})()`

func takeCensus(p Platform) (builtinCensus, error) {
	if p.New == nil {
		return builtinCensus{}, fmt.Errorf("taking the built-in census: no platform")
	}
	rt, err := p.New()
	if err != nil {
		return builtinCensus{}, fmt.Errorf("taking the built-in census: %w", err)
	}
	v, err := rt.RunString(censusJS)
	if err != nil {
		return builtinCensus{}, fmt.Errorf("taking the built-in census: %w", err)
	}
	var lists [4][]string
	if err := rt.ExportTo(v, &lists); err != nil {
		return builtinCensus{}, fmt.Errorf("taking the built-in census: %w", err)
	}
	c := builtinCensus{globals: set(lists[1]...), objects: set(lists[0]...), accessors: set(lists[2]...),
		globalObjects: set(lists[3]...), api: set(p.APIGlobals...)}
	for n := range c.objects {
		delete(c.globalObjects, n)
	}
	return c, nil
}
