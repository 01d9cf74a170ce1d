package eventloop

import (
	"context"
	"sync"

	"github.com/dop251/goja"
)

// Loop is the event loop of one goja runtime.
type Loop struct {
	rt *goja.Runtime

	mu         sync.Mutex
	gen        uint64 // the running call's generation; enqueues of older ones are dropped
	running    bool
	registered int
	queue      []func() error
	wakeup     chan struct{}

	ctx context.Context
}

// New returns the loop of rt. One loop serves every call of the runtime.
func New(rt *goja.Runtime) *Loop {
	return &Loop{rt: rt, wakeup: make(chan struct{}, 1), ctx: context.Background()}
}

// Context returns the running call's context (context.Background() between
// calls). Go work started for the call should be bounded by it.
func (l *Loop) Context() context.Context { return l.ctx }

// RegisterCallback registers a callback on the loop before Go work that
// will hand a result back to JavaScript starts; it must be called on the
// runtime's goroutine, while Run runs. The loop keeps running while the
// registration is pending. The returned enqueue function must be called
// exactly once, from any goroutine, with the function to run on the
// runtime's goroutine (an error it returns fails the call). After the call
// ended, enqueue is a harmless no-op; a second call is ignored.
func (l *Loop) RegisterCallback() func(func() error) {
	panic("not yet implemented")
}

// Run runs first and then queued callbacks and timers, on the calling
// goroutine, until nothing is registered, ctx ends (its error is returned)
// or a callback returns an error. On return every pending timer and
// registration is cancelled.
func (l *Loop) Run(ctx context.Context, first func() error) error {
	panic("not yet implemented")
}
