package vm

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// TestPoolStatsWaitsResetsReplacements drives a one-runtime pool through a
// wait, isolation resets, a timeout and max_uses, and checks the counters
// the metrics report.
func TestPoolStatsWaitsResetsReplacements(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes = 1; c.Prewarm = 1; c.MaxUses = 3 },
		veSource(`return "ok";`), `function spin(request, session, config) { for (;;) {} }`)
	idle := func() bool { return p.Stats().InUse == 0 }
	notIdle := func() string { return "a runtime stayed in use" }

	// A wait: the only runtime is held, so the second Acquire waits until
	// its deadline.
	rt, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	if _, err := p.Acquire(ctx); !errors.Is(err, ErrPoolExhausted) {
		t.Fatalf("second acquire: %v, want ErrPoolExhausted", err)
	}
	cancel()
	p.Release(rt)

	// Two calls; the release above and each call are followed by a reset
	// (restore mode).
	for i := 0; i < 2; i++ {
		if _, err := call(t, p, "run", nil); err != nil {
			t.Fatal(err)
		}
	}
	testutil.WaitFor(t, idle, notIdle)
	// The third call reaches max_uses (the runtime also served the
	// Acquire/Release above, which is not a use): no reset, replaced.
	if _, err := call(t, p, "run", nil); err != nil {
		t.Fatal(err)
	}
	testutil.WaitFor(t, idle, notIdle)
	// A timeout destroys its runtime.
	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.Call(ctx, &Call{Function: "spin", Request: &Request{URL: "/"}}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("spin: %v, want ErrTimeout", err)
	}
	testutil.WaitFor(t, idle, notIdle)

	st := p.Stats()
	if st.Waits != 1 || st.WaitTime <= 0 {
		t.Errorf("waits %d (%s), want 1 (> 0)", st.Waits, st.WaitTime)
	}
	if st.Resets != 3 || st.ResetTime <= 0 || st.Isolation != "restore" {
		t.Errorf("resets %d (%s, %q), want 3 (> 0, restore)", st.Resets, st.ResetTime, st.Isolation)
	}
	want := Replacements{MaxUses: 1, Timeout: 1}
	if st.Replaced != want {
		t.Errorf("replaced %+v, want %+v", st.Replaced, want)
	}
}

// TestReplaceReason files each way a runtime breaks under its reason.
func TestReplaceReason(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		broken error
		want   replaceReason
	}{
		{"discarded", nil, replaceDiscarded},
		{"timeout", ErrTimeout, replaceTimeout},
		{"canceled", context.Canceled, replaceTimeout},
		{"deadline surfaced", &DeadlineError{Cause: ErrTimeout, Err: ErrScript}, replaceTimeout},
		{"stack", ErrStackOverflow, replaceStackOverflow},
		{"max uses", errMaxUses, replaceMaxUses},
		{"reset", errors.Join(errResetFailed, ErrScript), replaceResetFailed},
		{"panic", errors.New("panic: x"), replaceError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := reasonOf(tc.broken); got != tc.want {
				t.Errorf("reasonOf(%v) = %d, want %d", tc.broken, got, tc.want)
			}
		})
	}
}
