package eventloop

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// callHandler defines handler with src and calls it through Loop.Call.
func callHandler(t *testing.T, l *Loop, ctx context.Context, src string) (goja.Value, error) {
	t.Helper()
	if _, err := l.rt.RunString("var handler = " + src); err != nil {
		t.Fatal(err)
	}
	fn, ok := goja.AssertFunction(l.rt.Get("handler"))
	if !ok {
		t.Fatal("handler is not a function")
	}
	return l.Call(ctx, fn, goja.Undefined(), l.rt.ToValue("arg"))
}

func TestCallAwaitsPromises(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"sync value", `function (a) { return "sync " + a }`, "sync arg"},
		{"async value", `async function (a) { return "async " + a }`, "async arg"},
		{"awaits timers", `async function (a) { await new Promise(r => setTimeout(r, 1)); return "after " + a }`, "after arg"},
		{"returned promise", `function (a) { return new Promise(r => setTimeout(() => r("later"), 0)) }`, "later"},
		{"parallel timers", `async function () {
			const wait = (v) => new Promise(r => setTimeout(() => r(v), 1));
			return (await Promise.all([wait("a"), wait("b"), wait("c")])).join("") }`, "abc"},
		{"thenable is a value", `function () { return {then() {}, toString() { return "thenable" }} }`, "thenable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newLoop(t)
			v, err := callHandler(t, l, context.Background(), tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if v.String() != tt.want {
				t.Fatalf("got %q, want %q", v.String(), tt.want)
			}
		})
	}
}

func TestCallFailures(t *testing.T) {
	l, _ := newLoop(t)
	var rej *RejectionError
	if _, err := callHandler(t, l, context.Background(), `async function () { throw new TypeError("nope") }`); !errors.As(err, &rej) ||
		rej.Reason.String() != "TypeError: nope" {
		t.Fatalf("rejection: got %v", err)
	}
	if _, err := callHandler(t, l, context.Background(), `function () { return new Promise(() => {}) }`); !errors.Is(err, ErrNeverSettles) {
		t.Fatalf("never settles: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := callHandler(t, l, ctx, `function () { return new Promise(r => setTimeout(r, 3600000)) }`); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: got %v", err)
	}
	if _, err := callHandler(t, l, context.Background(), `function () { queueMicrotask(() => { throw new Error("micro") }); return 1 }`); err == nil ||
		!strings.Contains(err.Error(), "micro") {
		t.Fatalf("microtask: got %v", err)
	}
	if _, err := callHandler(t, l, context.Background(), `async function () { setTimeout(() => { throw new Error("in timer") }); await new Promise(r => setTimeout(r, 5)) }`); err == nil ||
		!strings.Contains(err.Error(), "in timer") {
		t.Fatalf("timer: got %v", err)
	}
}

func TestUnhandledRejectionsAreReported(t *testing.T) {
	l, _ := newLoop(t)
	var reported []string
	l.OnUnhandledRejection(func(reason goja.Value) { reported = append(reported, reason.String()) })
	_, err := callHandler(t, l, context.Background(), `async function () {
		Promise.reject(new Error("lost"));
		const caught = Promise.reject(new Error("caught")); caught.catch(() => {});
		const late = Promise.reject(new Error("late"));
		await null;
		late.catch(() => {});
		throw new Error("own");
	}`)
	var rej *RejectionError
	if !errors.As(err, &rej) {
		t.Fatalf("got %v", err)
	}
	if strings.Join(reported, ",") != "Error: lost" {
		t.Fatalf("reported %q", reported)
	}
}

// TestSyncCallCancelsWhatItLeft: a handler that returns a value settles
// the call; its timers never run and leave nothing behind.
func TestSyncCallCancelsWhatItLeft(t *testing.T) {
	l, got := newLoop(t)
	before := runtime.NumGoroutine()
	for i := 0; i < 100; i++ {
		if _, err := callHandler(t, l, context.Background(), `function () { setTimeout(() => record("late"), 0); setInterval(() => record("late"), 1); return 1 }`); err != nil {
			t.Fatal(err)
		}
	}
	if len(*got) != 0 || l.timers.pending() != 0 {
		t.Fatalf("ran %q, %d timers pending", *got, l.timers.pending())
	}
	testutil.WaitUntil(t, "goroutines to return to their count", func() bool { return runtime.NumGoroutine() <= before })
}

// TestStopEndsAWaitingCall: Stop from another goroutine ends a call that
// waits on a timer far in the future, with Stop's error.
func TestStopEndsAWaitingCall(t *testing.T) {
	l, _ := newLoop(t)
	stop := errors.New("stopped by the heap guard")
	if _, err := l.rt.RunString(`var handler = async function () { await new Promise(r => setTimeout(r, 3600000)) }`); err != nil {
		t.Fatal(err)
	}
	fn, _ := goja.AssertFunction(l.rt.Get("handler"))
	go func() {
		testutil.WaitUntil(t, "the call to wait on its timer", func() bool {
			l.mu.Lock()
			defer l.mu.Unlock()
			return l.running && l.registered > 0
		})
		l.Stop(stop)
	}()
	if _, err := l.Call(context.Background(), fn, goja.Undefined()); !errors.Is(err, stop) {
		t.Fatalf("got %v, want %v", err, stop)
	}
	l.Stop(errors.New("between calls")) // a no-op
	if v, err := callHandler(t, l, context.Background(), `function () { return 1 }`); err != nil || v.ToInteger() != 1 {
		t.Fatalf("next call: %v, %v", v, err)
	}
}
