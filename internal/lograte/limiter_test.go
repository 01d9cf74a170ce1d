package lograte

import (
	"sync"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	t.Parallel()
	l := &Limiter{Interval: time.Hour}
	if !l.Allow() {
		t.Fatal("the first line was held back")
	}
	for i := 0; i < 5; i++ {
		if l.Allow() {
			t.Fatalf("line %d let through within the interval", i+2)
		}
	}
	if n := l.Suppressed(); n != 5 {
		t.Fatalf("Suppressed = %d, want 5", n)
	}
	if n := l.Suppressed(); n != 0 {
		t.Fatalf("Suppressed = %d after taking the count, want 0", n)
	}
}

// TestLimiterConcurrent: of many lines at once, exactly one passes.
func TestLimiterConcurrent(t *testing.T) {
	t.Parallel()
	var l Limiter // zero value: one second
	var wg sync.WaitGroup
	var mu sync.Mutex
	passed := 0
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if l.Allow() {
				mu.Lock()
				passed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if passed != 1 || l.Suppressed() != 49 {
		t.Fatalf("passed %d, want exactly 1 of 50", passed)
	}
}
