package vm

import (
	"context"
	"sync"
	"time"
)

// watchdog interrupts a runtime's call when the call's context ends,
// without registering with the context (context.AfterFunc costs a call
// four allocations and a child map in the parent, and a gateway's
// collector pays for every byte). One timer per runtime looks at the
// running call's context at its deadline and, so that a caller who went
// away is noticed too, at least every cancelPoll while a call runs.
// Calls do not stop the timer: a call that starts while it is set to fire
// in time leaves it as it is, and a timer that fires between calls lapses.
// Under load it fires about once per cancelPoll, not once per call; a
// dropped runtime stays reachable from its timer until it next fires.
type watchdog struct {
	mu    sync.Mutex
	timer *time.Timer
	due   time.Time // when the timer fires; zero when it is not set
	ctx   context.Context
	fired bool // the running call was interrupted

	interrupt func(error)
}

// cancelPoll bounds how long a call runs on after its caller went away
// (the deadline itself is met when it comes).
const cancelPoll = 20 * time.Millisecond

func newWatchdog(interrupt func(error)) *watchdog { return &watchdog{interrupt: interrupt} }

// start watches ctx for the call about to run, as of now.
func (w *watchdog) start(ctx context.Context, now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ctx, w.fired = ctx, false
	if err := stopCause(ctx, now); err != nil {
		w.fired = true
		w.interrupt(err)
		return
	}
	w.arm(ctx, now)
}

// arm sets the timer to fire by ctx's next look, unless it already does;
// w.mu is held.
func (w *watchdog) arm(ctx context.Context, now time.Time) {
	next := now.Add(cancelPoll)
	if deadline, ok := ctx.Deadline(); ok && deadline.Before(next) {
		next = deadline
	}
	if !w.due.IsZero() && !w.due.After(next) {
		return // it fires in time
	}
	w.due = next
	if w.timer == nil {
		w.timer = time.AfterFunc(next.Sub(now), w.tick)
		return
	}
	w.timer.Reset(next.Sub(now))
}

func (w *watchdog) tick() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.due = time.Time{}
	ctx := w.ctx
	if ctx == nil || w.fired {
		return // no call runs (the timer lapses), or it was stopped
	}
	now := time.Now()
	err := stopCause(ctx, now)
	if err == nil {
		w.arm(ctx, now)
		return
	}
	w.fired = true
	w.interrupt(err)
}

// stopCause is why a call under ctx must stop at now: ctx ended, or its
// deadline passed (the timer may run before the context's own timer has
// cancelled it); nil while it may run on.
func stopCause(ctx context.Context, now time.Time) error {
	if ctx.Err() != nil {
		return ctxErr(ctx)
	}
	if deadline, ok := ctx.Deadline(); ok && !now.Before(deadline) {
		return ErrTimeout
	}
	return nil
}

// stop ends the watch and reports whether the call was interrupted; a
// tick after it does nothing to the runtime.
func (w *watchdog) stop() (interrupted bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ctx = nil
	return w.fired
}
