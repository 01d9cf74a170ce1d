package storage

import (
	"context"
	"errors"
	"time"

	"github.com/tyk-ve/tyk-ve/kvstore"
)

// Env is what the bindings read from the call that runs them. Each field is
// called at every storage operation, so a runtime reused across calls sees
// the current call's values.
type Env struct {
	// Bucket returns the API's storage; nil (or a nil func) makes every
	// operation fail with master's "JSVM storage is not available".
	Bucket func() *kvstore.Bucket
	// Context returns the running call's context; its deadline bounds every
	// operation (nil: no deadline beyond the bucket's op_timeout).
	Context func() context.Context
	// InCall reports whether a call is running: storage is available only
	// then, never to a script's top-level code (loaded once, or replayed
	// between calls), which would otherwise hit Redis once per runtime or
	// per reset. nil: always.
	InCall func() bool
	// WaitedSince, if set, is told when each operation started waiting on
	// the store, once it is done (the call's I/O wait).
	WaitedSince func(start time.Time)
}

// errTopLevel: storage used by a script's top-level code.
var errTopLevel = errors.New("storage is available only while a request is handled, not at a script's top level")

func (e *Env) bucket() *kvstore.Bucket {
	if e == nil || e.Bucket == nil {
		return nil
	}
	return e.Bucket()
}

func (e *Env) ctx() context.Context {
	if e == nil || e.Context == nil {
		return context.Background()
	}
	if ctx := e.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

func (e *Env) topLevel() bool { return e != nil && e.InCall != nil && !e.InCall() }

// op runs one storage operation with the call's context and reports its wait.
func (e *Env) op(do func(ctx context.Context, b *kvstore.Bucket) error) error {
	if e.topLevel() {
		return errTopLevel
	}
	start := time.Now()
	err := do(e.ctx(), e.bucket())
	if e != nil && e.WaitedSince != nil {
		e.WaitedSince(start)
	}
	return err
}
