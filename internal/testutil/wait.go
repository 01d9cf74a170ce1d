package testutil

import (
	"testing"
	"time"
)

// WaitTimeout bounds WaitFor: long enough for a loaded CI machine running
// the race detector, short enough that a wedged test fails visibly.
const WaitTimeout = 10 * time.Second

// WaitFor polls cond (observable state: a counter, a pool's stats) every
// millisecond until it holds, failing the test with what() after
// WaitTimeout.
func WaitFor(t testing.TB, cond func() bool, what func() string) {
	t.Helper()
	for deadline := time.Now().Add(WaitTimeout); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal(what())
		}
	}
}

// WaitUntil is WaitFor with a fixed description of what is awaited.
func WaitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	WaitFor(t, cond, func() string { return "timed out waiting for " + what })
}
