package eventloop

import (
	"context"
	"sync"

	"github.com/dop251/goja"
)

// DefaultMaxTimers bounds the timers (setTimeout and setInterval) one call
// may create; SetMaxTimers changes it.
const DefaultMaxTimers = 1000

// Loop is the event loop of one goja runtime. Run, Context,
// RegisterCallback and the JavaScript functions are used on the runtime's
// goroutine; only the enqueue functions RegisterCallback returns may be
// called from others.
type Loop struct {
	rt *goja.Runtime

	mu         sync.Mutex
	gen        uint64 // the running call's generation; enqueues of other ones are dropped
	running    bool
	registered int
	queue      []func() error
	wakeup     chan struct{}
	stopped    error // set by Stop for the running call

	// Loop-goroutine state of the running call.
	ctx       context.Context
	timers    timerSet
	maxTimers int
	uncaught  error // an exception thrown by a microtask
	micro     microtasks
	rejected  rejections
	runDueFn  func() error     // runDue, bound once
	rangeErr  goja.Constructor // the runtime's own RangeError
}

// New returns the loop of rt. One loop serves every call of the runtime.
func New(rt *goja.Runtime) *Loop {
	l := &Loop{rt: rt, wakeup: make(chan struct{}, 1), ctx: context.Background(),
		maxTimers: DefaultMaxTimers}
	l.runDueFn = l.runDue
	rt.SetPromiseRejectionTracker(l.track)
	return l
}

// SetMaxTimers sets how many timers one call may create (n ≤ 0: the
// default). Creating one more throws a RangeError in the script.
func (l *Loop) SetMaxTimers(n int) {
	if n <= 0 {
		n = DefaultMaxTimers
	}
	l.maxTimers = n
}

// Context returns the running call's context (context.Background() between
// calls). Go work started for the call should be bounded by it.
func (l *Loop) Context() context.Context { return l.ctx }

// Runtime returns the runtime the loop belongs to.
func (l *Loop) Runtime() *goja.Runtime { return l.rt }

// Stop ends the running call with err as soon as the loop next looks: at
// once when it is waiting, after the current callback otherwise (the
// runtime's interrupt stops JavaScript that runs meanwhile). Any
// goroutine; a no-op between calls.
func (l *Loop) Stop(err error) {
	l.mu.Lock()
	if l.running && l.stopped == nil {
		l.stopped = err
	}
	l.mu.Unlock()
	select {
	case l.wakeup <- struct{}{}:
	default:
	}
}

// registration is one pending callback: the loop waits for it until it is
// enqueued or cancelled.
type registration struct {
	gen  uint64
	done bool // guarded by Loop.mu
}

// register adds a pending registration for the running call (a stale one,
// ignored by enqueue, between calls).
func (l *Loop) register() *registration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.running {
		return &registration{gen: l.gen, done: true}
	}
	l.registered++
	return &registration{gen: l.gen}
}

// enqueue hands f to the loop for reg; it is dropped when reg was already
// used or cancelled, or its call ended. Any goroutine.
func (l *Loop) enqueue(reg *registration, f func() error) {
	l.mu.Lock()
	if reg.done || reg.gen != l.gen || !l.running {
		l.mu.Unlock()
		return
	}
	reg.done = true
	l.registered--
	l.queue = append(l.queue, f)
	l.mu.Unlock()
	select {
	case l.wakeup <- struct{}{}:
	default:
	}
}

// cancel withdraws reg without running anything (a cleared timer).
func (l *Loop) cancel(reg *registration) {
	l.mu.Lock()
	if !reg.done && reg.gen == l.gen && l.running {
		reg.done = true
		l.registered--
	}
	l.mu.Unlock()
}

// RegisterCallback registers a callback on the loop before Go work that
// will hand a result back to JavaScript starts; it must be called on the
// runtime's goroutine, while Run runs. The loop keeps running while the
// registration is pending. The returned enqueue function must be called
// exactly once, from any goroutine, with the function to run on the
// runtime's goroutine (an error it returns fails the call). After the call
// ended, enqueue is a harmless no-op; a second call is ignored.
func (l *Loop) RegisterCallback() func(func() error) {
	reg := l.register()
	return func(f func() error) { l.enqueue(reg, f) }
}

// Run runs first and then queued callbacks and timers, on the calling
// goroutine, until nothing is registered, ctx ends (its error is returned)
// or a callback returns an error. On return every pending timer and
// registration is cancelled.
func (l *Loop) Run(ctx context.Context, first func() error) error {
	return l.RunUntil(ctx, first, nil)
}

// RunUntil is Run that also returns, with nil, as soon as done reports
// true; done is checked after first and after each callback (an async
// handler's promise settles only while JavaScript runs). nil done is Run.
func (l *Loop) RunUntil(ctx context.Context, first func() error, done func() bool) error {
	l.start(ctx)
	defer l.finish()
	if err := l.step(first); err != nil {
		return err
	}
	return l.loop(ctx, done)
}

// loop runs queued callbacks until done, nothing is registered, ctx ends
// or a callback fails.
func (l *Loop) loop(ctx context.Context, done func() bool) error {
	var batch []func() error
	for {
		if done != nil && done() {
			return nil
		}
		var awaiting bool
		var stop error
		batch, awaiting, stop = l.take(batch[:0])
		if stop != nil {
			return stop
		}
		if len(batch) == 0 {
			if !awaiting {
				return nil
			}
			select {
			case <-l.wakeup:
			case <-ctx.Done():
				return ctx.Err()
			}
			continue
		}
		for i, f := range batch {
			batch[i] = nil
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := l.step(f); err != nil {
				return err
			}
			if done != nil && done() {
				return nil
			}
		}
	}
}

// step runs one callback and reports what it or the microtasks it queued
// threw.
func (l *Loop) step(f func() error) error {
	if err := f(); err != nil {
		return err
	}
	if err := l.uncaught; err != nil {
		l.uncaught = nil
		return err
	}
	return nil
}

// take moves the queued callbacks into dst and reports whether
// registrations are still pending.
func (l *Loop) take(dst []func() error) ([]func() error, bool, error) {
	l.mu.Lock()
	if err := l.stopped; err != nil {
		l.mu.Unlock()
		return dst, false, err
	}
	dst = append(dst, l.queue...)
	clear(l.queue)
	l.queue = l.queue[:0]
	awaiting := l.registered != 0
	l.mu.Unlock()
	return dst, awaiting, nil
}

func (l *Loop) start(ctx context.Context) {
	select { // a wakeup left by the previous call
	case <-l.wakeup:
	default:
	}
	l.mu.Lock()
	l.gen++
	l.running, l.registered, l.stopped = true, 0, nil
	l.mu.Unlock()
	l.timers.reset() // timers made between calls (scripts loading) never fire
	l.ctx, l.uncaught = ctx, nil
	clear(l.rejected.pending) // rejections from between calls (scripts loading) are not the call's
	l.rejected.pending = l.rejected.pending[:0]
}

// finish ends the call: later enqueues are dropped, queued callbacks
// released and timers stopped.
func (l *Loop) finish() {
	l.mu.Lock()
	l.gen++
	l.running, l.registered, l.stopped = false, 0, nil
	clear(l.queue)
	l.queue = l.queue[:0]
	l.mu.Unlock()
	l.timers.reset()
	l.reportRejections()
	l.ctx, l.uncaught = context.Background(), nil
}
