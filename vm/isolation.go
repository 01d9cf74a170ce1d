package vm

import (
	"errors"
	"sync"

	"github.com/dop251/goja/ast"
	"github.com/sirupsen/logrus"
)

// resetMode is how a runtime of an isolated pool gets back to the state of
// a new one after a call.
type resetMode int

const (
	// resetRestore puts back the global bindings a call can change (the
	// scripts' top level only declares functions and primitive values,
	// and the scripts are confined).
	resetRestore resetMode = iota
	// resetReplay also clears the top-level bindings and runs the
	// scripts' top-level code again, so objects it builds are new (the
	// scripts are confined).
	resetReplay
	// resetFresh replaces the goja runtime with a new one with the
	// scripts loaded: the analysis could not show the scripts confined.
	resetFresh
)

func (m resetMode) String() string {
	switch m {
	case resetRestore:
		return "restore"
	case resetReplay:
		return "replay"
	}
	return "new runtime"
}

// isolation is a pool's verdict on its scripts, shared by its runtimes.
type isolation struct {
	mode resetMode
	// reason says why the mode is not resetRestore.
	reason string
	// rebindable are the globals a call can rebind by name; with
	// dynamicGlobals any global can be rebound.
	rebindable     map[string]bool
	dynamicGlobals bool

	mu     sync.Mutex
	logged map[string]bool // scripts whose failed reload was logged

	modeOnce sync.Once
}

// decideIsolation chooses how runtimes of a pool with these scripts are
// reset between calls.
func decideIsolation(trees []*ast.Program, infos []scriptGlobals) *isolation {
	iso := &isolation{rebindable: map[string]bool{}, logged: map[string]bool{}}
	simple, inert := true, true
	consts := map[string]bool{}
	for _, g := range infos {
		simple = simple && g.simple
		inert = inert && g.inert
		for _, n := range g.assigned {
			iso.rebindable[n] = true
		}
		for _, n := range g.consts {
			consts[n] = true
		}
	}
	c, err := builtins()
	if err != nil {
		iso.mode, iso.reason, iso.dynamicGlobals = resetFresh, err.Error(), true
		return iso
	}
	conf := analyzeConfinement(trees, c)
	constAssigned := ""
	for n := range iso.rebindable {
		if consts[n] {
			constAssigned = n
		}
	}
	switch {
	case conf.reason != "":
		iso.mode, iso.reason, iso.dynamicGlobals = resetFresh, "not confined: "+conf.reason, true
	case simple && !conf.functionValues:
		iso.mode = resetRestore
	case constAssigned != "":
		// Replaying needs top-level const compiled as var; an assignment to
		// one must still throw, which only the real binding does.
		iso.mode, iso.reason = resetFresh, "assigns the top-level const "+constAssigned
	case conf.outbound && !inert:
		// A replay runs silently, without outbound requests; a top level
		// that could make them (it runs code) must run in a new runtime to
		// get the same values.
		iso.mode, iso.reason = resetFresh, "the top level runs code and the scripts make outbound requests"
	default:
		iso.mode = resetReplay
		if conf.functionValues {
			iso.reason = "a top-level function object is used as a value"
		} else {
			iso.reason = "the top level builds objects"
		}
	}
	return iso
}

// mayRebind reports whether a call can change the global name.
func (iso *isolation) mayRebind(name string) bool {
	return iso.dynamicGlobals || iso.rebindable[name]
}

// logMode logs, once per pool and only when runtimes are replaced after
// every call, why: that costs about what a new runtime per request costs.
func (iso *isolation) logMode(log *logrus.Entry) {
	if iso.mode != resetFresh || log == nil {
		return
	}
	iso.modeOnce.Do(func() {
		log.WithField("reason", iso.reason).Info("isolated state: each call gets a newly loaded runtime, " +
			"because the scripts could not be shown to leave no state behind (see README, How isolation works)")
	})
}

// logReloadFailure logs, once per script, that the top level threw when it
// was run again to reset a runtime.
func (iso *isolation) logReloadFailure(log *logrus.Entry, err error) {
	script := ""
	var le *LoadError
	if errors.As(err, &le) {
		script = le.Script
	}
	iso.mu.Lock()
	seen := iso.logged[script]
	iso.logged[script] = true
	iso.mu.Unlock()
	if seen || log == nil {
		return
	}
	log.WithError(err).WithField("script", script).WithField("reset", iso.mode.String()).Error(
		"isolated state: re-running the top level to reset a runtime failed; the runtime is destroyed and " +
			"the next call gets a newly loaded one (or, if loading fails again, a 500 error). " +
			"Logged once per script.")
}
