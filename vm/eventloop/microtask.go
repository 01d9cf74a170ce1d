package eventloop

import (
	"errors"
	"fmt"

	"github.com/dop251/goja"
)

// microtasks queues jobs on goja's promise job queue, which the runtime
// drains when its outermost Go-to-JavaScript call returns: a reaction on a
// promise that is already fulfilled, through the Promise.prototype.then
// the runtime started with.
type microtasks struct {
	then     goja.Callable
	resolved goja.Value
}

func (l *Loop) initMicrotasks() error {
	p, resolve, _ := l.rt.NewPromise()
	if err := resolve(goja.Undefined()); err != nil {
		return fmt.Errorf("resolving the microtask promise: %w", err)
	}
	pv := l.rt.ToValue(p)
	then, ok := goja.AssertFunction(pv.ToObject(l.rt).Get("then"))
	if !ok {
		return errors.New("Promise.prototype.then is not a function")
	}
	l.micro = microtasks{then: then, resolved: pv}
	return nil
}

// queueMicrotask implements the global of that name. An exception the
// callback throws fails the call (as an uncaught exception does in Node);
// an interrupt propagates.
func (l *Loop) queueMicrotask(call goja.FunctionCall) goja.Value {
	fn, ok := goja.AssertFunction(call.Argument(0))
	if !ok {
		panic(l.rt.NewTypeError("queueMicrotask: the callback is not a function"))
	}
	job := l.rt.ToValue(func(goja.FunctionCall) goja.Value {
		if _, err := fn(goja.Undefined()); err != nil {
			var ex *goja.Exception
			if !errors.As(err, &ex) {
				panic(err)
			}
			if l.uncaught == nil {
				l.uncaught = err
			}
		}
		return goja.Undefined()
	})
	if _, err := l.micro.then(l.micro.resolved, job); err != nil {
		panic(err)
	}
	return goja.Undefined()
}
