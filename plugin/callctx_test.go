package plugin

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

type ctxKey struct{}

// TestCallContext holds callContext to what context.WithDeadline does, with
// Done asked for and without.
func TestCallContext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		timeout time.Duration // from now
		cancel  string        // "", "parent" or "end"
		want    error
	}{
		{"running", time.Hour, "", nil},
		{"deadline passed", time.Millisecond, "", context.DeadlineExceeded},
		{"parent cancelled", time.Hour, "parent", context.Canceled},
		{"ended", time.Hour, "end", context.Canceled},
		{"ended after the deadline", time.Millisecond, "end", context.DeadlineExceeded},
	} {
		for _, askDone := range []bool{false, true} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				parent, cancelParent := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
				defer cancelParent()
				var c callContext
				deadline := time.Now().Add(tc.timeout)
				ctx := c.start(parent, deadline)
				if d, ok := ctx.Deadline(); !ok || !d.Equal(deadline) {
					t.Fatalf("Deadline() = %v, %v", d, ok)
				}
				if ctx.Value(ctxKey{}) != "v" {
					t.Fatal("Value does not reach the parent")
				}
				var done <-chan struct{}
				if askDone {
					done = ctx.Done()
				}
				if tc.want == context.DeadlineExceeded {
					time.Sleep(2 * tc.timeout) // the clock has to pass the deadline
				}
				switch tc.cancel {
				case "parent":
					cancelParent()
				case "end":
					c.end()
				}
				if tc.want == nil {
					if err := ctx.Err(); err != nil {
						t.Fatalf("Err() = %v, want nil", err)
					}
					return
				}
				if err := ctx.Err(); !errors.Is(err, tc.want) {
					t.Fatalf("Err() = %v, want %v", err, tc.want)
				}
				if done == nil {
					done = ctx.Done() // asked for only now: closed already
				}
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					t.Fatal("Done not closed")
				}
				if err := ctx.Err(); !errors.Is(err, tc.want) {
					t.Fatalf("after Done, Err() = %v, want %v", err, tc.want)
				}
			})
		}
	}
}

// TestCallContextParentDeadline: the sooner of the two deadlines.
func TestCallContextParentDeadline(t *testing.T) {
	t.Parallel()
	soon := time.Now().Add(time.Minute)
	parent, cancel := context.WithDeadline(context.Background(), soon)
	defer cancel()
	var c callContext
	if d, _ := c.start(parent, soon.Add(time.Hour)).Deadline(); !d.Equal(soon) {
		t.Fatalf("Deadline() = %v, want the parent's %v", d, soon)
	}
}

// TestCallContextDoneOnce: concurrent Done calls share one context.
func TestCallContextDoneOnce(t *testing.T) {
	t.Parallel()
	var c callContext
	ctx := c.start(context.Background(), time.Now().Add(time.Hour))
	chans := make([]<-chan struct{}, 8)
	var wg sync.WaitGroup
	for i := range chans {
		wg.Add(1)
		go func() { defer wg.Done(); chans[i] = ctx.Done() }()
	}
	wg.Wait()
	for _, ch := range chans[1:] {
		if ch != chans[0] {
			t.Fatal("Done returned different channels")
		}
	}
	c.end()
	<-chans[0]
}

// TestCallContextAllocations: a call that never asks for Done allocates
// nothing for its context.
func TestCallContextAllocations(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	var c callContext
	n := testing.AllocsPerRun(100, func() {
		c = callContext{}
		ctx := c.start(parent, time.Now().Add(time.Second))
		_ = ctx.Err()
		_, _ = ctx.Deadline()
		c.end()
	})
	if n != 0 {
		t.Fatalf("%v allocations, want 0", n)
	}
}
