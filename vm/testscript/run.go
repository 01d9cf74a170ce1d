package testscript

import (
	"context"
	"errors"
	"fmt"

	"github.com/dop251/goja"
)

// Outcome is what running one test found.
type Outcome struct {
	// Failures are the failed assertions ("orders.test.ts:12:5: equal:
	// 404, want 200") and, last, the exception that ended the test, with
	// its stack.
	Failures []string
	// Logs are the lines the test wrote with console.*.
	Logs []string
}

// running is the state of the test being run (or of the top level, with
// no host).
type running struct {
	host      Host
	failures  []string
	logs      []string
	responses []*Response
}

// Run runs the test registered under name against host; ctx bounds it.
func (f *File) Run(ctx context.Context, name string, host Host) Outcome {
	var fn goja.Callable
	for _, t := range f.tests {
		if t.name == name {
			fn = t.fn
		}
	}
	if fn == nil {
		return Outcome{Failures: []string{fmt.Sprintf("no test named %q", name)}}
	}
	f.cur = &running{host: host}
	defer func() { f.cur = nil }()
	err := f.guard(ctx, func() error {
		t, err := f.makeT(goja.Undefined())
		if err != nil {
			return err
		}
		ret, err := fn(goja.Undefined(), t)
		if err == nil && isThenable(ret) {
			return fmt.Errorf("the test returned a promise: async tests are not supported (tyk-ve test has no event loop); write the test synchronously (t.request waits for the answer)")
		}
		return err
	})
	var se *ScriptError
	if errors.As(err, &se) {
		f.cur.failures = append(f.cur.failures, "threw "+err.Error())
	} else if err != nil {
		f.cur.failures = append(f.cur.failures, err.Error())
	}
	return Outcome{Failures: f.cur.failures, Logs: f.cur.logs}
}

func isThenable(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	_, ok = goja.AssertFunction(o.Get("then"))
	return ok
}

// inTest returns the running test, throwing when none runs.
func (f *File) inTest(what string) *running {
	if f.cur == nil || f.cur.host == nil {
		f.throwType("%s: only inside a test (test(\"name\", (t) => { ... }))", what)
	}
	return f.cur
}

// nativeFail records a failed assertion at the test file's line that
// made it.
func (f *File) nativeFail(c goja.FunctionCall) goja.Value {
	r := f.inTest("an assertion")
	r.failures = append(r.failures, f.location()+": "+c.Argument(0).String())
	return goja.Undefined()
}

func (f *File) nativeRequest(c goja.FunctionCall) goja.Value {
	r := f.inTest("t.request")
	res, err := r.host.Request([]byte(c.Argument(0).String()))
	if err != nil {
		f.throwErr(fmt.Errorf("t.request: %w", err))
	}
	r.responses = append(r.responses, res)
	o := f.rt.NewObject()
	pairs := headerPairs(res.Header)
	list := make([]interface{}, len(pairs))
	for i, p := range pairs {
		list[i] = f.rt.NewArray(p[0], p[1])
	}
	_ = o.Set("id", len(r.responses)-1)
	_ = o.Set("status", res.Status)
	_ = o.Set("headers", f.rt.NewArray(list...))
	_ = o.Set("body", string(res.Body))
	return o
}

func (f *File) nativeUpstream(c goja.FunctionCall) goja.Value {
	r := f.inTest("t.upstream")
	if err := r.host.Upstream([]byte(c.Argument(0).String())); err != nil {
		f.throwType("t.upstream: %v", err)
	}
	return goja.Undefined()
}

func (f *File) nativeSession(c goja.FunctionCall) goja.Value {
	r := f.inTest("t.session")
	var raw []byte
	if s := c.Argument(0).String(); s != "" {
		raw = []byte(s)
	}
	if err := r.host.Session(raw); err != nil {
		f.throwType("t.session: %v", err)
	}
	return goja.Undefined()
}

func (f *File) nativeSessionMeta(goja.FunctionCall) goja.Value {
	r := f.inTest("t.sessionMeta")
	meta, ok := r.host.SessionMeta()
	if !ok {
		return goja.Undefined()
	}
	return f.rt.ToValue(string(meta))
}

func (f *File) nativeExpect(c goja.FunctionCall) goja.Value {
	r := f.inTest("t.expect")
	id := c.Argument(1).ToInteger()
	if id < 0 || id >= int64(len(r.responses)) {
		f.throwType("t.expect: the answer is not one of this test's")
	}
	fails, err := r.host.Expect([]byte(c.Argument(0).String()), r.responses[id])
	if err != nil {
		f.throwType("t.expect: %v", err)
	}
	list := make([]interface{}, len(fails))
	for i, s := range fails {
		list[i] = s
	}
	return f.rt.NewArray(list...)
}

func (f *File) nativeLog(c goja.FunctionCall) goja.Value {
	if f.cur != nil && len(f.cur.logs) < maxLogLines {
		f.cur.logs = append(f.cur.logs, "console."+c.Argument(0).String()+": "+c.Argument(1).String())
	}
	return goja.Undefined()
}
