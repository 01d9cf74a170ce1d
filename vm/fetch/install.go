package fetch

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/vm/eventloop"
)

// Globals names the globals Install defines, for the isolation reset that
// puts platform globals back when a call reassigns them.
//
// fetch.js also defines DOMException when the runtime has none (package
// vm installs the Web platform basics' first); it is not listed here.
var Globals = []string{"fetch", "Headers", "Request", "Response", "AbortController", "AbortSignal"}

// Host is what a fetch needs from the running call. Its methods are called
// on the runtime's goroutine.
type Host interface {
	// Outbound counts one outbound request of the running call against its
	// limit (the count TykMakeHttpRequest uses) and returns the client to
	// send it with and the cap on its response body; an error (the limit,
	// no call running) is thrown into the script.
	Outbound() (client *http.Client, maxBody int64, err error)
	// Logger is the running call's logger.
	Logger() *logrus.Entry
}

//go:embed fetch.js
var fetchJS string

var program = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("tyk-ve:fetch.js", fetchJS, true)
})

// Binding is the fetch API installed in one runtime.
type Binding struct {
	rt   *goja.Runtime
	loop *eventloop.Loop
	host Host

	// scope bounds the running call's fetches; EndCall cancels it.
	scope  context.Context
	cancel context.CancelFunc

	incoming goja.Callable
	outgoing goja.Callable
}

// Install defines the fetch globals in rt, whose event loop is loop.
func Install(rt *goja.Runtime, loop *eventloop.Loop, host Host) (*Binding, error) {
	if host == nil {
		return nil, errors.New("fetch: host required")
	}
	prg, err := program()
	if err != nil {
		return nil, fmt.Errorf("fetch: compiling fetch.js: %w", err)
	}
	b := &Binding{rt: rt, loop: loop, host: host}
	v, err := rt.RunProgram(prg)
	if err != nil {
		return nil, fmt.Errorf("fetch: running fetch.js: %w", err)
	}
	setup, ok := goja.AssertFunction(v)
	if !ok {
		return nil, errors.New("fetch: fetch.js did not evaluate to a function")
	}
	ret, err := setup(goja.Undefined(), b.natives())
	if err != nil {
		return nil, fmt.Errorf("fetch: installing the globals: %w", err)
	}
	obj := ret.ToObject(rt)
	b.incoming, _ = goja.AssertFunction(obj.Get("incoming"))
	b.outgoing, _ = goja.AssertFunction(obj.Get("outgoing"))
	if b.incoming == nil || b.outgoing == nil {
		return nil, errors.New("fetch: fetch.js did not return its converters")
	}
	return b, nil
}

// natives is the object of Go functions fetch.js receives.
func (b *Binding) natives() *goja.Object {
	o := b.rt.NewObject()
	for name, fn := range map[string]func(goja.FunctionCall) goja.Value{
		"send":          b.send,
		"encode":        b.encode,
		"decode":        b.decode,
		"parseURL":      b.parseURL,
		"parseLocation": b.parseLocation,
		"method":        b.method,
	} {
		_ = o.Set(name, fn)
	}
	return o
}

// callScope returns the context the running call's fetches share, made on
// the first fetch of the call.
func (b *Binding) callScope() context.Context {
	if b.scope == nil {
		b.scope, b.cancel = context.WithCancel(b.loop.Context())
	}
	return b.scope
}

// EndCall cancels every fetch of the call that is still in flight; the
// runtime calls it when a call ends. Their results are dropped by the loop.
func (b *Binding) EndCall() {
	if b.cancel != nil {
		b.cancel()
	}
	b.scope, b.cancel = nil, nil
}
