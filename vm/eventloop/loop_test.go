package eventloop

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// newLoop returns a runtime with the loop's globals and a record(x)
// function collecting what scripts log.
func newLoop(t testing.TB) (*Loop, *[]string) {
	t.Helper()
	rt := goja.New()
	l := New(rt)
	if err := l.Install(); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := rt.Set("record", func(s string) { got = append(got, s) }); err != nil {
		t.Fatal(err)
	}
	return l, &got
}

// runScript runs src as the first function of one call.
func runScript(l *Loop, ctx context.Context, src string) error {
	return l.Run(ctx, func() error {
		_, err := l.Runtime().RunString(src)
		return err
	})
}

func TestRunOrdersSyncMicrotasksAndTimers(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"sync only", `record("a"); record("b")`, "a b"},
		{"microtasks after sync, in order",
			`queueMicrotask(() => record("m1")); Promise.resolve().then(() => record("p")); queueMicrotask(() => record("m2")); record("sync")`,
			"sync m1 p m2"},
		{"timer after microtasks", `setTimeout(() => record("t")); queueMicrotask(() => record("m")); record("s")`, "s m t"},
		{"timer arguments", `setTimeout((a, b) => record(a + b), 0, "x", "y")`, "xy"},
		{"await a timer", `(async () => { await new Promise(r => setTimeout(r, 1)); record("after") })(); record("before")`, "before after"},
		{"nested timers", `setTimeout(() => { record("1"); setTimeout(() => record("2")) })`, "1 2"},
		{"interval cleared by itself",
			`let n = 0; const id = setInterval(() => { record(String(++n)); if (n === 3) clearInterval(id) }, 0)`, "1 2 3"},
		{"cleared timeout never runs", `const id = setTimeout(() => record("no"), 0); clearTimeout(id); record("yes")`, "yes"},
		{"clearTimeout clears an interval", `const id = setInterval(() => record("no"), 0); clearTimeout(id); record("yes")`, "yes"},
		{"clear of unknown ids", `clearTimeout(); clearTimeout(null); clearTimeout(99); clearInterval("x"); record("ok")`, "ok"},
		{"negative and NaN delays", `setTimeout(() => record("a"), -5); setTimeout(() => record("b"), NaN)`, "a b"},
		{"ids start at 1", `record(String(setTimeout(() => {}))); record(String(setInterval(() => {})) ); clearInterval(2)`, "1 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, got := newLoop(t)
			ctx, cancel := context.WithTimeout(context.Background(), testutil.WaitTimeout)
			defer cancel()
			if err := runScript(l, ctx, tt.src); err != nil {
				t.Fatal(err)
			}
			if s := strings.Join(*got, " "); s != tt.want {
				t.Fatalf("got %q, want %q", s, tt.want)
			}
		})
	}
}

func TestRunReportsErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"timer callback throws", `setTimeout(() => { throw new Error("in timer") })`, "in timer"},
		{"microtask throws", `queueMicrotask(() => { throw new Error("in microtask") })`, "in microtask"},
		{"callback not a function", `setTimeout("record(1)")`, "TypeError: setTimeout: the callback is not a function"},
		{"microtask not a function", `queueMicrotask(1)`, "TypeError: queueMicrotask: the callback is not a function"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newLoop(t)
			err := runScript(l, context.Background(), tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestTimerLimit(t *testing.T) {
	l, got := newLoop(t)
	l.SetMaxTimers(3)
	src := `for (let i = 0; i < 3; i++) setTimeout(() => {});
		try { setTimeout(() => {}) } catch (e) { record(e instanceof RangeError ? e.message : "wrong type") }`
	if err := runScript(l, context.Background(), src); err != nil {
		t.Fatal(err)
	}
	if want := "setTimeout: more than 3 timers in one call"; len(*got) != 1 || (*got)[0] != want {
		t.Fatalf("got %q, want %q", *got, want)
	}
	// the count is per call
	*got = nil
	if err := runScript(l, context.Background(), `for (let i = 0; i < 3; i++) setTimeout(() => {}); record("ok")`); err != nil {
		t.Fatal(err)
	}
}

func TestRegisterCallbackRunsOnTheLoop(t *testing.T) {
	l, got := newLoop(t)
	var onLoop atomic.Bool
	err := l.Run(context.Background(), func() error {
		enqueue := l.RegisterCallback()
		p, resolve, _ := l.rt.NewPromise()
		if err := l.rt.Set("p", p); err != nil {
			return err
		}
		if _, err := l.rt.RunString(`p.then(v => record("resolved " + v))`); err != nil {
			return err
		}
		go func() {
			enqueue(func() error {
				onLoop.Store(true)
				return resolve("from Go")
			})
			enqueue(func() error { return errors.New("a second enqueue must be ignored") })
		}()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !onLoop.Load() || strings.Join(*got, ",") != "resolved from Go" {
		t.Fatalf("got %q", *got)
	}
}

func TestCallbackErrorEndsTheRun(t *testing.T) {
	l, _ := newLoop(t)
	boom := errors.New("boom")
	ran := false
	err := l.Run(context.Background(), func() error {
		l.RegisterCallback()(func() error { return boom })
		l.RegisterCallback()(func() error { ran = true; return nil })
		return nil
	})
	if !errors.Is(err, boom) || ran {
		t.Fatalf("err %v, ran %v", err, ran)
	}
}

func TestContextIsTheCalls(t *testing.T) {
	l, _ := newLoop(t)
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "call")
	var inside interface{}
	if err := l.Run(ctx, func() error { inside = l.Context().Value(key{}); return nil }); err != nil {
		t.Fatal(err)
	}
	if inside != "call" || l.Context() != context.Background() {
		t.Fatalf("inside %v, after %v", inside, l.Context())
	}
}

func TestRunUntilStopsWhenDone(t *testing.T) {
	l, got := newLoop(t)
	err := l.RunUntil(context.Background(), func() error {
		_, err := l.rt.RunString(`var settled = false;
			setTimeout(() => { settled = true; record("first") }, 0);
			setTimeout(() => record("never"), 3600000)`)
		return err
	}, func() bool { return l.rt.Get("settled").ToBoolean() })
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(*got, ",") != "first" || l.timers.pending() != 0 {
		t.Fatalf("got %q, timers left %d", *got, l.timers.pending())
	}
}

// TestNothingReachesTheNextCall ends a call by its context with a timer, an
// interval and a Go registration pending, then fires the registration: the
// next call sees none of it, and no goroutine or timer is left.
func TestNothingReachesTheNextCall(t *testing.T) {
	l, got := newLoop(t)
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	var enqueue func(func() error)
	release := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-release
		enqueue(func() error { *got = append(*got, "late Go callback"); return nil })
	}()
	err := l.Run(ctx, func() error {
		enqueue = l.RegisterCallback()
		_, err := l.rt.RunString(`setTimeout(() => record("late timer"), 3600000);
			setInterval(() => record("late interval"), 3600000);
			queueMicrotask(() => record("micro"))`)
		cancel()
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	close(release)
	<-done
	if err := runScript(l, context.Background(), `record("next")`); err != nil {
		t.Fatal(err)
	}
	if s := strings.Join(*got, ","); s != "micro,next" {
		t.Fatalf("got %q", s)
	}
	if l.timers.pending() != 0 || l.registered != 0 || len(l.queue) != 0 {
		t.Fatalf("left: %d timers, %d registered, %d queued", l.timers.pending(), l.registered, len(l.queue))
	}
	testutil.WaitUntil(t, "goroutines to return to their count", func() bool { return runtime.NumGoroutine() <= before })
}

func TestDeadlineWhileWaiting(t *testing.T) {
	l, _ := newLoop(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := runScript(l, ctx, `setTimeout(() => {}, 3600000)`)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
}

func TestEnqueueBetweenCallsIsHarmless(t *testing.T) {
	l, got := newLoop(t)
	enqueue := l.RegisterCallback() // no call running
	enqueue(func() error { *got = append(*got, "ran"); return nil })
	if err := runScript(l, context.Background(), `record("call")`); err != nil {
		t.Fatal(err)
	}
	if s := strings.Join(*got, ","); s != "call" {
		t.Fatalf("got %q", s)
	}
}

func TestTimersMadeBetweenCallsNeverRun(t *testing.T) {
	l, got := newLoop(t)
	if _, err := l.rt.RunString(`setTimeout(() => record("loaded"), 0)`); err != nil { // as a script's top level
		t.Fatal(err)
	}
	if err := runScript(l, context.Background(), `setTimeout(() => record("call"), 0)`); err != nil {
		t.Fatal(err)
	}
	if s := strings.Join(*got, ","); s != "call" {
		t.Fatalf("got %q", s)
	}
}
