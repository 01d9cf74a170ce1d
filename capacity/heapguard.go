package capacity

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"
)

// ErrHeapLimit is the error of a call the heap guard refused or stopped.
var ErrHeapLimit = errors.New("the node's heap is over the tyk-ve heap guard's limit")

// Call is a running call as the heap guard sees it.
type Call struct {
	// Started is when the call began.
	Started time.Time
	// API and Function name the call in the guard's log.
	API, Function string
	// Stop interrupts the call with err if it is still running; it reports
	// whether it did.
	Stop func(err error) bool
}

// Tracker lists the calls running now; a runtime pool is one.
type Tracker interface {
	// RunningCalls appends the calls running now to dst.
	RunningCalls(dst []Call) []Call
}

// GuardConfig configures a HeapGuard.
type GuardConfig struct {
	// Limit is the heap size, in bytes, above which new calls are refused
	// and running calls are stopped; 0 turns the guard off.
	Limit int64
	// Resume is the heap size below which calls are admitted again
	// (default 90 % of Limit), so the guard does not flap at the limit.
	Resume int64
	// Interval is how often the heap is read (default 5ms: a reading costs
	// about a microsecond, and a runaway script allocates fast).
	Interval time.Duration
	// Logger receives the guard's events. Required when Limit > 0.
	Logger *logrus.Entry
	// HeapBytes reads the heap; default: the Go heap's objects, live and
	// not yet swept (runtime/metrics), which is what the process holds.
	HeapBytes func() int64
	// Collect runs a garbage collection after calls were stopped, so that
	// their memory is seen to go; default runtime.GC.
	Collect func()
}

// Validate names the offending field.
func (c GuardConfig) Validate() error {
	var errs []error
	if c.Limit < 0 {
		errs = append(errs, errors.New("heap_limit: must be >= 0"))
	}
	if c.Resume < 0 || (c.Limit > 0 && c.Resume > c.Limit) {
		errs = append(errs, errors.New("heap_resume: must be between 0 and heap_limit"))
	}
	if c.Interval < 0 {
		errs = append(errs, errors.New("heap_interval: must be >= 0"))
	}
	if c.Limit > 0 && c.Logger == nil {
		errs = append(errs, errors.New("logger: required"))
	}
	return errors.Join(errs...)
}

// GuardStats is a snapshot of a guard's state and counters.
type GuardStats struct {
	Limit, Heap, Peak int64 // bytes; Heap is the last reading
	Overloaded        bool
	Refused           int64 // calls refused while overloaded
	Stopped           int64 // running calls stopped
	Collections       int64 // collections the guard ran
}

// HeapGuard keeps a runaway script from taking the gateway's memory: it
// reads the heap every Interval; above Limit it refuses new calls (Admit
// reports false) and stops the longest-running calls — a quarter of them (at
// least one) at a time, all of them past the hard limit — until the heap is
// below Resume again (see check). A nil *HeapGuard admits everything.
type HeapGuard struct {
	cfg GuardConfig

	over             atomic.Bool
	heap, peak       atomic.Int64
	refused, stopped atomic.Int64

	mu       sync.Mutex
	trackers map[*trackerEntry]struct{}

	// collecting is set while a background collection runs.
	collecting  atomic.Bool
	background  sync.WaitGroup
	collections atomic.Int64
	// Owned by the guard's goroutine.
	stoppedSinceCollect bool
	lastCollect         time.Time

	closeOnce sync.Once
	quit      chan struct{}
	done      chan struct{}
}

type trackerEntry struct{ Tracker }

// NewHeapGuard starts a guard (no goroutine when Limit is 0).
func NewHeapGuard(cfg GuardConfig) (*HeapGuard, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("heap guard: %w", err)
	}
	if cfg.Resume == 0 {
		cfg.Resume = cfg.Limit / 10 * 9
	}
	if cfg.Interval == 0 {
		cfg.Interval = 5 * time.Millisecond
	}
	if cfg.HeapBytes == nil {
		cfg.HeapBytes = newHeapReader()
	}
	if cfg.Collect == nil {
		cfg.Collect = runtime.GC
	}
	g := &HeapGuard{cfg: cfg, trackers: map[*trackerEntry]struct{}{},
		quit: make(chan struct{}), done: make(chan struct{})}
	if cfg.Limit <= 0 {
		close(g.done)
		return g, nil
	}
	go g.run()
	return g, nil
}

// newHeapReader reads the bytes of heap objects, live and unswept.
func newHeapReader() func() int64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	return func() int64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(sample[0].Value.Uint64())
	}
}

// Admit reports whether a new call may start; a refusal is counted.
func (g *HeapGuard) Admit() bool {
	if g == nil || !g.over.Load() {
		return true
	}
	g.refused.Add(1)
	return false
}

// Register adds a tracker whose calls the guard may stop; the returned
// function removes it.
func (g *HeapGuard) Register(t Tracker) (unregister func()) {
	if g == nil || g.cfg.Limit <= 0 {
		return func() {}
	}
	e := &trackerEntry{t}
	g.mu.Lock()
	g.trackers[e] = struct{}{}
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		delete(g.trackers, e)
		g.mu.Unlock()
	}
}

// Stats returns the guard's state.
func (g *HeapGuard) Stats() GuardStats {
	if g == nil {
		return GuardStats{}
	}
	return GuardStats{Limit: g.cfg.Limit, Heap: g.heap.Load(), Peak: g.peak.Load(),
		Overloaded: g.over.Load(), Refused: g.refused.Load(), Stopped: g.stopped.Load(),
		Collections: g.collections.Load()}
}

// Close stops the guard's goroutine; it is safe to call more than once.
func (g *HeapGuard) Close() error {
	if g == nil {
		return nil
	}
	g.closeOnce.Do(func() {
		close(g.quit)
		<-g.done
		g.background.Wait()
	})
	return nil
}

func (g *HeapGuard) run() {
	defer close(g.done)
	t := time.NewTicker(g.cfg.Interval)
	defer t.Stop()
	var calls []Call
	for {
		select {
		case <-g.quit:
			return
		case <-t.C:
			calls = g.check(calls[:0])
		}
	}
}

// check reads the heap once and acts on it; calls is scratch space.
//
// Past the hard limit (Limit plus the gap between Resume and Limit) it stops
// every running call at once. Over Limit it stops the longest-running
// quarter of the calls (at least one), then runs a collection — in the
// background, so the hard limit keeps being watched — since a stopped
// call's memory is garbage, not gone, until one has run; it stops more only
// if the heap is still over Limit after it. While overloaded with nothing
// to stop it collects at most once a second.
func (g *HeapGuard) check(calls []Call) []Call {
	heap := g.read()
	switch {
	case heap >= g.hard():
		g.overload(heap)
		if calls = g.stopOldest(calls, true); len(calls) > 0 {
			g.stoppedSinceCollect = true
			return calls
		}
		g.collect(false)
	case g.collecting.Load():
		// Judge once the collection has shown what the stops freed.
	case heap >= g.cfg.Limit:
		g.overload(heap)
		if g.stoppedSinceCollect {
			g.collect(true)
			return calls
		}
		if calls = g.stopOldest(calls, false); len(calls) > 0 {
			g.stoppedSinceCollect = true
			g.collect(true)
			return calls
		}
		g.collect(false)
	case g.over.Load() && heap < g.cfg.Resume:
		g.resume(heap)
	case g.over.Load():
		g.collect(g.stoppedSinceCollect)
	}
	return calls
}

// collect starts a background collection: now if asked, else at most once a
// second.
func (g *HeapGuard) collect(now bool) {
	if !now && time.Since(g.lastCollect) < time.Second {
		return
	}
	if !g.collecting.CompareAndSwap(false, true) {
		return
	}
	g.stoppedSinceCollect = false
	g.lastCollect = time.Now()
	g.collections.Add(1)
	g.background.Add(1)
	go func() {
		defer g.background.Done()
		defer g.collecting.Store(false)
		g.cfg.Collect()
	}()
}

// overload starts refusing calls, logging when it starts.
func (g *HeapGuard) overload(heap int64) {
	if !g.over.Swap(true) {
		g.cfg.Logger.WithFields(logrus.Fields{"heap": FormatSize(heap), "limit": FormatSize(g.cfg.Limit)}).
			Warn("tyk-ve: heap guard: heap over the limit; refusing new calls and stopping the longest-running ones")
	}
}

// hard is the heap size past which every running call is stopped at once.
func (g *HeapGuard) hard() int64 {
	return g.cfg.Limit + (g.cfg.Limit - g.cfg.Resume)
}

func (g *HeapGuard) read() int64 {
	heap := g.cfg.HeapBytes()
	g.heap.Store(heap)
	for {
		p := g.peak.Load()
		if heap <= p || g.peak.CompareAndSwap(p, heap) {
			return heap
		}
	}
}

func (g *HeapGuard) resume(heap int64) {
	g.over.Store(false)
	g.cfg.Logger.WithFields(logrus.Fields{"heap": FormatSize(heap), "limit": FormatSize(g.cfg.Limit)}).
		Info("tyk-ve: heap guard: heap back under the limit; admitting calls again")
}

// stopOldest stops the longest-running quarter of the running calls (at
// least one), or all of them, and returns the ones it stopped.
func (g *HeapGuard) stopOldest(calls []Call, all bool) []Call {
	g.mu.Lock()
	for e := range g.trackers {
		calls = e.RunningCalls(calls)
	}
	g.mu.Unlock()
	if len(calls) == 0 {
		return calls
	}
	sort.Slice(calls, func(i, j int) bool { return calls[i].Started.Before(calls[j].Started) })
	n := (len(calls) + 3) / 4
	if all {
		n = len(calls)
	}
	stopped := calls[:0]
	now := time.Now()
	for _, c := range calls[:n] {
		if !c.Stop(ErrHeapLimit) {
			continue
		}
		g.stopped.Add(1)
		g.cfg.Logger.WithFields(logrus.Fields{"api_id": c.API, "function": c.Function,
			"running": now.Sub(c.Started).Round(time.Millisecond).String()}).
			Error("tyk-ve: heap guard: stopped a call to free memory")
		stopped = append(stopped, c)
	}
	return stopped
}
