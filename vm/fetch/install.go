package fetch

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

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

//go:embed lazy.js
var lazyJS string

var programs = sync.OnceValues(func() ([2]*goja.Program, error) {
	lazy, err := goja.Compile("tyk-ve:lazy.js", lazyJS, true)
	if err != nil {
		return [2]*goja.Program{}, err
	}
	full, err := goja.Compile("tyk-ve:fetch.js", fetchJS, true)
	return [2]*goja.Program{lazy, full}, err
})

// Binding is the fetch API installed in one runtime.
type Binding struct {
	rt   *goja.Runtime
	loop *eventloop.Loop
	host Host

	// scope bounds the running call's fetches; EndCall cancels it.
	scope  context.Context
	cancel context.CancelFunc
	// inFlight counts the call's fetches not yet settled, since when at
	// least one has been, and waited sums those periods (the call's time
	// waiting on the network for fetches).
	inFlight int
	since    time.Time
	waited   time.Duration

	// load builds the classes on first use (lazy.js); incoming and
	// outgoing are set once they are built.
	load     goja.Callable
	incoming goja.Callable
	outgoing goja.Callable
}

// Install defines the fetch globals in rt, whose event loop is loop. The
// globals are stubs until first used (lazy.js): a runtime whose scripts do
// not use fetch pays for a few function objects only.
func Install(rt *goja.Runtime, loop *eventloop.Loop, host Host) (*Binding, error) {
	if host == nil {
		return nil, errors.New("fetch: host required")
	}
	prgs, err := programs()
	if err != nil {
		return nil, fmt.Errorf("fetch: compiling the scripts: %w", err)
	}
	b := &Binding{rt: rt, loop: loop, host: host}
	v, err := rt.RunProgram(prgs[0])
	if err != nil {
		return nil, fmt.Errorf("fetch: running lazy.js: %w", err)
	}
	setup, ok := goja.AssertFunction(v)
	if !ok {
		return nil, errors.New("fetch: lazy.js did not evaluate to a function")
	}
	natives := b.natives()
	_ = natives.Set("load", b.build)
	ret, err := setup(goja.Undefined(), natives)
	if err != nil {
		return nil, fmt.Errorf("fetch: installing the globals: %w", err)
	}
	if b.load, ok = goja.AssertFunction(ret); !ok {
		return nil, errors.New("fetch: lazy.js did not return its loader")
	}
	return b, nil
}

// Load builds the classes now (the isolation census must see them; a
// Workers-style call needs them).
func (b *Binding) Load() error {
	_, err := b.load(goja.Undefined())
	return err
}

// build is lazy.js's native load(stubs): it runs fetch.js and returns its
// classes.
func (b *Binding) build(call goja.FunctionCall) goja.Value {
	prgs, _ := programs()
	v, err := b.rt.RunProgram(prgs[1])
	if err != nil {
		panic(err)
	}
	setup, ok := goja.AssertFunction(v)
	if !ok {
		panic(b.rt.NewTypeError("fetch: fetch.js did not evaluate to a function"))
	}
	ret, err := setup(goja.Undefined(), b.natives(), call.Argument(0))
	if err != nil {
		panic(err)
	}
	obj := ret.ToObject(b.rt)
	b.incoming, _ = goja.AssertFunction(obj.Get("incoming"))
	b.outgoing, _ = goja.AssertFunction(obj.Get("outgoing"))
	return obj
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

// EndCall cancels every fetch of the call that is still in flight (their
// results are dropped by the loop) and returns how long the call had at
// least one fetch in flight: time spent waiting on the network, however
// many ran at once. The runtime calls it when a call ends.
func (b *Binding) EndCall() time.Duration {
	if b.cancel != nil {
		b.cancel()
	}
	if b.inFlight > 0 {
		b.waited += time.Since(b.since)
	}
	waited := b.waited
	b.scope, b.cancel, b.inFlight, b.waited = nil, nil, 0, 0
	return waited
}

// started and settled bracket one fetch, on the runtime's goroutine.
func (b *Binding) started() {
	if b.inFlight == 0 {
		b.since = time.Now()
	}
	b.inFlight++
}

func (b *Binding) settled() {
	if b.inFlight == 0 {
		return
	}
	b.inFlight--
	if b.inFlight == 0 {
		b.waited += time.Since(b.since)
	}
}
