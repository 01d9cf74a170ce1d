package capacity

import (
	"errors"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// fakeCalls is a Tracker of calls that only record being stopped.
type fakeCalls struct {
	mu      sync.Mutex
	running map[string]time.Time
	stopped []string
	ended   map[string]bool // stopped calls that have unwound
}

func newFakeCalls(started map[string]time.Time) *fakeCalls {
	return &fakeCalls{running: started, ended: map[string]bool{}}
}

func (f *fakeCalls) RunningCalls(dst []Call) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	for name, at := range f.running {
		name := name
		dst = append(dst, Call{Started: at, API: "api", Function: name, Stop: func(err error) bool {
			if !errors.Is(err, ErrHeapLimit) {
				panic("stopped with " + err.Error())
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if _, ok := f.running[name]; !ok {
				return false
			}
			delete(f.running, name)
			f.stopped = append(f.stopped, name)
			return true
		}, Ended: func() bool {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.ended[name]
		}})
	}
	return dst
}

// end lets every stopped call finish unwinding.
func (f *fakeCalls) end() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range f.stopped {
		f.ended[n] = true
	}
}

func (f *fakeCalls) stoppedNames() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.stopped...)
}

func quietLogger() *logrus.Entry {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return logrus.NewEntry(l)
}

// newTestGuard returns a guard without its goroutine, reading heap from a
// variable the test sets; collections are counted.
func newTestGuard(t *testing.T, limit int64, heap *atomic.Int64, collections *atomic.Int64) *HeapGuard {
	t.Helper()
	g, err := NewHeapGuard(GuardConfig{Limit: limit, Logger: quietLogger(), CollectEvery: time.Hour, Quarantine: time.Hour,
		HeapBytes: heap.Load, Collect: func() { collections.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	// Stop the goroutine: the test drives check itself.
	_ = g.Close()
	return g
}

func TestHeapGuardStopsOldestAndResumes(t *testing.T) {
	t.Parallel()
	var heap, collections atomic.Int64
	g := newTestGuard(t, 1000, &heap, &collections)
	base := time.Now()
	calls := newFakeCalls(map[string]time.Time{
		"newest": base, "old": base.Add(-2 * time.Second), "oldest": base.Add(-3 * time.Second),
		"middle": base.Add(-time.Second), "young": base.Add(-time.Millisecond),
	})
	unregister := g.Register(calls)
	defer unregister()

	heap.Store(500)
	g.check()
	if !(g.Admit("api", "other") == nil) || len(calls.stoppedNames()) != 0 {
		t.Fatal("under the limit: calls refused or stopped")
	}

	heap.Store(1000)
	g.check()
	if g.Admit("api", "other") == nil {
		t.Fatal("at the limit: a new call was admitted")
	}
	// Five calls: a quarter rounded up is two, the oldest first.
	if got := calls.stoppedNames(); len(got) != 2 || got[0] != "oldest" || got[1] != "old" {
		t.Fatalf("stopped %v, want [oldest old]", got)
	}
	// Until the stopped calls have unwound their memory is still live:
	// nothing more is stopped and nothing collected.
	g.check()
	if len(calls.stoppedNames()) != 2 || collections.Load() != 0 {
		t.Fatalf("while the stopped calls unwind: stopped %v, %d collections", calls.stoppedNames(), collections.Load())
	}
	// Once they have ended, one collection shows what they freed.
	calls.end()
	heap.Store(950)
	g.check()
	settle(t, g)
	if collections.Load() != 1 {
		t.Fatalf("collections = %d, want 1 once the stopped calls ended", collections.Load())
	}
	// Between resume and the limit nothing more is stopped, and the next
	// collection waits CollectEvery.
	g.check()
	settle(t, g)
	if collections.Load() != 1 {
		t.Fatalf("collections = %d, want still 1", collections.Load())
	}
	if g.Admit("api", "other") == nil {
		t.Fatal("between resume (900) and the limit: admitted while overloaded")
	}
	if len(calls.stoppedNames()) != 2 {
		t.Fatal("below the limit: more calls stopped")
	}
	heap.Store(899)
	g.check()
	if !(g.Admit("api", "other") == nil) {
		t.Fatal("below resume: still refusing")
	}
	// The endpoints whose calls were stopped stay refused for Quarantine;
	// the others are admitted.
	for _, fn := range []string{"oldest", "old"} {
		if err := g.Admit("api", fn); !errors.Is(err, ErrHeapLimit) || !strings.Contains(err.Error(), "stopped for memory") {
			t.Fatalf("Admit(%s) after resume = %v, want the quarantine error", fn, err)
		}
	}
	if err := g.Admit("api", "newest"); err != nil {
		t.Fatalf("an endpoint none of whose calls was stopped: %v", err)
	}
	st := g.Stats()
	if st.Quarantined != 2 {
		t.Fatalf("quarantined %d endpoints, want 2", st.Quarantined)
	}
	if st.Stopped != 2 || st.Refused != 4 || st.Peak != 1000 || st.Overloaded {
		t.Fatalf("stats = %+v", st)
	}
}

func TestHeapGuardOverWithoutCalls(t *testing.T) {
	t.Parallel()
	var heap, collections atomic.Int64
	g := newTestGuard(t, 1000, &heap, &collections)
	heap.Store(2000)
	g.check()
	settle(t, g)
	g.check() // within a second of the first collection: no second one
	settle(t, g)
	if g.Admit("api", "other") == nil {
		t.Fatal("over the limit with no calls: admitted")
	}
	if c := collections.Load(); c != 1 {
		t.Fatalf("collections = %d, want 1 (rate-limited by CollectEvery)", c)
	}
}

func TestHeapGuardOffAndNil(t *testing.T) {
	t.Parallel()
	g, err := NewHeapGuard(GuardConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if !(g.Admit("api", "other") == nil) || g.Close() != nil || g.Close() != nil {
		t.Fatal("an off guard must admit and close idempotently")
	}
	g.Register(newFakeCalls(nil))()
	var nilGuard *HeapGuard
	if !(nilGuard.Admit("", "") == nil) || nilGuard.Close() != nil || nilGuard.Stats() != (GuardStats{}) {
		t.Fatal("a nil guard must admit everything")
	}
}

func TestGuardConfigValidate(t *testing.T) {
	t.Parallel()
	err := GuardConfig{Limit: -1, Resume: -1, Interval: -1, CollectEvery: -1}.Validate()
	for _, field := range []string{"heap_limit", "heap_resume", "heap_interval", "heap_collect_every"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("Validate() = %v, want it to name %s", err, field)
		}
	}
	if err := (GuardConfig{Limit: 10}).Validate(); err == nil || !strings.Contains(err.Error(), "logger") {
		t.Errorf("Validate() = %v, want logger required", err)
	}
}

// TestHeapGuardGoroutine runs the real loop on a fake heap and waits on
// its observable state.
func TestHeapGuardGoroutine(t *testing.T) {
	t.Parallel()
	var heap atomic.Int64
	g, err := NewHeapGuard(GuardConfig{Limit: 100, Interval: time.Millisecond, Logger: quietLogger(),
		HeapBytes: heap.Load, Collect: func() {}})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	calls := newFakeCalls(map[string]time.Time{"runaway": time.Now()})
	defer g.Register(calls)()
	heap.Store(200)
	testutil.WaitFor(t, func() bool { return len(calls.stoppedNames()) == 1 && !(g.Admit("api", "other") == nil) }, func() string { return "the runaway call was not stopped" })
	calls.end()
	heap.Store(10)
	testutil.WaitFor(t, func() bool { return g.Admit("api", "other") == nil }, func() string { return "the guard did not resume" })
}

// settle waits for the guard's background collection to finish.
func settle(t *testing.T, g *HeapGuard) {
	t.Helper()
	testutil.WaitFor(t, func() bool { return !g.collecting.Load() }, func() string { return "the background collection did not end" })
}

// TestHeapGuardHardLimitStopsAll: past the hard limit (limit plus the gap
// to resume) every running call is stopped on one reading, without waiting
// for a collection.
func TestHeapGuardHardLimitStopsAll(t *testing.T) {
	t.Parallel()
	var heap, collections atomic.Int64
	g := newTestGuard(t, 1000, &heap, &collections)
	now := time.Now()
	calls := newFakeCalls(map[string]time.Time{"a": now, "b": now, "c": now, "d": now, "e": now})
	defer g.Register(calls)()
	heap.Store(1100) // hard limit: 1000 + (1000 - 900)
	g.check()
	if got := len(calls.stoppedNames()); got != 5 {
		t.Fatalf("stopped %d of 5 calls past the hard limit", got)
	}
	if collections.Load() != 0 {
		t.Fatal("collected before stopping past the hard limit")
	}
	g.check() // the stopped calls are still unwinding: wait
	if collections.Load() != 0 {
		t.Fatal("collected while the stopped calls were unwinding")
	}
	calls.end()
	g.check() // nothing left to stop, the calls have ended: collect now
	settle(t, g)
	if collections.Load() != 1 {
		t.Fatalf("collections = %d, want 1 after the stop", collections.Load())
	}
}

// TestHeapGuardQuarantineExpires: an endpoint whose call was stopped is
// admitted again once its quarantine is over.
func TestHeapGuardQuarantineExpires(t *testing.T) {
	t.Parallel()
	var heap, collections atomic.Int64
	g, err := NewHeapGuard(GuardConfig{Limit: 1000, Logger: quietLogger(), Quarantine: 20 * time.Millisecond,
		HeapBytes: heap.Load, Collect: func() { collections.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	_ = g.Close()
	calls := newFakeCalls(map[string]time.Time{"runaway": time.Now()})
	defer g.Register(calls)()
	heap.Store(2000)
	g.check()
	calls.end()
	heap.Store(10)
	g.check()
	if err := g.Admit("api", "runaway"); err == nil {
		t.Fatal("admitted at once after its call was stopped")
	}
	testutil.WaitFor(t, func() bool { return g.Admit("api", "runaway") == nil }, func() string { return "the quarantine did not end" })
	if g.Stats().Quarantined != 0 {
		t.Fatalf("stats %+v after the quarantine", g.Stats())
	}
}
