package vm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/eventloop"
	"github.com/tyk-ve/tyk-ve/vm/fetch"
	"github.com/tyk-ve/tyk-ve/vm/hostobj"
	"github.com/tyk-ve/tyk-ve/vm/isolation"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// loadTimeout bounds running the scripts' top-level code into a runtime.
const loadTimeout = 5 * time.Second

// Runtime is one goja runtime with the JavaScript API and the pool's scripts
// loaded. A Runtime is used by one goroutine at a time: the one that acquired
// it from its Pool.
type Runtime struct {
	pool *Pool
	jsState

	// callCtx is the running call's context; watch interrupts the call
	// when it ends.
	callCtx context.Context
	watch   *watchdog

	// call is the running call as other goroutines see it; idleSince is
	// when the runtime was last put back (for idle retirement). Other
	// goroutines (the heap guard) read call: it is never copied or
	// replaced.
	call      callState
	idleSince time.Time

	uses   int
	broken error // non-nil: destroy instead of reuse

	// stack is goja's value stack, kept between calls (see stack.go).
	stack valueStack
	// callArgs holds the running call's arguments (see invoke).
	callArgs [3]goja.Value
}

// jsState is everything a runtime made inside its goja runtime; a
// rebuild between calls replaces it whole.
type jsState struct {
	vm  *goja.Runtime
	env *tykapi.State // what the Tyk API reads per call
	// loop runs each call: async handlers, timers, callbacks of Go work.
	loop *eventloop.Loop
	// fetch is the runtime's fetch binding (Workers-style calls, EndCall).
	fetch *fetch.Binding

	// platform holds the Tyk API's global bindings, restored when a call
	// reassigns or deletes them.
	platform map[string]goja.Value
	// declared holds the scripts' top-level bindings as loaded; candidates
	// are names a call could create an implicit global under; watched are
	// the declared and API names a call can rebind (assigned or deleted
	// somewhere, or every one when the scripts reach globals dynamically).
	declared   map[string]goja.Value
	candidates []string
	watched    map[string]goja.Value
	// functions caches handler lookups (see function).
	functions map[string]cachedFunction
	// args keeps the config and session objects for reuse by the next call;
	// objectProto is the Object.prototype their nodes must keep.
	args        hostobj.ArgCache
	objectProto *goja.Object
}

// cachedFunction is a handler looked up once: the global's value and the
// callable made from it.
type cachedFunction struct {
	value goja.Value
	fn    goja.Callable
}

func newRuntime(p *Pool) (*Runtime, error) { return buildRuntime(p, false) }

// buildRuntime makes a runtime with the API installed and the scripts
// loaded; quietLogs silences log/rawlog while the top level runs (for a
// runtime replacing another one between calls).
func buildRuntime(p *Pool, quietLogs bool) (*Runtime, error) {
	r := &Runtime{pool: p, jsState: jsState{vm: goja.New(), functions: make(map[string]cachedFunction)}}
	r.vm.SetMaxCallStackSize(p.cfg.Limits.MaxStackDepth)
	r.objectProto = r.vm.NewObject().Prototype()
	r.watch = newWatchdog(func(err error) { r.vm.Interrupt(err) })
	env, plat, err := installAPI(r.vm, tykapi.Env{Log: p.cfg.Logger, RawLog: p.cfg.RawLogger,
		Host: p.cfg.Host, Limits: p.cfg.Limits, ResponseUnobserved: p.globals.responseUnobserved}, p.globals.areas)
	if err != nil {
		return nil, fmt.Errorf("installing the JavaScript API: %w", err)
	}
	r.env, r.loop, r.fetch = env, plat.loop, plat.fetch
	r.platform = r.snapshotGlobals()
	r.env.Mute(quietLogs)
	err = r.runScripts(false)
	r.env.Mute(false)
	if err != nil {
		return nil, err
	}
	r.snapshotScripts()
	return r, nil
}

// snapshotGlobals records the API's globals as installed (those of the
// pool's areas).
func (r *Runtime) snapshotGlobals() map[string]goja.Value {
	g := r.vm.GlobalObject()
	api := r.pool.globals.api
	snap := make(map[string]goja.Value, len(api))
	for _, n := range api {
		snap[n] = g.Get(n)
	}
	return snap
}

// runScripts runs every compiled script's top-level code, bounded by
// loadTimeout. quiet silences log/rawlog (used when re-running between calls).
func (r *Runtime) runScripts(quiet bool) (err error) {
	ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { r.vm.Interrupt(ErrTimeout) })
	r.env.Load(ctx, quiet)
	defer func() {
		if !stop() {
			r.broken = ErrTimeout
		}
		r.env.End()
		if p := recover(); p != nil {
			err = fmt.Errorf("panic while loading scripts: %v", p)
		}
	}()
	for _, p := range r.pool.programs {
		if _, err := r.vm.RunProgram(p.prg); err != nil {
			return &LoadError{Script: p.name, Err: classify(err)}
		}
	}
	return nil
}

// snapshotScripts records the scripts' top-level bindings after loading,
// the names implicit globals can appear under, and which bindings a call
// could rebind. Bindings are read with Runtime.Get, which sees
// top-level let/const/class bindings as well as properties of the global
// object.
func (r *Runtime) snapshotScripts() {
	info := r.pool.globals
	r.declared = make(map[string]goja.Value, len(info.declared))
	r.watched = make(map[string]goja.Value)
	r.candidates = r.candidates[:0]
	for _, n := range info.declared {
		v := r.vm.Get(n)
		r.declared[n] = v
		if info.plan.MayRebind(n) {
			r.watched[n] = v
		}
	}
	for n, v := range r.platform {
		if _, shadowed := r.declared[n]; !shadowed && info.plan.MayRebind(n) {
			r.watched[n] = v
		}
	}
	// Implicit globals: every name assigned without a declaration, also one
	// the top level itself creates (a replay must find it absent, as a new
	// runtime does). Confined scripts cannot assign a built-in.
	for _, n := range info.assigned {
		_, isDeclared := r.declared[n]
		_, isPlatform := r.platform[n]
		if !isDeclared && !isPlatform {
			r.candidates = append(r.candidates, n)
		}
	}
}

// reset gives the next call the state of a new runtime, in isolated mode.
// How was decided when the scripts were compiled (isolation.Decide):
//   - restore: the scripts are confined (confine.go: no call can change a
//     built-in, an API object or a top-level function object) and their
//     top level only declares functions and primitives. Implicit globals a
//     call created are deleted and the globals a call can rebind by name
//     (the analysis lists them) are put back;
//   - replay: the scripts are confined but their top level builds objects.
//     The top-level bindings are also cleared and the top-level code runs
//     again (silently), so `var cache = {}` is a new object for each call;
//   - new runtime: the analysis could not show the scripts confined (they
//     reach the global object or a built-in, or use syntax it does not
//     follow). The goja runtime is replaced by a newly loaded one.
//
// A top level that throws (or times out) when it runs again makes reset
// fail: the pool destroys the runtime. That is logged once per script.
func (r *Runtime) reset() error {
	plan := r.pool.globals.plan
	plan.LogMode(r.pool.cfg.Logger)
	err := r.resetState(plan.Mode)
	if err != nil {
		script := ""
		var le *LoadError
		if errors.As(err, &le) {
			script = le.Script
		}
		plan.LogReloadFailure(r.pool.cfg.Logger, script, err)
	}
	return err
}

func (r *Runtime) resetState(mode isolation.Mode) error {
	if mode == isolation.Fresh {
		return r.rebuild()
	}
	g := r.vm.GlobalObject()
	for _, n := range r.candidates {
		if g.Get(n) != nil {
			deleteGlobal(g, n)
		}
	}
	if mode == isolation.Restore {
		return r.restore(r.watched)
	}
	for n := range r.declared {
		if err := r.vm.Set(n, goja.Undefined()); err != nil {
			return fmt.Errorf("clearing %s: %w", n, err)
		}
	}
	if err := r.restore(r.platform); err != nil {
		return err
	}
	clear(r.functions)
	return r.runScripts(true)
}

// rebuild replaces the goja runtime (and everything made in it) with a new
// one with the scripts loaded; the call state, the use count and the
// interrupt hook bound to r stay.
func (r *Runtime) rebuild() error {
	fresh, err := buildRuntime(r.pool, true)
	if err != nil {
		return err
	}
	r.jsState = fresh.jsState
	return nil
}

// restore puts back every binding in want that a call changed; cached
// function handles are dropped if any was.
func (r *Runtime) restore(want map[string]goja.Value) error {
	for n, orig := range want {
		if v := r.vm.Get(n); v == nil || !v.SameAs(orig) {
			if err := r.vm.Set(n, orig); err != nil {
				return fmt.Errorf("restoring %s: %w", n, err)
			}
			clear(r.functions)
		}
	}
	return nil
}

// deleteGlobal removes a global, or sets it to undefined when it cannot be
// deleted (a var binding).
func deleteGlobal(g *goja.Object, n string) {
	if g.Delete(n) != nil || g.Get(n) != nil {
		_ = g.Set(n, goja.Undefined())
	}
}

// function returns the named global function. The lookup is cached; a
// global the scripts can rebind (state: shared keeps what a call did) is
// read again on every call and the cache used only while it still holds
// the same function.
func (r *Runtime) function(name string) (goja.Callable, error) {
	c, ok := r.functions[name]
	if ok && !r.pool.globals.plan.MayRebind(name) {
		return c.fn, nil
	}
	v := r.vm.Get(name)
	if ok && v != nil && v.SameAs(c.value) {
		return c.fn, nil
	}
	fn, isFunction := goja.AssertFunction(v)
	if !isFunction {
		delete(r.functions, name)
		return nil, fmt.Errorf("%w: %q", ErrFunctionNotFound, name)
	}
	r.functions[name] = cachedFunction{value: v, fn: fn}
	return fn, nil
}

// endFetches ends the call's fetches (fetch.Binding.EndCall) and returns
// the time they kept it waiting; 0 in a runtime without fetch.
func (r *Runtime) endFetches() time.Duration {
	if r.fetch == nil {
		return 0
	}
	return r.fetch.EndCall()
}

// classify turns a goja error into one of this package's errors.
func classify(err error) error {
	var interrupted *goja.InterruptedError
	var overflow *goja.StackOverflowError
	var ex *goja.Exception
	switch {
	case errors.As(err, &interrupted):
		if inner, ok := interrupted.Value().(error); ok {
			return inner
		}
		return ErrTimeout
	case errors.As(err, &overflow):
		return ErrStackOverflow
	case errors.As(err, &ex):
		return newScriptError(ex)
	}
	return err
}

// exceptionText converts a thrown value for the log. The conversion runs
// the value's own toString, which may throw in turn: that must not escape
// as a Go panic outside the runtime.
func exceptionText(convert func() string) (s string) {
	defer func() {
		if p := recover(); p != nil {
			s = "(a thrown value whose conversion to a string failed)"
		}
	}()
	return convert()
}
