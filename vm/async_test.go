package vm

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// Async handlers (issue 13 §1): a Tyk-style function may be async or return
// a Promise; the call awaits it on the runtime's event loop.
func TestAsyncHandlers(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, nil, `
		async function plain(r) { return TykJsResponse({Body: "async " + r.URL, Code: 201}, null) }
		async function awaited() {
			const wait = (ms, v) => new Promise(res => setTimeout(() => res(v), ms));
			const parts = await Promise.all([wait(1, "a"), wait(2, "b"), wait(0, "c")]);
			return TykJsResponse({Body: parts.join(""), Code: 200}, null);
		}
		function returned() { return new Promise(res => queueMicrotask(() => res(TykJsResponse({Body: "micro", Code: 200}, null)))) }
		async function asString() { return JSON.stringify({Response: {Body: "as string", Code: 202}}) }
		async function rejects() { await null; throw new TypeError("boom") }
		function rejectsValue() { return Promise.reject("a reason") }
		function neverSettles() { return new Promise(() => {}) }
		async function webapi() {
			const u = new URL("/p?q=1", "https://example.com");
			const bytes = new TextEncoder().encode(u.searchParams.get("q") + atob("eA=="));
			return TykJsResponse({Body: u.origin + " " + new TextDecoder().decode(bytes) + " " + structuredClone({a: [1]}).a[0], Code: 200}, null);
		}`)
	tests := []struct {
		fn, body string
		code     int
	}{
		{"plain", "async /", 201},
		{"awaited", "abc", 200},
		{"returned", "micro", 200},
		{"asString", "as string", 202},
		{"webapi", "https://example.com 1x 1", 200},
	}
	for _, tt := range tests {
		resp, err := call(t, p, tt.fn, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.fn, err)
		}
		if resp.Body != tt.body || resp.Code != tt.code {
			t.Errorf("%s: got %d %q, want %d %q", tt.fn, resp.Code, resp.Body, tt.code, tt.body)
		}
	}
	for _, tt := range []struct{ fn, msg string }{
		{"rejects", "Uncaught (in promise) TypeError: boom"},
		{"rejectsValue", "Uncaught (in promise) a reason"},
	} {
		_, err := call(t, p, tt.fn, nil)
		var se *ScriptError
		if !errors.As(err, &se) || se.Message != tt.msg {
			t.Fatalf("%s: got %v, want a script error %q", tt.fn, err, tt.msg)
		}
		if tt.fn == "rejects" && (!strings.Contains(se.Stack, "\tat rejects (test0.js:") || goPC.MatchString(strings.Split(se.Stack, "\n")[0])) {
			t.Errorf("%s: stack %q does not name the function", tt.fn, se.Stack)
		}
	}
	before := p.Stats().Destroyed
	start := time.Now()
	if _, err := call(t, p, "neverSettles", nil); !errors.Is(err, ErrTimeout) {
		t.Fatalf("neverSettles: got %v, want ErrTimeout", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("neverSettles waited for the deadline: nothing could settle it")
	}
	if p.Stats().Destroyed != before {
		t.Errorf("a runtime was destroyed for a promise that could not settle")
	}
}

// TestAsyncDeadline: a handler awaiting more than its deadline ends with
// the timeout; its timers and its runtime go, and the next call on the
// pool works.
func TestAsyncDeadline(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm = 1, 1 }, `
		var fired = 0;
		async function slow() { setInterval(() => fired++, 1); await new Promise(r => setTimeout(r, 3600000)) }
		function count() { return TykJsResponse({Body: String(fired), Code: 200}, null) }`)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := p.Call(ctx, &Call{Function: "slow", Request: &Request{URL: "/"}}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
	resp, err := call(t, p, "count", nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Body != "0" {
		t.Fatalf("a timer of the timed-out call reached the next one: fired = %s", resp.Body)
	}
}

// TestTimersDoNotOutliveTheirCall: a call that settles with timers still
// pending cancels them; none runs in a later call on the same runtime.
func TestTimersDoNotOutliveTheirCall(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm, c.State = 1, 1, StateShared }, `
		var fired = [];
		function arm() { setTimeout(() => fired.push("timeout"), 0); setInterval(() => fired.push("interval"), 1);
			queueMicrotask(() => fired.push("micro")); return TykJsResponse({Body: "armed", Code: 200}, null) }
		async function later() { await new Promise(r => setTimeout(r, 5)); return TykJsResponse({Body: fired.join(","), Code: 200}, null) }`)
	if _, err := call(t, p, "arm", nil); err != nil {
		t.Fatal(err)
	}
	resp, err := call(t, p, "later", nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Body != "micro" {
		t.Fatalf("fired %q, want only the microtask of the first call", resp.Body)
	}
}

// TestPlatformGlobalsAreRestored: the new globals are platform globals; a
// call that reassigns them does not change them for the next call.
func TestPlatformGlobalsAreRestored(t *testing.T) {
	t.Parallel()
	for _, g := range []string{"setTimeout", "queueMicrotask", "URL", "console", "structuredClone", "atob"} {
		p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm = 1, 1 }, `
			function clobber() { `+g+` = 42; return TykJsResponse({Body: typeof `+g+`, Code: 200}, null) }
			function check() { return TykJsResponse({Body: typeof `+g+`, Code: 200}, null) }`)
		first, err := call(t, p, "clobber", nil)
		if err != nil {
			t.Fatal(err)
		}
		second, err := call(t, p, "check", nil)
		if err != nil {
			t.Fatal(err)
		}
		if first.Body != "number" || second.Body == "number" {
			t.Errorf("%s: clobbered %q, next call sees %q", g, first.Body, second.Body)
		}
	}
}

// TestConsoleLogsWithTheCallsFields: console writes to the gateway log
// with the call's fields; an unhandled rejection is logged as a warning.
func TestConsoleLogsWithTheCallsFields(t *testing.T) {
	t.Parallel()
	logger, buf := captureLogger()
	p := newTestPool(t, nil, `async function run() {
		console.warn("hello", {a: 1});
		Promise.reject(new Error("forgotten"));
		return TykJsResponse({Body: "ok", Code: 200}, null) }`)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	entry := logger.WithField("api_id", "api-42").WithField("endpoint", "/ep").WithField("function", "run").WithField("request_id", "req-7")
	if _, err := p.Call(ctx, &Call{Function: "run", Request: &Request{URL: "/"}, Logger: entry}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"msg":"hello { a: 1 }"`, `"level":"warning"`, `"api_id":"api-42"`, `"request_id":"req-7"`,
		`"type":"console"`, `unhandled promise rejection: Error: forgotten`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
}

// TestAsyncLeak: many async calls, some timing out with timers and
// intervals pending, leave no goroutine, timer or runtime behind.
func TestAsyncLeak(t *testing.T) {
	calls := 2000
	if testing.Short() || raceEnabled {
		calls = 200
	}
	before := runtime.NumGoroutine()
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm = 2, 1 }, `
		async function work(r) {
			setInterval(() => {}, 1);
			setTimeout(() => {}, 3600000);
			await new Promise(res => setTimeout(res, 1));
			return TykJsResponse({Body: "ok", Code: 200}, null);
		}
		async function hang() { setInterval(() => {}, 1); await new Promise(res => setTimeout(res, 3600000)) }`)
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var warm uint64
	for i := 0; i < calls; i++ {
		if i == calls/2 {
			warm = heap()
		}
		fn, d := "work", 2*time.Second
		if i%20 == 0 {
			fn, d = "hang", 2*time.Millisecond
		}
		ctx, cancel := context.WithTimeout(context.Background(), d)
		_, err := p.Call(ctx, &Call{Function: fn, Request: &Request{URL: "/"}})
		cancel()
		if fn == "work" && err != nil || fn == "hang" && !errors.Is(err, ErrTimeout) && !errors.Is(err, ErrPoolExhausted) {
			t.Fatalf("call %d (%s): %v", i, fn, err)
		}
	}
	// The second half of the calls must not grow the heap: what a call
	// leaves (timers, callbacks, promises) is released when it ends.
	if end := heap(); end > warm+4<<20 {
		t.Errorf("heap grew from %d KiB to %d KiB over %d calls", warm>>10, end>>10, calls/2)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); s.Live != 0 || s.Created != s.Destroyed {
		t.Fatalf("runtimes left after Close: %+v", s)
	}
	waitGoroutines(t, before)
}

// TestStoppingAnAwaitingCall: the heap guard's stop ends a call that is
// waiting on its event loop (no JavaScript running to interrupt) at once.
func TestStoppingAnAwaitingCall(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, nil, `async function wait() { await new Promise(r => setTimeout(r, 3600000)) }`)
	stop := errors.New("heap limit")
	go func() {
		testutil.WaitUntil(t, "the call to run", func() bool { return len(p.RunningCalls(nil)) == 1 })
		for _, c := range p.RunningCalls(nil) {
			c.Stop(stop)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	if _, err := p.Call(ctx, &Call{Function: "wait", Request: &Request{URL: "/"}}); !errors.Is(err, stop) {
		t.Fatalf("got %v, want %v", err, stop)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Fatalf("the stopped call ran %v", d)
	}
}
