package vm

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// waitGoroutines fails the test unless the goroutine count drops back to at
// most want within a few seconds (a goleak-style check without the module).
func waitGoroutines(t testing.TB, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("goroutine leak: %d running, want <= %d\n%s", n, want, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestNoLeakAfterManyCallsAndTimeouts: 100,000 calls, 1,000 of which time
// out in an endless loop, leave no goroutine and no runtime behind once the
// pool is closed, and never more runtimes than the bound while running.
// (AcquireTimeout is the ok calls' deadline: on a loaded machine, under -race,
// replacing a runtime after a spin can take longer than the 1 s default, and
// the test is about leaks, not about how long a call waits.)
func TestNoLeakAfterManyCallsAndTimeouts(t *testing.T) {
	const total, timeouts, workers = 100000, 1000, 4
	calls := total
	if testing.Short() || raceEnabled {
		calls = total / 10 // the race detector slows goja ~10x; the full run is in CI without -race
	}
	before := runtime.NumGoroutine()
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes = 3; c.Prewarm = 2; c.AcquireTimeout = 2 * time.Second },
		`function ok(r) { return TykJsResponse({Body: r.URL, Code: 200}, null) }`,
		`function spin() { for (;;) {} }`)
	var next, gotTimeouts, maxLive atomic.Int64
	timeoutEvery := int64(calls / timeouts)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := &Request{URL: "/x"}
			for {
				i := next.Add(1)
				if i > int64(calls) {
					return
				}
				fn, d := "ok", 2*time.Second
				if i%timeoutEvery == 0 {
					fn, d = "spin", 2*time.Millisecond
				}
				ctx, cancel := context.WithTimeout(context.Background(), d)
				_, err := p.Call(ctx, &Call{Function: fn, Request: req})
				cancel()
				switch {
				case fn == "spin" && (errors.Is(err, ErrTimeout) || errors.Is(err, ErrPoolExhausted)):
					gotTimeouts.Add(1) // the deadline hit while running, or while waiting for a runtime
				case err != nil:
					t.Errorf("call %d (%s): %v (pool %+v)", i, fn, err, p.Stats())
					return
				}
				if live := p.Stats().Live; live > maxLive.Load() {
					maxLive.Store(live)
				}
			}
		}()
	}
	wg.Wait()
	if want := int64(calls) / timeoutEvery; gotTimeouts.Load() != want {
		t.Fatalf("timeouts = %d, want %d", gotTimeouts.Load(), want)
	}
	if maxLive.Load() > 3 {
		t.Fatalf("live runtimes reached %d, bound is 3", maxLive.Load())
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); s.Live != 0 || s.Created != s.Destroyed {
		t.Fatalf("runtimes left after Close: %+v", s)
	}
	waitGoroutines(t, before)
}

// TestCloseWaitsForInFlightCalls: Close, called while a call holds the only
// runtime, refuses new calls at once, waits for the in-flight call, which
// finishes normally, and is idempotent. The call waits on an upstream the
// test holds, so it is certainly in flight when Close starts.
func TestCloseWaitsForInFlightCalls(t *testing.T) {
	t.Parallel()
	up := testutil.NewGateUpstream(t)
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes = 1; c.Prewarm = 1 },
		veSource(`TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: `+js(up.URL)+`})); return "done";`))
	done := make(chan error, 1)
	go func() {
		resp, err := call(t, p, "run", nil)
		if err == nil && resp.Body != "done" {
			err = errors.New("wrong body " + resp.Body)
		}
		done <- err
	}()
	up.WaitArrived(t, 1)
	closed := make(chan struct{})
	go func() { _ = p.Close(); close(closed) }()
	// Close has started once Acquire refuses with ErrClosed (before, with
	// the only runtime held, it gives up with ErrPoolExhausted).
	testutil.WaitFor(t, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		rt, err := p.Acquire(ctx)
		if err == nil {
			p.Release(rt)
		}
		return errors.Is(err, ErrClosed)
	}, func() string { return "Close never started refusing calls" })
	select {
	case <-closed:
		t.Fatal("Close returned while a call was in flight")
	case err := <-done:
		t.Fatalf("the in-flight call ended before its upstream answered: %v", err)
	default:
	}
	up.Open()
	if err := <-done; err != nil {
		t.Fatalf("in-flight call failed: %v", err)
	}
	<-closed
	if s := p.Stats(); s.Live != 0 || s.InUse != 0 {
		t.Fatalf("pool after Close: %+v", s)
	}
	if _, err := call(t, p, "run", nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("call after Close: %v, want ErrClosed", err)
	}
	_ = p.Close() // idempotent
}

func TestAcquireHonoursDeadlineWhenExhausted(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes = 1; c.Prewarm = 1 }, `function f() {}`)
	rt, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Release(rt)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := p.Acquire(ctx); !errors.Is(err, ErrPoolExhausted) {
		t.Fatalf("err = %v, want ErrPoolExhausted", err)
	}
	if time.Since(start) > time.Second {
		t.Fatal("Acquire did not honour the deadline")
	}
}

func TestStackDepthLimit(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.Limits.MaxStackDepth = 50 },
		`function deep(n) { return n <= 0 ? 0 : 1 + deep(n - 1) }
		 function f(r) { return TykJsResponse({Body: String(deep(Number(r.URL))), Code: 200}) }`)
	if resp, err := call(t, p, "f", &Request{URL: "40"}); err != nil || resp.Body != "40" {
		t.Fatalf("within limit: %v %+v", err, resp)
	}
	if _, err := call(t, p, "f", &Request{URL: "100000"}); !errors.Is(err, ErrStackOverflow) {
		t.Fatalf("err = %v, want ErrStackOverflow", err)
	}
	if resp, err := call(t, p, "f", &Request{URL: "3"}); err != nil || resp.Body != "3" {
		t.Fatalf("after overflow: %v %+v", err, resp)
	}
}
