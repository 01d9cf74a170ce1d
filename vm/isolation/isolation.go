package isolation

import (
	"sync"

	"github.com/dop251/goja/ast"
	"github.com/sirupsen/logrus"
)

// Mode is how a runtime of an isolated pool gets back to the state of
// a new one after a call.
type Mode int

const (
	// Restore puts back the global bindings a call can change (the
	// scripts' top level only declares functions and primitive values,
	// and the scripts are confined).
	Restore Mode = iota
	// Replay also clears the top-level bindings and runs the
	// scripts' top-level code again, so objects it builds are new (the
	// scripts are confined).
	Replay
	// Fresh replaces the goja runtime with a new one with the
	// scripts loaded: the analysis could not show the scripts confined.
	Fresh
)

func (m Mode) String() string {
	switch m {
	case Restore:
		return "restore"
	case Replay:
		return "replay"
	}
	return "new runtime"
}

// Plan is a pool's verdict on its scripts, shared by its runtimes.
type Plan struct {
	// Mode is how runtimes are reset.
	Mode Mode
	// Reason says why the mode is not Restore.
	Reason string
	// rebindable are the globals a call can rebind by name; with
	// dynamicGlobals any global can be rebound.
	rebindable     map[string]bool
	dynamicGlobals bool

	mu     sync.Mutex
	logged map[string]bool // scripts whose failed reload was logged

	modeOnce sync.Once
}

// Decide chooses how runtimes of a pool with these scripts are
// reset between calls.
func Decide(trees []*ast.Program, infos []Script, platform Platform) *Plan {
	iso := &Plan{rebindable: map[string]bool{}, logged: map[string]bool{}}
	simple, inert := true, true
	consts := map[string]bool{}
	for _, g := range infos {
		simple = simple && g.Simple
		inert = inert && g.Inert
		for _, n := range g.Assigned {
			iso.rebindable[n] = true
		}
		for _, n := range g.Consts {
			consts[n] = true
		}
	}
	c, err := builtins(platform)
	if err != nil {
		iso.Mode, iso.Reason, iso.dynamicGlobals = Fresh, err.Error(), true
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
		iso.Mode, iso.Reason, iso.dynamicGlobals = Fresh, "not confined: "+conf.reason, true
	case simple && !conf.functionValues:
		iso.Mode = Restore
	case constAssigned != "":
		// Replaying needs top-level const compiled as var; an assignment to
		// one must still throw, which only the real binding does.
		iso.Mode, iso.Reason = Fresh, "assigns the top-level const "+constAssigned
	case conf.outbound && !inert:
		// A replay runs silently, without outbound requests; a top level
		// that could make them (it runs code) must run in a new runtime to
		// get the same values.
		iso.Mode, iso.Reason = Fresh, "the top level runs code and the scripts make outbound requests"
	default:
		iso.Mode = Replay
		if conf.functionValues {
			iso.Reason = "a top-level function object is used as a value"
		} else {
			iso.Reason = "the top level builds objects"
		}
	}
	return iso
}

// MayRebind reports whether a call can change the global name.
func (iso *Plan) MayRebind(name string) bool {
	return iso.dynamicGlobals || iso.rebindable[name]
}

// LogMode logs, once per pool and only when runtimes are replaced after
// every call, why: that costs about what a new runtime per request costs.
func (iso *Plan) LogMode(log *logrus.Entry) {
	if iso.Mode != Fresh || log == nil {
		return
	}
	iso.modeOnce.Do(func() {
		log.WithField("reason", iso.Reason).Info("isolated state: each call gets a newly loaded runtime, " +
			"because the scripts could not be shown to leave no state behind (see docs/isolation.md)")
	})
}

// LogReloadFailure logs, once per script, that the top level of script
// threw err when it was run again to reset a runtime.
func (iso *Plan) LogReloadFailure(log *logrus.Entry, script string, err error) {
	iso.mu.Lock()
	seen := iso.logged[script]
	iso.logged[script] = true
	iso.mu.Unlock()
	if seen || log == nil {
		return
	}
	log.WithError(err).WithField("script", script).WithField("reset", iso.Mode.String()).Error(
		"isolated state: re-running the top level to reset a runtime failed; the runtime is destroyed and " +
			"the next call gets a newly loaded one (or, if loading fails again, a 500 error). " +
			"Logged once per script.")
}
