package plugin

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// callContext is the context a call runs under: the request's, ending at
// the endpoint's deadline or when end is called. context.WithTimeout costs
// a request three allocations, a runtime timer and an entry in the
// request context's child map, and a gateway's collector pays for every
// byte; yet on the common path nothing waits on Done — the vm watches the
// deadline with its own timer, and reads Err. So callContext answers
// Deadline and Err from the clock and its parent, and becomes a real
// context (context.WithDeadline) only when something asks for Done (an
// outbound request, a wait for a runtime). It lives in callArgs: no
// allocation of its own.
type callContext struct {
	parent   context.Context
	deadline time.Time

	mu    sync.Mutex
	inner atomic.Pointer[innerContext] // made by the first Done
	ended atomic.Pointer[error]        // why end was called, once it was
}

// The errors end records, shared (a pointer to a local would escape).
var (
	errEndCanceled = context.Canceled
	errEndDeadline = context.DeadlineExceeded
)

type innerContext struct {
	ctx    context.Context
	cancel context.CancelFunc
}

var _ context.Context = (*callContext)(nil)

// start makes c the context of a call under parent that must end by
// deadline (or by parent's, if sooner).
func (c *callContext) start(parent context.Context, deadline time.Time) context.Context {
	if d, ok := parent.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	c.parent, c.deadline = parent, deadline
	return c
}

// end cancels the context, as a WithTimeout's cancel does: the deadline's
// error if it passed first.
func (c *callContext) end() {
	why := endError(c.clockErr(time.Now()))
	c.mu.Lock()
	c.ended.CompareAndSwap(nil, why)
	in := c.inner.Load()
	c.mu.Unlock()
	if in != nil {
		in.cancel()
	}
}

// endError is where end keeps err (nil for a cancel before the deadline).
func endError(err error) *error {
	switch err {
	case nil, context.Canceled:
		return &errEndCanceled
	case context.DeadlineExceeded:
		return &errEndDeadline
	}
	own := err // a parent's own error: rare, allowed an allocation
	return &own
}

// clockErr is the error the context has at now, before end: its parent's,
// or DeadlineExceeded once the deadline passed.
func (c *callContext) clockErr(now time.Time) error {
	if err := c.parent.Err(); err != nil {
		return err
	}
	if !now.Before(c.deadline) {
		return context.DeadlineExceeded
	}
	return nil
}

func (c *callContext) Deadline() (time.Time, bool) { return c.deadline, true }

func (c *callContext) Err() error {
	if err := c.ended.Load(); err != nil {
		return *err
	}
	if in := c.inner.Load(); in != nil {
		if err := in.ctx.Err(); err != nil {
			return err
		}
	}
	return c.clockErr(time.Now())
}

func (c *callContext) Done() <-chan struct{} { return c.real().Done() }

func (c *callContext) Value(key any) any {
	if in := c.inner.Load(); in != nil {
		return in.ctx.Value(key)
	}
	return c.parent.Value(key)
}

// real returns the context.WithDeadline that c stands for, made once.
func (c *callContext) real() context.Context {
	if in := c.inner.Load(); in != nil {
		return in.ctx
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if in := c.inner.Load(); in != nil {
		return in.ctx
	}
	ctx, cancel := context.WithDeadline(c.parent, c.deadline)
	if c.ended.Load() != nil {
		cancel()
	}
	c.inner.Store(&innerContext{ctx: ctx, cancel: cancel})
	return ctx
}
