package vm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/lograte"
	"github.com/tyk-ve/tyk-ve/vm/isolation"
)

// Pool is a bounded set of warm runtimes for one API definition. Scripts are
// compiled once and shared; runtimes are created ahead of demand up to
// Prewarm, on demand up to MaxRuntimes while the node's Budget allows, reset
// and reused after each call, destroyed when a call left them unusable, and
// retired when they stayed idle for IdleTimeout above Prewarm.
type Pool struct {
	cfg      PoolConfig
	programs []program
	globals  poolGlobals

	closing chan struct{}
	refill  chan struct{}
	done    chan struct{}

	mu       sync.Mutex
	idle     []*Runtime // oldest first; Acquire takes the newest
	runtimes map[*Runtime]struct{}
	waiters  []chan grant  // Acquire calls waiting, oldest first
	live     int           // runtimes that exist or are being created
	inUse    int           // runtimes handed out by Acquire (or granted)
	closed   bool          // no more acquisitions
	drained  chan struct{} // closed when inUse drops to 0 after Close

	closeOnce sync.Once
	stats     poolCounters
	// destroyLog rate-limits the line logged for each destroyed runtime.
	destroyLog lograte.Limiter
}

type poolCounters struct {
	created, destroyed, retired, calls, timeouts atomic.Int64
	// waits and resets, with the nanoseconds they took, and destroyed
	// runtimes by reason (see poolstats.go)
	waits, waitNanos, resets, resetNanos atomic.Int64
	replaced                             [numReplaceReasons]atomic.Int64
}

// Stats is a snapshot of a pool's counters.
type Stats struct {
	Live      int64 // runtimes that exist now (idle, in use or being created)
	Idle      int   // runtimes ready for a call
	InUse     int   // runtimes running a call
	Created   int64 // runtimes created since the pool started
	Destroyed int64 // runtimes destroyed since the pool started (retired included)
	Retired   int64 // idle runtimes retired after IdleTimeout
	Max       int   // MaxRuntimes
	Calls     int64 // calls run
	Timeouts  int64 // calls that hit their deadline

	// Waits counts Acquire calls that found no idle runtime and no room
	// to create one and waited (successfully or not); WaitTime is their
	// total wait.
	Waits    int64
	WaitTime time.Duration
	// Resets counts isolation resets between calls; ResetTime is their
	// total duration (a replay or new runtime runs in the background).
	Resets    int64
	ResetTime time.Duration
	// Replaced counts runtimes destroyed (and replaced on demand) after
	// a call, by reason.
	Replaced Replacements
	// Isolation is how runtimes are reset between calls: "restore",
	// "replay", "new runtime", or "" when the pool keeps state (shared).
	Isolation string
}

// NewPool compiles the scripts, creates the first runtime (so a script that
// fails at load time fails here) and starts filling up to Prewarm in the
// background.
func NewPool(cfg PoolConfig) (*Pool, error) {
	cfg = cfg.withDefaults()
	if cfg.Host == nil {
		cfg.Host = &Host{}
	}
	if err := errors.Join(cfg.Validate(), cfg.Host.Validate()); err != nil {
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
		closing:  make(chan struct{}),
		refill:   make(chan struct{}, 1),
		done:     make(chan struct{}),
		drained:  make(chan struct{}),
		runtimes: make(map[*Runtime]struct{}),
	}
	p.growLocked() // the first runtime is always allowed
	first, err := p.create()
	if err != nil {
		p.shrinkLocked(1)
		return nil, fmt.Errorf("pool %s: %w", cfg.Name, err)
	}
	p.idle = append(p.idle, first)
	go p.fill()
	p.wakeFiller()
	return p, nil
}

// grant is what a waiting Acquire receives: a runtime released by another
// call, or a free slot to create one in.
type grant struct {
	rt     *Runtime
	create bool
}

// Acquire returns a runtime for the caller's exclusive use: an idle one, a
// new one while the pool is below MaxRuntimes and the node's Budget has room,
// or — first come, first served — the next one released, until ctx ends or
// AcquireTimeout passes, whichever is sooner. Every runtime acquired must be
// given back with Release (or Destroy).
func (p *Pool) Acquire(ctx context.Context) (*Runtime, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	if n := len(p.idle); n > 0 {
		rt := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		p.inUse++
		p.mu.Unlock()
		return rt, nil
	}
	if p.growLocked() {
		p.inUse++
		p.mu.Unlock()
		return p.createGranted()
	}
	w := make(chan grant, 1)
	p.waiters = append(p.waiters, w)
	p.mu.Unlock()
	defer p.countWait(time.Now())
	return p.wait(ctx, w)
}

// wait blocks until a grant arrives or the deadline passes.
func (p *Pool) wait(ctx context.Context, w chan grant) (*Runtime, error) {
	timer := time.NewTimer(p.cfg.AcquireTimeout)
	defer timer.Stop()
	var err error
	select {
	case g := <-w:
		return p.take(g)
	case <-ctx.Done():
		err = fmt.Errorf("%w: %v", ErrPoolExhausted, ctx.Err())
	case <-timer.C:
		err = fmt.Errorf("%w: waited %s", ErrPoolExhausted, p.cfg.AcquireTimeout)
	case <-p.closing:
		err = ErrClosed
	}
	p.mu.Lock()
	if p.removeWaiterLocked(w) {
		p.mu.Unlock()
		return nil, err
	}
	p.mu.Unlock()
	// A grant was sent before we gave up: pass it on.
	p.giveBack(<-w)
	return nil, err
}

// take turns a grant into a runtime.
func (p *Pool) take(g grant) (*Runtime, error) {
	if g.create {
		return p.createGranted()
	}
	return g.rt, nil
}

// createGranted creates a runtime in a slot already counted in live and
// inUse; on failure the slot goes to the next waiter.
func (p *Pool) createGranted() (*Runtime, error) {
	rt, err := p.create()
	if err != nil {
		p.freeSlot()
		return nil, err
	}
	return rt, nil
}

// giveBack returns a grant the receiver could not use.
func (p *Pool) giveBack(g grant) {
	if g.create {
		p.freeSlot()
		return
	}
	p.mu.Lock()
	p.putLocked(g.rt)
	p.mu.Unlock()
}

// freeSlot releases a reserved slot: to the oldest waiter (who creates a
// runtime in it) or back to the pool.
func (p *Pool) freeSlot() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w := p.popWaiterLocked(); w != nil {
		w <- grant{create: true}
		return
	}
	p.shrinkLocked(1)
	p.inUse--
	p.checkDrainedLocked()
}

// putLocked hands a healthy runtime to the oldest waiter, or makes it idle.
func (p *Pool) putLocked(rt *Runtime) {
	if w := p.popWaiterLocked(); w != nil {
		w <- grant{rt: rt}
		return
	}
	p.inUse--
	if p.closed {
		p.dropLocked(rt)
		p.stats.destroyed.Add(1)
		p.checkDrainedLocked()
		return
	}
	rt.idleSince = time.Now()
	p.idle = append(p.idle, rt)
}

// growLocked counts one more runtime if MaxRuntimes and the node's budget
// allow it; a pool with no runtime at all may always have one.
func (p *Pool) growLocked() bool {
	if p.live >= p.cfg.MaxRuntimes {
		return false
	}
	if p.live == 0 {
		p.cfg.Budget.Force(p.cfg.RuntimeMemory)
	} else if !p.cfg.Budget.Reserve(p.cfg.RuntimeMemory) {
		return false
	}
	p.live++
	return true
}

// shrinkLocked uncounts n runtimes and gives their memory back.
func (p *Pool) shrinkLocked(n int) {
	p.live -= n
	p.cfg.Budget.Release(int64(n) * p.cfg.RuntimeMemory)
}

// dropLocked forgets a runtime that will not be used again.
func (p *Pool) dropLocked(rt *Runtime) {
	delete(p.runtimes, rt)
	p.shrinkLocked(1)
}

func (p *Pool) popWaiterLocked() chan grant {
	if len(p.waiters) == 0 {
		return nil
	}
	w := p.waiters[0]
	p.waiters[0] = nil
	p.waiters = p.waiters[1:]
	return w
}

func (p *Pool) removeWaiterLocked(w chan grant) bool {
	for i, x := range p.waiters {
		if x == w {
			p.waiters = append(p.waiters[:i], p.waiters[i+1:]...)
			return true
		}
	}
	return false
}

func (p *Pool) checkDrainedLocked() {
	if p.closed && p.inUse == 0 {
		select {
		case <-p.drained:
		default:
			close(p.drained)
		}
	}
}

// Release gives a runtime back. A healthy runtime is reset (isolated mode)
// and handed to the oldest waiting call or kept; a broken or worn-out one is
// destroyed and replaced.
//
// A reset that replays the top level or rebuilds the runtime runs in the
// background, off the response path of the call that just finished; the
// runtime rejoins the pool (or a waiting call) when it is done.
func (p *Pool) Release(rt *Runtime) {
	if rt.broken == nil && p.cfg.State == StateIsolated && p.globals.plan.Mode != isolation.Restore {
		go p.release(rt)
		return
	}
	p.release(rt)
}

func (p *Pool) release(rt *Runtime) {
	if rt.broken == nil && rt.uses >= p.cfg.MaxUses {
		rt.broken = errMaxUses
	}
	if rt.broken == nil && p.cfg.State == StateIsolated {
		if err := p.timedReset(rt); err != nil {
			rt.broken = err
		}
	}
	if rt.broken != nil {
		p.Destroy(rt)
		return
	}
	p.mu.Lock()
	p.putLocked(rt)
	p.mu.Unlock()
}

// Destroy discards an acquired runtime instead of returning it; its slot
// goes to the oldest waiting call, or the filler replaces it.
func (p *Pool) Destroy(rt *Runtime) {
	rt.vm.Interrupt(ErrClosed) // stops anything still running in it
	p.stats.destroyed.Add(1)
	p.stats.replaced[reasonOf(rt.broken)].Add(1)
	p.logDestroyed(rt)
	p.mu.Lock()
	delete(p.runtimes, rt)
	p.mu.Unlock()
	p.freeSlot()
	p.wakeFiller()
}

// logDestroyed says why a runtime was destroyed, once a second at most, with
// the number of others destroyed since the last line.
func (p *Pool) logDestroyed(rt *Runtime) {
	if !p.destroyLog.Allow() {
		return
	}
	reason := "discarded by its caller"
	if rt.broken != nil {
		reason = rt.broken.Error()
	}
	p.cfg.Logger.WithFields(logrus.Fields{"function": rt.call.function, "reason": reason,
		"uses": rt.uses, "also_destroyed": p.destroyLog.Suppressed()}).
		Info("tyk-ve: runtime destroyed and replaced")
}

// Call acquires a runtime, runs c and releases the runtime.
func (p *Pool) Call(ctx context.Context, c *Call) (*Response, error) {
	rt, err := p.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	return p.Run(ctx, rt, c)
}

// Run runs c on rt, acquired from this pool, and releases rt.
func (p *Pool) Run(ctx context.Context, rt *Runtime, c *Call) (*Response, error) {
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
	live, idle, inUse := p.live, len(p.idle), p.inUse
	p.mu.Unlock()
	return Stats{
		Live: int64(live), Idle: idle, InUse: inUse, Max: p.cfg.MaxRuntimes,
		Created: p.stats.created.Load(), Destroyed: p.stats.destroyed.Load(),
		Retired: p.stats.retired.Load(),
		Calls:   p.stats.calls.Load(), Timeouts: p.stats.timeouts.Load(),
		Waits: p.stats.waits.Load(), WaitTime: time.Duration(p.stats.waitNanos.Load()),
		Resets: p.stats.resets.Load(), ResetTime: time.Duration(p.stats.resetNanos.Load()),
		Replaced: p.replacements(), Isolation: p.isolationName(),
	}
}

// Close stops new acquisitions, waits for in-flight calls to give their
// runtimes back (each is bounded by its own deadline) and drops every
// runtime. It is safe to call more than once and from several goroutines.
func (p *Pool) Close() error {
	p.closeOnce.Do(func() {
		p.mu.Lock()
		p.closed = true
		n := len(p.idle)
		for _, rt := range p.idle {
			delete(p.runtimes, rt)
		}
		p.idle = nil
		p.shrinkLocked(n)
		p.checkDrainedLocked()
		p.mu.Unlock()
		p.stats.destroyed.Add(int64(n))
		close(p.closing) // waiters give up with ErrClosed
		<-p.done         // the filler has stopped
		<-p.drained
	})
	return nil
}

// create makes a runtime in a slot already counted in live.
func (p *Pool) create() (*Runtime, error) {
	rt, err := newRuntime(p)
	if err != nil {
		return nil, err
	}
	p.stats.created.Add(1)
	p.mu.Lock()
	p.runtimes[rt] = struct{}{}
	p.mu.Unlock()
	return rt, nil
}

func (p *Pool) wakeFiller() {
	select {
	case p.refill <- struct{}{}:
	default:
	}
}

// fill keeps Prewarm runtimes ready and retires idle ones above Prewarm
// until the pool closes.
func (p *Pool) fill() {
	defer close(p.done)
	retire := time.NewTicker(max(p.cfg.IdleTimeout/2, 10*time.Millisecond))
	defer retire.Stop()
	for {
		select {
		case <-p.closing:
			return
		case <-p.refill:
			for p.addIdle() {
			}
		case now := <-retire.C:
			p.retireIdle(now)
		}
	}
}

// retireIdle drops the runtimes above Prewarm that have been idle for
// IdleTimeout, oldest first, giving their memory back to the budgets.
func (p *Pool) retireIdle(now time.Time) {
	cutoff := now.Add(-p.cfg.IdleTimeout)
	p.mu.Lock()
	n := 0
	for len(p.idle)-n > p.cfg.Prewarm && p.idle[n].idleSince.Before(cutoff) {
		delete(p.runtimes, p.idle[n])
		p.idle[n] = nil
		n++
	}
	if n > 0 {
		p.idle = append(p.idle[:0], p.idle[n:]...)
		p.shrinkLocked(n)
	}
	p.mu.Unlock()
	p.stats.retired.Add(int64(n))
	p.stats.destroyed.Add(int64(n))
}

// addIdle creates one runtime ahead of demand if the pool is below Prewarm
// idle runtimes and below MaxRuntimes; it reports whether it did.
func (p *Pool) addIdle() bool {
	p.mu.Lock()
	if p.closed || len(p.idle) >= p.cfg.Prewarm || !p.growLocked() {
		p.mu.Unlock()
		return false
	}
	p.inUse++ // counted as in use until it is put
	p.mu.Unlock()
	rt, err := p.create()
	if err != nil {
		p.freeSlot()
		p.cfg.Logger.WithError(err).Error("creating a runtime ahead of demand")
		return false
	}
	p.mu.Lock()
	p.putLocked(rt)
	p.mu.Unlock()
	return true
}
