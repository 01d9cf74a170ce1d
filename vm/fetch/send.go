package fetch

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/fetchcore"
	"github.com/tyk-ve/tyk-ve/outbound"
)

// send(method, url, pairs, body, redirect, deadline, done) starts one fetch
// and returns a function that aborts it. The request is checked and
// counted here, on the runtime's goroutine (a bad request or the limit
// throws, which rejects fetch's promise); the network work runs on a
// goroutine bounded by the call's scope and, when deadline >= 0 (Unix
// milliseconds of an AbortSignal.timeout), by that time. done(err,
// timedOut, response) runs on the runtime's goroutine, through the loop.
func (b *Binding) send(call goja.FunctionCall) goja.Value {
	req, err := fetchcore.NewRequest(call.Argument(0).String(), call.Argument(1).String(),
		b.header(call.Argument(2)), b.body(call.Argument(3)), fetchcore.RedirectMode(call.Argument(4).String()))
	if err != nil {
		panic(b.rt.NewTypeError("fetch: " + trimInvalid(err)))
	}
	done, ok := goja.AssertFunction(call.Argument(6))
	if !ok {
		panic(b.rt.NewTypeError("fetch: internal: no completion callback"))
	}
	client, maxBody, err := b.host.Outbound()
	if err != nil {
		panic(b.rt.NewGoError(err))
	}
	ctx, cancel := context.WithCancel(b.callScope())
	if d := call.Argument(5).ToInteger(); d >= 0 {
		ctx, cancel = withDeadline(ctx, cancel, time.UnixMilli(d))
	}
	enqueue := b.loop.RegisterCallback()
	log := b.host.Logger()
	b.started()
	go func() {
		resp, err := fetchcore.Do(ctx, client, req, maxBody)
		timedOut := err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && context.Cause(ctx) == errSignalTimeout
		aborted := err != nil && ctx.Err() != nil
		cancel()
		if err != nil && !aborted {
			logFailure(log, req, err)
		}
		enqueue(func() error {
			b.settled()
			return b.complete(done, resp, err, timedOut)
		})
	}()
	return b.rt.ToValue(func(goja.FunctionCall) goja.Value {
		cancel()
		return goja.Undefined()
	})
}

// errSignalTimeout is the cause of a fetch's context that an
// AbortSignal.timeout ended.
var errSignalTimeout = errors.New("fetch: the request's AbortSignal timed out")

// withDeadline bounds ctx by an AbortSignal's deadline; the returned cancel
// releases both contexts.
func withDeadline(ctx context.Context, cancel context.CancelFunc, d time.Time) (context.Context, context.CancelFunc) {
	tctx, tcancel := context.WithDeadlineCause(ctx, d, errSignalTimeout)
	return tctx, func() { tcancel(); cancel() }
}

// complete hands a fetch's outcome to fetch.js on the runtime's goroutine.
func (b *Binding) complete(done goja.Callable, resp *fetchcore.Response, err error, timedOut bool) error {
	if err != nil {
		_, cerr := done(goja.Undefined(), b.rt.ToValue(err.Error()), b.rt.ToValue(timedOut), goja.Null())
		return cerr
	}
	o := b.rt.NewObject()
	_ = o.Set("status", resp.Status)
	_ = o.Set("statusText", resp.StatusText)
	_ = o.Set("headers", b.pairs(resp.Header))
	_ = o.Set("url", resp.URL)
	_ = o.Set("redirected", resp.Redirected)
	_ = o.Set("body", b.rt.NewArrayBuffer(resp.Body))
	_, cerr := done(goja.Undefined(), goja.Null(), b.rt.ToValue(false), o)
	return cerr
}

// header reads fetch.js's [[name, value], ...] list.
func (b *Binding) header(v goja.Value) http.Header {
	h := http.Header{}
	list, _ := v.Export().([]interface{})
	for _, item := range list {
		pair, _ := item.([]interface{})
		if len(pair) != 2 {
			continue
		}
		name, _ := pair[0].(string)
		value, _ := pair[1].(string)
		h[http.CanonicalHeaderKey(name)] = append(h[http.CanonicalHeaderKey(name)], value)
	}
	return h
}

// body reads fetch.js's body: an ArrayBuffer, or null for none.
func (b *Binding) body(v goja.Value) []byte {
	if goja.IsNull(v) || goja.IsUndefined(v) {
		return nil
	}
	ab, ok := v.Export().(goja.ArrayBuffer)
	if !ok {
		panic(b.rt.NewTypeError("fetch: internal: body is not an ArrayBuffer"))
	}
	return ab.Bytes()
}

// pairs makes fetch.js's [[name, value], ...] list of a header, names in
// lower case.
func (b *Binding) pairs(h http.Header) goja.Value {
	var list []interface{}
	for name, values := range h {
		lower := lowerASCII(name)
		for _, v := range values {
			list = append(list, b.rt.NewArray(lower, v))
		}
	}
	return b.rt.NewArray(list...)
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			out := []byte(s)
			for j := i; j < len(out); j++ {
				if 'A' <= out[j] && out[j] <= 'Z' {
					out[j] += 'a' - 'A'
				}
			}
			return string(out)
		}
	}
	return s
}

// logFailure logs a failed fetch as TykMakeHttpRequest logs its failures,
// naming the destination without its query or credentials.
func logFailure(log *logrus.Entry, req *fetchcore.Request, err error) {
	if log == nil {
		return
	}
	fields := logrus.Fields{"prefix": "jsvm", "method": req.Method, "url": outbound.RedactURL(req.URL)}
	var refused *outbound.AddressRefusedError
	if errors.As(err, &refused) {
		fields["address"] = refused.Addr
		log.WithFields(fields).WithError(err).Error("JSVM: outbound address refused by policy")
		return
	}
	log.WithFields(fields).WithError(err).Warn("fetch: request failed")
}
