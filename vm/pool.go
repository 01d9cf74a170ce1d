package vm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Pool is a bounded set of warm runtimes for one API definition. Scripts are
// compiled once and shared; runtimes are created ahead of demand up to
// Prewarm, on demand up to MaxRuntimes, reset and reused after each call, and
// destroyed when a call left them unusable.
type Pool struct {
	cfg      PoolConfig
	programs []program
	globals  scriptGlobals

	// tokens holds one entry per runtime in use (or being created): a
	// semaphore of size MaxRuntimes.
	tokens  chan struct{}
	closing chan struct{}
	refill  chan struct{}
	done    chan struct{}

	mu   sync.Mutex
	idle []*Runtime

	closeOnce sync.Once
	stats     poolCounters
}

type poolCounters struct {
	created, destroyed, calls, timeouts atomic.Int64
	live                                atomic.Int64
}

// Stats is a snapshot of a pool's counters.
type Stats struct {
	Live      int64 // runtimes that exist now (idle or in use)
	Idle      int   // runtimes ready for a call
	Created   int64 // runtimes created since the pool started
	Destroyed int64 // runtimes destroyed since the pool started
	Calls     int64 // calls run
	Timeouts  int64 // calls that hit their deadline
}

// NewPool compiles the scripts, creates the first runtime (so a script that
// fails at load time fails here) and starts filling up to Prewarm in the
// background.
func NewPool(cfg PoolConfig) (*Pool, error) {
	cfg.Limits = cfg.Limits.WithDefaults()
	if cfg.MaxUses == 0 {
		cfg.MaxUses = DefaultMaxUses
	}
	if cfg.Host == nil {
		cfg.Host = &Host{}
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("pool %s: %w", cfg.Name, err)
	}
	if cfg.RawLogger == nil {
		cfg.RawLogger = cfg.Logger.Logger
	}
	programs, err := compileScripts(cfg.Scripts, cfg.State)
	if err != nil {
		return nil, fmt.Errorf("pool %s: %w", cfg.Name, err)
	}
	p := &Pool{
		cfg:      cfg,
		programs: programs,
		globals:  mergeGlobals(programs),
		tokens:   make(chan struct{}, cfg.MaxRuntimes),
		closing:  make(chan struct{}),
		refill:   make(chan struct{}, 1),
		done:     make(chan struct{}),
	}
	first, err := p.create()
	if err != nil {
		return nil, fmt.Errorf("pool %s: %w", cfg.Name, err)
	}
	p.idle = append(p.idle, first)
	go p.fill()
	p.wakeFiller()
	return p, nil
}

// Acquire returns a runtime for the caller's exclusive use, waiting until one
// is free, ctx ends or AcquireTimeout passes. Every runtime acquired must be
// given back with Release (or Destroy).
func (p *Pool) Acquire(ctx context.Context) (*Runtime, error) {
	select {
	case <-p.closing:
		return nil, ErrClosed
	default:
	}
	select {
	case p.tokens <- struct{}{}:
	default:
		if err := p.wait(ctx); err != nil {
			return nil, err
		}
	}
	if rt := p.popIdle(); rt != nil {
		return rt, nil
	}
	rt, err := p.create()
	if err != nil {
		<-p.tokens
		return nil, err
	}
	return rt, nil
}

// wait blocks for a token in the slow path.
func (p *Pool) wait(ctx context.Context) error {
	timer := time.NewTimer(p.cfg.AcquireTimeout)
	defer timer.Stop()
	select {
	case p.tokens <- struct{}{}:
		return nil
	case <-p.closing:
		return ErrClosed
	case <-ctx.Done():
		return fmt.Errorf("%w: %v", ErrPoolExhausted, ctx.Err())
	case <-timer.C:
		return fmt.Errorf("%w: waited %s", ErrPoolExhausted, p.cfg.AcquireTimeout)
	}
}

// Release gives a runtime back. A healthy runtime is reset (isolated mode)
// and kept; a broken or worn-out one is destroyed and replaced in the
// background.
func (p *Pool) Release(rt *Runtime) {
	if rt.broken == nil && rt.uses >= p.cfg.MaxUses {
		rt.broken = errors.New("retired after max uses")
	}
	if rt.broken == nil && p.cfg.State == StateIsolated {
		if err := rt.reset(); err != nil {
			rt.broken = err
		}
	}
	if rt.broken != nil {
		p.Destroy(rt)
		return
	}
	p.mu.Lock()
	p.idle = append(p.idle, rt)
	p.mu.Unlock()
	<-p.tokens
}

// Destroy discards an acquired runtime instead of returning it.
func (p *Pool) Destroy(rt *Runtime) {
	rt.vm.Interrupt(ErrClosed) // stops anything still running in it
	rt.pool = nil
	p.stats.destroyed.Add(1)
	p.stats.live.Add(-1)
	<-p.tokens
	p.wakeFiller()
}

// Call acquires a runtime, runs c and releases the runtime.
func (p *Pool) Call(ctx context.Context, c *Call) (*Response, error) {
	rt, err := p.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	p.stats.calls.Add(1)
	resp, err := rt.Call(ctx, c)
	if errors.Is(err, ErrTimeout) {
		p.stats.timeouts.Add(1)
	}
	p.Release(rt)
	return resp, err
}

// Stats returns the pool's counters.
func (p *Pool) Stats() Stats {
	p.mu.Lock()
	idle := len(p.idle)
	p.mu.Unlock()
	return Stats{
		Live: p.stats.live.Load(), Idle: idle,
		Created: p.stats.created.Load(), Destroyed: p.stats.destroyed.Load(),
		Calls: p.stats.calls.Load(), Timeouts: p.stats.timeouts.Load(),
	}
}

// Close stops new acquisitions, waits for in-flight calls to give their
// runtimes back (each is bounded by its own deadline) and drops every
// runtime. It is safe to call more than once and from several goroutines.
func (p *Pool) Close() error {
	p.closeOnce.Do(func() {
		close(p.closing)
		<-p.done // the filler has stopped and holds no token
		for i := 0; i < cap(p.tokens); i++ {
			p.tokens <- struct{}{}
		}
		p.mu.Lock()
		n := len(p.idle)
		p.idle = nil
		p.mu.Unlock()
		p.stats.destroyed.Add(int64(n))
		p.stats.live.Add(-int64(n))
	})
	return nil
}

func (p *Pool) popIdle() *Runtime {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.idle)
	if n == 0 {
		return nil
	}
	rt := p.idle[n-1]
	p.idle[n-1] = nil
	p.idle = p.idle[:n-1]
	return rt
}

func (p *Pool) create() (*Runtime, error) {
	rt, err := newRuntime(p)
	if err != nil {
		return nil, err
	}
	p.stats.created.Add(1)
	p.stats.live.Add(1)
	return rt, nil
}

func (p *Pool) wakeFiller() {
	select {
	case p.refill <- struct{}{}:
	default:
	}
}

// fill keeps Prewarm runtimes ready until the pool closes.
func (p *Pool) fill() {
	defer close(p.done)
	for {
		select {
		case <-p.closing:
			return
		case <-p.refill:
			for p.needsRuntime() && p.addIdle() {
			}
		}
	}
}

// addIdle creates one runtime ahead of demand. It holds a token while
// creating, so the pool never exceeds MaxRuntimes; it reports false when no
// slot is free (a release wakes the filler again) or creation failed.
func (p *Pool) addIdle() bool {
	select {
	case p.tokens <- struct{}{}:
	default:
		return false
	}
	defer func() { <-p.tokens }()
	rt, err := p.create()
	if err != nil {
		p.cfg.Logger.WithError(err).Error("creating a runtime ahead of demand")
		return false
	}
	p.mu.Lock()
	p.idle = append(p.idle, rt)
	p.mu.Unlock()
	return true
}

func (p *Pool) needsRuntime() bool {
	select {
	case <-p.closing:
		return false
	default:
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle) < p.cfg.Prewarm && int(p.stats.live.Load()) < p.cfg.MaxRuntimes
}
