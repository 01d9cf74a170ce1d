package vm

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/capacity"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

const echoSrc = `function f(r) { return TykJsResponse({Body: r.URL, Code: 200}) }`

func TestPoolSizeFromMemory(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		maxRuntimes    int
		maxMemory, rtm int64
		want           int
		wantErr        string
	}{
		{name: "defaults: 128MiB / 512KiB", want: 256},
		{name: "budget", maxMemory: 10 << 20, rtm: 1 << 20, want: 10},
		{name: "explicit max_runtimes wins", maxRuntimes: 3, maxMemory: 10 << 20, want: 3},
		{name: "budget below one runtime", maxMemory: 100 << 10, rtm: 256 << 10, wantErr: "max_runtimes: must be >= 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := NewPoolConfig("api", []Script{{Name: "a.js", Source: echoSrc}}, testLogger())
			cfg.Prewarm = 0
			cfg.MaxRuntimes = tc.maxRuntimes
			if tc.maxMemory != 0 {
				cfg.MaxMemory = tc.maxMemory
			}
			if tc.rtm != 0 {
				cfg.RuntimeMemory = tc.rtm
			}
			p, err := NewPool(cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("NewPool error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			if got := p.Stats().Max; got != tc.want {
				t.Fatalf("MaxRuntimes = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestPoolManyConcurrentWaits checks that calls waiting on I/O do not
// queue behind each other: 64 calls that each wait for a channel all run at
// once with the default sizing.
func TestPoolManyConcurrentWaits(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.Prewarm = 0 }, echoSrc)
	const n = 64
	held := make([]*Runtime, 0, n)
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		rt, err := p.Acquire(ctx)
		cancel()
		if err != nil {
			t.Fatalf("acquire %d with %d held: %v", i, len(held), err)
		}
		held = append(held, rt)
	}
	for _, rt := range held {
		p.Release(rt)
	}
	if s := p.Stats(); s.InUse != 0 || s.Live != n {
		t.Fatalf("stats = %+v, want %d live, none in use", s, n)
	}
}

// TestPoolNodeBudget checks that pools sharing a node budget stay within
// it, that every pool keeps at least one runtime, and that the memory comes
// back when runtimes are retired or the pool closes.
func TestPoolNodeBudget(t *testing.T) {
	t.Parallel()
	const rtm = 1 << 20
	budget := capacity.NewBudget(3 * rtm)
	newPool := func() *Pool {
		return newTestPool(t, func(c *PoolConfig) {
			c.Budget, c.RuntimeMemory, c.Prewarm = budget, rtm, 0
			c.AcquireTimeout, c.IdleTimeout = 20*time.Millisecond, 20*time.Millisecond
		}, echoSrc)
	}
	a := newPool()
	var held []*Runtime
	for i := 0; i < 3; i++ {
		rt, err := a.Acquire(context.Background())
		if err != nil {
			t.Fatalf("acquire %d within the budget: %v", i, err)
		}
		held = append(held, rt)
	}
	if _, err := a.Acquire(context.Background()); !errors.Is(err, ErrPoolExhausted) {
		t.Fatalf("acquire past the node budget: err = %v, want ErrPoolExhausted", err)
	}
	b := newPool() // its first runtime is granted past the budget
	if budget.Used() != 4*rtm {
		t.Fatalf("budget used = %d, want 4 runtimes", budget.Used())
	}
	if _, err := call(t, b, "f", &Request{URL: "/x"}); err != nil {
		t.Fatalf("a new API must always get one runtime: %v", err)
	}
	for _, rt := range held {
		a.Release(rt)
	}
	// Prewarm is 0: every idle runtime is retired after IdleTimeout.
	testutil.WaitUntil(t, "idle runtimes retired", func() bool {
		s := a.Stats()
		return s.Live == 0 && s.Retired == 3
	})
	testutil.WaitUntil(t, "budget back to pool b's runtime", func() bool { return budget.Used() <= rtm })
	_ = b.Close()
	_ = a.Close()
	if budget.Used() != 0 {
		t.Fatalf("budget used = %d after both pools closed, want 0", budget.Used())
	}
	// A pool with no runtime left gets one again.
	c := newPool()
	if _, err := call(t, c, "f", &Request{URL: "/x"}); err != nil {
		t.Fatal(err)
	}
}

func TestPoolRetiresIdleAbovePrewarm(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.Prewarm, c.IdleTimeout = 1, 20*time.Millisecond }, echoSrc)
	var held []*Runtime
	for i := 0; i < 4; i++ {
		rt, err := p.Acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, rt)
	}
	for _, rt := range held {
		p.Release(rt)
	}
	testutil.WaitUntil(t, "retirement down to prewarm", func() bool {
		s := p.Stats()
		return s.Live == 1 && s.Idle == 1 && s.Retired >= 3
	})
	if _, err := call(t, p, "f", &Request{URL: "/x"}); err != nil {
		t.Fatal(err)
	}
}

// TestPoolRunningCallsStop checks the heap guard's view of a pool: a
// running call is listed with its function, stopping it ends the call with
// the guard's error and destroys the runtime, and a stale stop is refused.
func TestPoolRunningCallsStop(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.Prewarm = 0 },
		`function spin() { for (;;) {} }`, echoSrc)
	if got := p.RunningCalls(nil); len(got) != 0 {
		t.Fatalf("idle pool lists %d running calls", len(got))
	}
	cfg, err := NewConfigObject("api-1", "org-1", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_, err := p.Call(ctx, &Call{Function: "spin", Request: &Request{URL: "/"}, Session: []byte("{}"), Config: cfg})
		done <- err
	}()
	var running []capacity.Call
	testutil.WaitUntil(t, "the call to be listed", func() bool {
		running = p.RunningCalls(running[:0])
		return len(running) == 1
	})
	c := running[0]
	if c.API != "test-api" || c.Function != "spin" || c.Started.IsZero() {
		t.Fatalf("running call = %+v", c)
	}
	if !c.Stop(capacity.ErrHeapLimit) {
		t.Fatal("Stop refused a running call")
	}
	if c.Stop(capacity.ErrHeapLimit) {
		t.Fatal("a second Stop of the same call succeeded")
	}
	if err := <-done; !errors.Is(err, capacity.ErrHeapLimit) {
		t.Fatalf("stopped call err = %v, want ErrHeapLimit", err)
	}
	testutil.WaitUntil(t, "the stopped runtime destroyed", func() bool { return p.Stats().Destroyed == 1 })
	if _, err := call(t, p, "f", &Request{URL: "/x"}); err != nil {
		t.Fatalf("next call after a stop: %v", err)
	}
	if c.Stop(capacity.ErrHeapLimit) {
		t.Fatal("a stale Stop landed on a later call")
	}
}
