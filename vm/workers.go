package vm

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/eventloop"
	"github.com/tyk-ve/tyk-ve/vm/fetch"
	"github.com/tyk-ve/tyk-ve/vm/storage"
)

// DefaultExportGlobal is the global that holds a built module's default
// export (tyk-ve build puts it there); a Workers-style call with no
// Function name uses it.
const DefaultExportGlobal = "__tykve_default"

// WorkersCall makes a Call Workers-style: Function names the global object
// (a module's default export) whose fetch(request, env, ctx) method
// handles the call. request is a Request for the incoming call (method,
// URL as the client sent it, headers, body), env.config is the API's
// config_data, env.KV its shared storage (vm/storage.NewKV) and
// env.session (with Session) the key's session; the
// handler returns a Response or a promise of one. Work it hands to
// ctx.waitUntil may go on after the answer, within the call's deadline.
type WorkersCall struct {
	// Method is the incoming request's method.
	Method string
	// URL is the incoming request's absolute URL.
	URL string
	// Session puts the session argument in env.session.
	Session bool
	// OnResponse, when set, receives the handler's response as soon as it
	// is ready, on the calling goroutine, before ctx.waitUntil work ends;
	// Call then returns that same response once the work has settled or
	// the deadline passed.
	OnResponse func(*Response)
}

// workersCall is one Workers-style invocation in progress.
type workersCall struct {
	r        *Runtime
	c        *Call
	result   goja.Value // what fetch returned
	waits    []*goja.Promise
	answered bool
	resp     *Response
	err      error
}

func (r *Runtime) invokeWorkers(c *Call) (*Response, error) {
	handler, method, err := r.workersHandler(c.Function)
	if err != nil {
		return nil, err
	}
	if r.fetch == nil {
		return nil, errWorkersWithoutFetch
	}
	args, err := r.arguments(c)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidCall, err)
	}
	w := &workersCall{r: r, c: c}
	req, err := r.fetch.Incoming(c.Workers.Method, c.Workers.URL, http.Header(c.Request.Headers), c.Request.Body)
	if err != nil {
		return nil, fmt.Errorf("%w: the incoming request: %w", ErrInvalidCall, classify(err))
	}
	env, ctxObj := r.workersEnv(c, args), w.context()
	err = r.loop.RunUntil(r.callCtx, func() error {
		v, err := method(handler, req, env, ctxObj)
		w.result = v
		return err
	}, w.done)
	if w.answered && w.err == nil {
		if err != nil {
			r.callLogger(c).WithError(r.loopError(err)).Warn("tyk-ve: ctx.waitUntil work did not finish before the call's deadline")
		}
		return w.resp, nil
	}
	if err != nil {
		return nil, r.loopError(err)
	}
	if !w.answered {
		// nothing is pending that could settle the handler's promise
		return nil, fmt.Errorf("%w: %w", ErrTimeout, eventloop.ErrNeverSettles)
	}
	return nil, w.err
}

// loopError is the error of a loop that stopped early: the call's deadline
// (ErrTimeout) or cancellation, or what a callback threw.
func (r *Runtime) loopError(err error) error {
	if ctxDone := r.callCtx.Err(); ctxDone != nil && errors.Is(err, ctxDone) {
		return ctxErr(r.callCtx)
	}
	return classify(err)
}

// workersHandler returns the handler object named name (the default export
// global when empty) and its fetch method.
func (r *Runtime) workersHandler(name string) (*goja.Object, goja.Callable, error) {
	if name == "" {
		name = DefaultExportGlobal
	}
	v := r.vm.Get(name)
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, nil, fmt.Errorf("%w: %q (the Workers-style handler object; a built module puts its default export in %s)",
			ErrFunctionNotFound, name, DefaultExportGlobal)
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, nil, fmt.Errorf("%w: %q is not an object with a fetch method", ErrFunctionNotFound, name)
	}
	fn, ok := goja.AssertFunction(obj.Get("fetch"))
	if !ok {
		return nil, nil, fmt.Errorf("%w: %q has no fetch(request, env, ctx) method", ErrFunctionNotFound, name)
	}
	return obj, fn, nil
}

// workersEnv is the env argument: config (the API's config_data), KV (the
// API's shared storage as a Workers KV namespace) and, with
// WorkersCall.Session, session.
func (r *Runtime) workersEnv(c *Call, args [3]goja.Value) *goja.Object {
	env := r.vm.NewObject()
	if cfg, ok := args[2].(*goja.Object); ok {
		_ = env.Set("config", cfg.Get("config_data"))
	}
	_ = env.Set("KV", storage.NewKV(r.vm, storage.StateEnv(r.env)))
	if c.Workers.Session {
		_ = env.Set("session", args[1])
	}
	return env
}

// context is the ctx argument: waitUntil(promise), and
// passThroughOnException, which the gateway does not offer.
func (w *workersCall) context() *goja.Object {
	rt := w.r.vm
	o := rt.NewObject()
	_ = o.Set("waitUntil", func(call goja.FunctionCall) goja.Value {
		if p := promiseOf(call.Argument(0)); p != nil {
			w.waits = append(w.waits, p)
			w.observe(call.Argument(0))
		}
		return goja.Undefined()
	})
	_ = o.Set("passThroughOnException", func(goja.FunctionCall) goja.Value {
		panic(rt.NewTypeError("ctx.passThroughOnException() is not supported: set proxy_on_error on the endpoint"))
	})
	return o
}

// observe logs a waitUntil promise's rejection (which is then handled, so
// it does not fail the call).
func (w *workersCall) observe(p goja.Value) {
	log := w.r.callLogger(w.c)
	w.catch(p, func(reason goja.Value) {
		log.WithField("reason", reasonText(reason)).Warn("tyk-ve: a ctx.waitUntil promise was rejected")
	})
}

// catch attaches a rejection handler to the promise p (through the
// runtime's own then), which also marks its rejection handled.
func (w *workersCall) catch(p goja.Value, onReject func(goja.Value)) {
	then, ok := goja.AssertFunction(p.(*goja.Object).Get("then"))
	if !ok {
		return
	}
	_, _ = then(p, goja.Undefined(), w.r.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		onReject(call.Argument(0))
		return goja.Undefined()
	}))
}

// done reports whether the call can end: the handler's promise has settled
// (and its response been handed over) and every waitUntil promise too, or
// the handler failed.
func (w *workersCall) done() bool {
	if !w.answered {
		v := w.result
		if p := promiseOf(v); p != nil {
			switch p.State() {
			case goja.PromiseStatePending:
				return false
			case goja.PromiseStateRejected:
				w.answered = true
				w.catch(v, func(goja.Value) {})
				w.err = w.r.callError(&eventloop.RejectionError{Reason: p.Result()})
				return true
			}
			v = p.Result()
		}
		w.answered = true
		w.resp, w.err = w.r.workersResponse(v)
		if w.err != nil {
			return true
		}
		if w.c.Workers.OnResponse != nil {
			w.c.Workers.OnResponse(w.resp)
		}
	}
	for _, p := range w.waits {
		if p.State() == goja.PromiseStatePending {
			return false
		}
	}
	return true
}

// typePromise is what ExportType reports for a native Promise.
var typePromise = reflect.TypeOf((*goja.Promise)(nil))

// promiseOf returns v's native Promise, nil for any other value (checking
// the export type first: exporting a plain object would copy it).
func promiseOf(v goja.Value) *goja.Promise {
	o, ok := v.(*goja.Object)
	if !ok || o.ExportType() != typePromise {
		return nil
	}
	p, _ := o.Export().(*goja.Promise)
	return p
}

// workersResponse converts the handler's Response. Headers are
// single-valued as TykJsResponse's are (values of one name joined with ", "
// as Headers.get does); several set-cookie values go to HeaderValues.
func (r *Runtime) workersResponse(v goja.Value) (*Response, error) {
	res, err := r.fetch.Outgoing(v)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidResult, classify(err))
	}
	return responseOf(res), nil
}

func responseOf(res *fetch.Result) *Response {
	resp := &Response{Code: res.Status, Body: string(res.Body), Headers: make(map[string]string, len(res.Header))}
	for _, h := range res.Header {
		name, value := h[0], h[1]
		if prev, dup := resp.Headers[name]; dup {
			if resp.HeaderValues == nil {
				resp.HeaderValues = map[string][]string{}
			}
			if resp.HeaderValues[name] == nil {
				resp.HeaderValues[name] = []string{prev}
			}
			resp.HeaderValues[name] = append(resp.HeaderValues[name], value)
			continue
		}
		resp.Headers[name] = value
	}
	return resp
}
