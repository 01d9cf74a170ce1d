package vm

import (
	"fmt"
	"strings"

	"github.com/tyk-ve/tyk-ve/vm/isolation"
)

// areaSet is a set of the API's optional areas: a pool installs one only
// when its scripts can reach it (FindReach), so a runtime of a plain Tyk
// script carries Tyk's API alone. Tyk's own areas (tykapi.Areas: the
// guards, the JSON fast paths, TykJS…) and the arity area are always
// installed, and so is the event loop itself (every call runs on it); only
// its globals are an area.
type areaSet uint8

const (
	// areaTimers: the event loop's globals (setTimeout, queueMicrotask, …).
	areaTimers areaSet = 1 << iota
	// areaWeb: the Web platform basics (URL, TextEncoder, atob, console,
	// structuredClone, DOMException).
	areaWeb
	// areaFetch: fetch and its classes.
	areaFetch
	// areaCrypto: Web Crypto.
	areaCrypto
	// areaStorage: TykStorage*.
	areaStorage

	allAreas = areaTimers | areaWeb | areaFetch | areaCrypto | areaStorage
)

// optionalAreas names each optional area as installAPI's list does
// (tykapi.Area.Name), with the areas it needs: fetch and Web Crypto raise
// the Web platform's DOMException, and fetch rethrows an abort listener's
// exception through queueMicrotask.
var optionalAreas = []struct {
	name  string
	bit   areaSet
	needs areaSet
}{
	{"eventloop", areaTimers, 0},
	{"webapi", areaWeb, 0},
	{"fetch", areaFetch, areaWeb | areaTimers},
	{"crypto", areaCrypto, areaWeb},
	{"storage", areaStorage, 0},
}

// areaBit is the optional area named name (0: an area always installed).
func areaBit(name string) areaSet {
	for _, a := range optionalAreas {
		if a.name == name {
			return a.bit
		}
	}
	return 0
}

// withNeeds adds the areas the set's areas need.
func (s areaSet) withNeeds() areaSet {
	for _, a := range optionalAreas {
		if s&a.bit != 0 {
			s |= a.needs
		}
	}
	return s
}

func (s areaSet) String() string {
	var names []string
	for _, a := range optionalAreas {
		if s&a.bit != 0 {
			names = append(names, a.name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ",")
}

// areasFor is the set of optional areas scripts that reach r need: every
// area if they reach globals dynamically, otherwise those one of whose
// globals they name (a global two areas list, DOMException, belongs to the
// first), and fetch for a Workers-style handler's fetch method.
func areasFor(r isolation.Reach) areaSet {
	if r.Dynamic {
		return allAreas
	}
	var s areaSet
	owner := map[string]bool{}
	for _, a := range withPlatform(apiAreas, nil) {
		bit := areaBit(a.Name)
		for _, g := range a.Globals {
			if owner[g] {
				continue
			}
			owner[g] = true
			if r.Names[g] {
				s |= bit
			}
		}
	}
	if r.FetchProperty {
		s |= areaFetch
	}
	return s.withNeeds()
}

// errWorkersWithoutFetch: a Workers-style call on a pool whose scripts
// never name fetch, though the handler has a fetch method (areasFor
// installs fetch's classes for any property or string named fetch; a
// method name computed at run time is not seen).
var errWorkersWithoutFetch = fmt.Errorf("%w: the Workers-style handler's fetch method is not named fetch in the "+
	"scripts' source (a computed name), so the pool has no fetch classes", ErrFunctionNotFound)
