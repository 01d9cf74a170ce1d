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

	jsonParse goja.Callable
	// platform holds the global bindings present before the scripts ran
	// (built-ins and the Tyk API), restored when a call reassigns them.
	platform map[string]goja.Value
	// functions caches handler lookups until the next reset.
	functions map[string]goja.Callable
	// configs caches the JSON text of per-API config objects.
	configs map[*ConfigObject]goja.Value

	uses   int
	broken error // non-nil: destroy instead of reuse
}

func newRuntime(p *Pool) (*Runtime, error) {
	r := &Runtime{
		pool:      p,
		vm:        goja.New(),
		functions: make(map[string]goja.Callable),
		configs:   make(map[*ConfigObject]goja.Value),
	}
	r.env = &callEnv{ctx: context.Background(), log: p.cfg.Logger, rawLog: p.cfg.RawLogger,
		host: p.cfg.Host, limits: p.cfg.Limits}
	r.vm.SetMaxCallStackSize(p.cfg.Limits.MaxStackDepth)
	for _, install := range apiAreas {
		if err := install(r.vm, r.env); err != nil {
			return nil, fmt.Errorf("installing the JavaScript API: %w", err)
		}
	}
	parse, ok := goja.AssertFunction(r.vm.Get("JSON").ToObject(r.vm).Get("parse"))
	if !ok {
		return nil, errors.New("JSON.parse is not callable")
	}
	r.jsonParse = parse
	r.platform = r.snapshotGlobals()
	if err := r.runScripts(false); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Runtime) snapshotGlobals() map[string]goja.Value {
	g := r.vm.GlobalObject()
	names := g.GetOwnPropertyNames()
	snap := make(map[string]goja.Value, len(names))
	for _, n := range names {
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

// reset restores the fresh top-level state after a call in isolated mode:
// globals the call created are removed (or set to undefined when they cannot
// be deleted), reassigned built-ins and API functions are put back, and the
// scripts' top-level code runs again.
func (r *Runtime) reset() error {
	g := r.vm.GlobalObject()
	for _, n := range g.GetOwnPropertyNames() {
		orig, isPlatform := r.platform[n]
		if !isPlatform {
			if g.Delete(n) != nil || g.Get(n) != nil {
				_ = g.Set(n, goja.Undefined())
			}
			continue
		}
		if v := g.Get(n); v != orig && (v == nil || !v.SameAs(orig)) {
			_ = g.Set(n, orig)
		}
	}
	for n := range r.functions {
		delete(r.functions, n)
	}
	return r.runScripts(true)
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
		return &ScriptError{Message: ex.Value().String(), Stack: ex.String()}
	}
	return err
}
