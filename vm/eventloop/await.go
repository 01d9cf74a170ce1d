package eventloop

import (
	"context"
	"errors"
	"reflect"

	"github.com/dop251/goja"
)

// ErrNeverSettles is returned by Call when the handler's promise is still
// pending and nothing is left that could settle it: no timer, no callback
// registered. Waiting for the deadline could not change the outcome.
var ErrNeverSettles = errors.New("the handler's promise can never settle: nothing is pending (no timer, no request)")

// RejectionError is a handler's promise that was rejected; Reason is the
// rejection value, for the caller to describe while the call's runtime is
// still its own.
type RejectionError struct {
	Reason goja.Value
}

func (e *RejectionError) Error() string { return "the handler's promise was rejected" }

// Call calls fn(this, args...) as the first function of a Run. A value
// that is not a native Promise is returned at once: the call is settled,
// and Run's end cancels any timer or callback it left. A Promise is
// awaited: the loop runs until it settles (its value returned, a rejection
// as *RejectionError), ctx ends (ctx.Err()), a callback fails (its error)
// or nothing is left that could settle it (ErrNeverSettles). A thenable
// that is not a native Promise is returned as a value.
func (l *Loop) Call(ctx context.Context, fn goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, error) {
	l.start(ctx)
	defer l.finish()
	v, err := fn(this, args...)
	if err == nil {
		err = l.takeUncaught()
	}
	if err != nil {
		return nil, err
	}
	p := promiseOf(v)
	if p == nil {
		return v, nil
	}
	if p.State() == goja.PromiseStatePending {
		if err := l.loop(ctx, func() bool { return p.State() != goja.PromiseStatePending }); err != nil {
			return nil, err
		}
	}
	switch p.State() {
	case goja.PromiseStateFulfilled:
		return p.Result(), nil
	case goja.PromiseStateRejected:
		l.handled(p)
		return nil, &RejectionError{Reason: p.Result()}
	}
	return nil, ErrNeverSettles
}

// typePromise is what ExportType reports for a native Promise.
var typePromise = reflect.TypeOf((*goja.Promise)(nil))

// promiseOf returns v's native Promise, nil for any other value. It checks
// the export type first: Export of a plain object would copy it.
func promiseOf(v goja.Value) *goja.Promise {
	o, ok := v.(*goja.Object)
	if !ok || o.ExportType() != typePromise {
		return nil
	}
	p, _ := o.Export().(*goja.Promise)
	return p
}

func (l *Loop) takeUncaught() error {
	err := l.uncaught
	l.uncaught = nil
	return err
}
