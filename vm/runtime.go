package vm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dop251/goja"
)

// loadTimeout bounds running the scripts' top-level code into a runtime.
const loadTimeout = 5 * time.Second

// Runtime is one goja runtime with the JavaScript API and the pool's scripts
// loaded. A Runtime is used by one goroutine at a time: the one that acquired
// it from its Pool.
type Runtime struct {
	pool *Pool
	vm   *goja.Runtime
	env  *callEnv

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
	// functions caches handler lookups until the next reset.
	functions map[string]goja.Callable
	// args keeps the config and session objects for reuse by the next call;
	// objectProto is the Object.prototype their nodes must keep.
	args        argCache
	objectProto *goja.Object
	// callCtx is the running call's context; interruptCall, bound once,
	// interrupts the call when it ends.
	callCtx       context.Context
	interruptCall func()

	uses   int
	broken error // non-nil: destroy instead of reuse
}

func newRuntime(p *Pool) (*Runtime, error) {
	r := &Runtime{
		pool:      p,
		vm:        goja.New(),
		functions: make(map[string]goja.Callable),
	}
	r.env = &callEnv{ctx: context.Background(), log: p.cfg.Logger, rawLog: p.cfg.RawLogger,
		host: p.cfg.Host, limits: p.cfg.Limits}
	r.vm.SetMaxCallStackSize(p.cfg.Limits.MaxStackDepth)
	r.objectProto = r.vm.NewObject().Prototype()
	r.interruptCall = r.interruptCallNow
	for _, install := range apiAreas {
		if err := install(r.vm, r.env); err != nil {
			return nil, fmt.Errorf("installing the JavaScript API: %w", err)
		}
	}
	r.platform = r.snapshotGlobals()
	if err := r.runScripts(false); err != nil {
		return nil, err
	}
	r.snapshotScripts()
	return r, nil
}

// snapshotGlobals records the Tyk API's globals as installed.
func (r *Runtime) snapshotGlobals() map[string]goja.Value {
	g := r.vm.GlobalObject()
	snap := make(map[string]goja.Value, len(apiGlobals))
	for _, n := range apiGlobals {
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
	r.env.ctx, r.env.loading = ctx, quiet
	defer func() {
		if !stop() {
			r.broken = ErrTimeout
		}
		r.env.reset()
		r.env.loading = false
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
// which assigned names do not exist as globals yet, and which bindings a
// call could rebind.
func (r *Runtime) snapshotScripts() {
	g := r.vm.GlobalObject()
	info := r.pool.globals
	assigned := make(map[string]bool, len(info.assigned))
	for _, n := range info.assigned {
		assigned[n] = true
	}
	r.declared = make(map[string]goja.Value, len(info.declared))
	r.watched = make(map[string]goja.Value)
	for _, n := range info.declared {
		v := g.Get(n)
		r.declared[n] = v
		if assigned[n] || info.dynamic {
			r.watched[n] = v
		}
	}
	for n, v := range r.platform {
		if _, shadowed := r.declared[n]; !shadowed && (assigned[n] || info.dynamic) {
			r.watched[n] = v
		}
	}
	for _, n := range info.assigned {
		if _, isDeclared := r.declared[n]; !isDeclared && g.Get(n) == nil {
			r.candidates = append(r.candidates, n)
		}
	}
}

// reset restores the fresh top-level state after a call in isolated mode.
// What a call can change was found when the scripts were compiled
// (analyzeGlobals), so no global enumeration is needed in the common case:
//   - Tyk API functions a call reassigned or deleted are put back;
//   - implicit globals (assignments to undeclared names) are deleted; when
//     a script can reach the global object dynamically (this, globalThis,
//     eval, …) every enumerable global is checked instead;
//   - top-level bindings go back to their loaded values when the scripts
//     only declare functions and primitives; otherwise they are cleared and
//     the scripts' top-level code runs again, so `var cache = {}` is a new
//     empty object for the next call.
//
// Reassigned built-ins (JSON, Array, …) and changes to built-in prototypes
// are not undone; MaxUses bounds how long they could live.
func (r *Runtime) reset() error {
	g := r.vm.GlobalObject()
	for _, n := range r.candidates {
		if g.Get(n) != nil {
			deleteGlobal(g, n)
		}
	}
	if r.pool.globals.dynamic {
		for _, n := range g.Keys() {
			_, isPlatform := r.platform[n]
			_, isDeclared := r.declared[n]
			if !isPlatform && !isDeclared {
				deleteGlobal(g, n)
			}
		}
	}
	if r.pool.globals.restorable {
		return r.restore(r.watched)
	}
	for n := range r.declared {
		_ = g.Set(n, goja.Undefined())
	}
	if err := r.restore(r.platform); err != nil {
		return err
	}
	clear(r.functions)
	return r.runScripts(true)
}

// restore puts back every binding in want that a call changed; cached
// function handles are dropped if any was.
func (r *Runtime) restore(want map[string]goja.Value) error {
	g := r.vm.GlobalObject()
	for n, orig := range want {
		if v := g.Get(n); v == nil || !v.SameAs(orig) {
			if err := g.Set(n, orig); err != nil {
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

// function returns the named global function, cached until the next reset.
func (r *Runtime) function(name string) (goja.Callable, error) {
	if fn, ok := r.functions[name]; ok {
		return fn, nil
	}
	fn, ok := goja.AssertFunction(r.vm.Get(name))
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrFunctionNotFound, name)
	}
	r.functions[name] = fn
	return fn, nil
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
		return &ScriptError{Message: exceptionText(func() string { return ex.Value().String() }),
			Stack: exceptionText(ex.String)}
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
