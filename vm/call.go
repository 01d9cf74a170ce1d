package vm

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/vm/eventloop"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// Request is the `request` argument: Tyk's RequestObject for virtual
// endpoints.
type Request struct {
	// Headers are the request headers with canonical keys (no Host entry).
	Headers map[string][]string
	// Body is the raw body; invalid UTF-8 reaches JavaScript as U+FFFD,
	// one per invalid byte, as Tyk's JSON encoding does.
	Body []byte
	// URL is r.URL.String(): path and query, listen path included.
	URL string
	// Params are the query parameters merged with a urlencoded form body.
	Params map[string][]string
	// Scheme is "http" or "https".
	Scheme string
	// ShareBody promises that Body's bytes never change once the call
	// starts: the JavaScript string shares them instead of copying them
	// (scripts can keep it past the call).
	ShareBody bool
	// LazyParams says that Params (left nil) are url.ParseQuery of
	// ParamsQuery, parsed only as far as the script reads them: a lookup by
	// name scans the query, the whole map is built when a script lists,
	// changes or deletes them.
	LazyParams  bool
	ParamsQuery string
}

// Call is one invocation of a virtual endpoint function.
type Call struct {
	// Function is the global function name to call.
	Function string
	// Request becomes the first argument.
	Request *Request
	// Session is the JSON text of the host's session object, the second
	// argument ("null" for a keyless request with use_session).
	Session []byte
	// PreparedSession, when set, is used instead of Session: a session
	// that is the same for every call, scanned once.
	PreparedSession *PreparedJSON
	// Config becomes the third argument.
	Config *ConfigObject
	// Workers, when set, makes this a Workers-style call (see
	// WorkersCall): Function names the handler object, "" the default
	// export of a built module.
	Workers *WorkersCall
	// Logger carries the call's fields (api_id, endpoint, function) for
	// log() and the Go side of the API; nil means the pool's logger.
	Logger *logrus.Entry
	// RequestID names the request in the lines the scripts log
	// (request_id): the client's X-Request-Id, or empty for one made up
	// when the call first logs.
	RequestID string

	// Set by the call when it ends:
	// Ran is the time it held its runtime (not waiting for one), and IOWait
	// the part of it spent waiting on the network; Ran - IOWait is roughly
	// the time it kept a CPU busy.
	Ran, IOWait time.Duration
}

// Call runs c on this runtime, bounded by ctx: when ctx ends the JavaScript
// is interrupted and outbound requests are cancelled. A runtime that was
// interrupted, overflowed its stack or panicked is marked for destruction and
// Release will not reuse it; one that refused the call's arguments
// (ErrInvalidCall) or whose script failed is kept. A call whose deadline
// passed fails with ErrTimeout (context.Canceled when the caller went
// away), also when the deadline surfaced as an exception (DeadlineError).
func (r *Runtime) Call(ctx context.Context, c *Call) (resp *Response, err error) {
	if r.broken != nil {
		return nil, fmt.Errorf("runtime unusable: %w", r.broken)
	}
	r.uses++
	r.env.Begin(ctx, r.callLogger(c))
	r.env.SetRequestID(c.RequestID)
	r.callCtx = ctx
	r.watch.start(ctx, r.call.begin(c.Function))
	defer func() {
		interrupted := r.watch.stop()
		if interrupted {
			r.broken = ErrTimeout
		}
		started, stopped := r.call.end()
		if stopped != nil {
			r.broken = stopped
		}
		// fetches wait on the network while the call waits on its event
		// loop (EndCall measures it; they may overlap a TykMakeHttpRequest)
		ran := time.Since(started)
		c.Ran, c.IOWait = ran, min(ran, r.env.IOWait()+r.endFetches())
		if p := recover(); p != nil {
			desc := panicText(p)
			r.broken = fmt.Errorf("panic: %s", desc)
			resp, err = nil, fmt.Errorf("%w: panic in the JavaScript API: %s", ErrScript, desc)
		}
		if (interrupted || ctx.Err() != nil) && (errors.Is(err, ErrScript) || errors.Is(err, ErrInvalidResult)) {
			// the deadline surfaced as an exception the script did not
			// catch (a built-in that checks it threw), or broke what the
			// script returned: it is a timeout all the same. (ctx.Err()
			// too: a built-in can see the deadline and throw before the
			// watchdog's timer has run; the runtime is replaced as after
			// any timeout. Interrupted with ctx not yet ended, the
			// watchdog saw the deadline pass first: stopCause names it.)
			err = &DeadlineError{Cause: stopCause(ctx, time.Now()), Err: err}
			if r.broken == nil {
				r.broken = ErrTimeout
			}
		}
		if err != nil && r.broken == nil && !errors.Is(err, ErrScript) && !errors.Is(err, ErrInvalidResult) &&
			!errors.Is(err, ErrFunctionNotFound) && !errors.Is(err, ErrInvalidCall) && !errors.Is(err, eventloop.ErrNeverSettles) {
			r.broken = err
		}
		r.env.End()
	}()
	return r.invoke(c)
}

func (r *Runtime) invoke(c *Call) (*Response, error) {
	if c.Workers != nil {
		return r.invokeWorkers(c)
	}
	fn, err := r.function(c.Function)
	if err != nil {
		return nil, err
	}
	args, err := r.arguments(c)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidCall, err)
	}
	var v goja.Value
	if r.stack.lend(r.vm) {
		defer r.stack.reclaim(r.vm)
	}
	// The arguments go to goja in the runtime's own array (a variadic
	// call would allocate one per call).
	r.callArgs = args
	defer func() { r.callArgs = [3]goja.Value{} }()
	if r.pool.cfg.directCall {
		v, err = fn(goja.Undefined(), r.callArgs[:]...)
	} else {
		v, err = r.loop.Call(r.callCtx, fn, goja.Undefined(), r.callArgs[:]...)
	}
	if err != nil {
		return nil, r.callError(err)
	}
	return r.result(v)
}

// goPC matches the program counter goja writes after a frame's position
// in an Error's stack property ("(x.js:1:22(3))"), which ScriptError's
// stacks leave out as V8 does.
var goPC = regexp.MustCompile(`\(\d+\)(\)?)$`)

// stackWithoutPCs is an Error's stack property, past its message line, in
// ScriptError's form: one "\tat …" line per frame, at most maxStackFrames.
func stackWithoutPCs(stack string) string {
	lines := strings.Split(strings.TrimSuffix(stack, "\n"), "\n")
	var b strings.Builder
	for i, l := range lines {
		if l == "" {
			continue
		}
		if i == maxStackFrames {
			fmt.Fprintf(&b, "\t... %d more\n", len(lines)-i)
			break
		}
		b.WriteString(goPC.ReplaceAllString(l, "$1"))
		b.WriteByte('\n')
	}
	return b.String()
}

// callError turns what a call through the event loop failed with into one
// of this package's errors: a rejected promise is a script error (the
// reason's stack logged as a thrown exception's is), a promise that can
// never settle is a timeout at once (nothing is left that could settle it
// before the deadline), the call's context ending is its timeout.
func (r *Runtime) callError(err error) error {
	var rejected *eventloop.RejectionError
	switch {
	case errors.As(err, &rejected):
		msg, stack, _ := strings.Cut(reasonText(rejected.Reason), "\n")
		return &ScriptError{Message: "Uncaught (in promise) " + msg, Stack: stackWithoutPCs(stack)}
	case errors.Is(err, eventloop.ErrNeverSettles):
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		if r.callCtx.Err() != nil {
			return ctxErr(r.callCtx)
		}
	}
	return classify(err)
}

// panicText describes a recovered panic without converting a JavaScript
// value (which would run script code outside the runtime).
func panicText(p interface{}) string {
	switch v := p.(type) {
	case *goja.Exception:
		return exceptionText(v.Error)
	case goja.Value:
		return exceptionText(v.String)
	case error:
		return v.Error()
	}
	return fmt.Sprint(p)
}

func (r *Runtime) callLogger(c *Call) *logrus.Entry {
	if c.Logger != nil {
		return c.Logger
	}
	return r.pool.cfg.Logger
}

// result turns the returned value into a Response: the value TykJsResponse
// produced is used as decoded; anything else is converted to a string and
// decoded as JSON exactly as Tyk does.
func (r *Runtime) result(v goja.Value) (*Response, error) {
	if d, ok := r.env.Result(v); ok {
		return d, nil
	}
	if v == nil {
		v = goja.Undefined()
	}
	s, err := r.toString(v)
	if err != nil {
		return nil, err
	}
	return tykapi.DecodeResponse(s)
}

// toString converts v with JavaScript's ToString, which may run a toString
// method and throw.
func (r *Runtime) toString(v goja.Value) (s string, err error) {
	if ex := r.vm.Try(func() { s = v.String() }); ex != nil {
		return "", classify(ex)
	}
	return s, nil
}

// ctxErr is what an interrupt carries: ErrTimeout for a deadline, the
// context's error otherwise.
func ctxErr(ctx context.Context) error { return tykapi.StopCause(ctx) }
