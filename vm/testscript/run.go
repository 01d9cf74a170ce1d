package testscript

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

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
		t, err := f.makeT(goja.Undefined(), f.rt.ToValue(name))
		if err != nil {
			return err
		}
		ret, err := fn(goja.Undefined(), t)
		if err != nil {
			return err
		}
		return f.settled(ret)
	})
	var se *ScriptError
	if errors.As(err, &se) {
		f.cur.failures = append(f.cur.failures, "threw "+err.Error())
	} else if err != nil {
		f.cur.failures = append(f.cur.failures, err.Error())
	}
	return Outcome{Failures: f.cur.failures, Logs: f.cur.logs}
}

// settled checks what an async test returned. There is no event loop:
// the promise jobs run when the test function returns, so an async test
// whose awaits are all settled (t.request is synchronous) has finished
// by then; one still pending waits on something nothing will ever settle.
func (f *File) settled(ret goja.Value) error {
	p, ok := ret.Export().(*goja.Promise)
	if !ok {
		if isThenable(ret) {
			return errors.New("the test returned a thenable that is not a Promise: tyk-ve test cannot wait for it")
		}
		return nil
	}
	switch p.State() {
	case goja.PromiseStateRejected:
		return f.rejection(p.Result())
	case goja.PromiseStatePending:
		return errors.New("the test's promise is still pending when the test returns: tyk-ve test has no event loop " +
			"(no timers, no fetch), so an async test may only await what is already settled (t.request waits for the answer)")
	}
	return nil
}

func isThenable(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	_, ok = goja.AssertFunction(o.Get("then"))
	return ok
}

// pcSuffix is the program counter goja writes after a frame's column.
var pcSuffix = regexp.MustCompile(`:(\d+):(\d+)\(\d+\)`)

// rejection describes a rejected test promise as a thrown exception: the
// value and, for an Error, its stack (without the prelude's frames).
func (f *File) rejection(v goja.Value) error {
	e := &ScriptError{Message: "exception"}
	func() {
		defer func() { _ = recover() }() // a toString that throws
		e.Message = v.String()
	}()
	o, ok := v.(*goja.Object)
	if !ok {
		return e
	}
	stack := o.Get("stack")
	if stack == nil || !isString(stack) {
		return e
	}
	var b strings.Builder
	for i, line := range strings.Split(stack.String(), "\n") {
		line = strings.TrimSpace(line)
		if i == 0 || !strings.HasPrefix(line, "at ") || strings.Contains(line, preludeName) || strings.Contains(line, "(native)") {
			continue
		}
		b.WriteString("\t" + pcSuffix.ReplaceAllString(line, ":$1:$2") + "\n")
	}
	e.Stack = b.String()
	return e
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
