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
	// Ended reports whether the call has finished (and its memory, once
	// stopped, become garbage).
	Ended func() bool
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
	// Quarantine is how long an endpoint whose call the guard stopped has
	// its new calls refused (default 5s; negative: none). A runaway retried
	// at once would otherwise push the heap over the limit again and again,
	// and every endpoint's calls would be refused each time.
	Quarantine time.Duration
	// CollectEvery is the least time between two collections the guard
	// starts while overloaded with nothing new to stop (default 50ms; ten
	// times the last collection's duration when that is longer).
	CollectEvery time.Duration
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
	if c.CollectEvery < 0 {
		errs = append(errs, errors.New("heap_collect_every: must be >= 0"))
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
	Quarantined       int64 // endpoints whose new calls are refused now
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

	// quarantine holds, per endpoint whose call was stopped, until when
	// its new calls are refused; quarantined is its size, read without
	// the lock on every admission.
	qmu         sync.Mutex
	quarantine  map[endpointKey]time.Time
	quarantined atomic.Int64

	// collecting is set while a background collection runs.
	collecting  atomic.Bool
	collectTook atomic.Int64 // how long the last collection took
	background  sync.WaitGroup
	collections atomic.Int64
	// Owned by the guard's goroutine. unwinding are calls stopped that have
	// not ended yet: their memory is still reachable, so a collection
	// waits for them (and the list is dropped once they end, since each
	// entry holds its runtime).
	unwinding           []Call
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
	if cfg.CollectEvery == 0 {
		cfg.CollectEvery = 50 * time.Millisecond
	}
	if cfg.Quarantine == 0 {
		cfg.Quarantine = 5 * time.Second
	}
	g := &HeapGuard{cfg: cfg, trackers: map[*trackerEntry]struct{}{}, quarantine: map[endpointKey]time.Time{},
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

// Admit reports whether a new call of function in api may start: nil, or
// an error wrapping ErrHeapLimit while the heap is over the limit or while
// the endpoint is quarantined (one of its calls was stopped less than
// Quarantine ago). A refusal is counted.
func (g *HeapGuard) Admit(api, function string) error {
	if g == nil {
		return nil
	}
	if g.over.Load() {
		g.refused.Add(1)
		return ErrHeapLimit
	}
	if g.quarantined.Load() == 0 || !g.inQuarantine(endpointKey{api, function}) {
		return nil
	}
	g.refused.Add(1)
	return fmt.Errorf("%w: a call of this endpoint was stopped for memory less than %s ago", ErrHeapLimit, g.cfg.Quarantine)
}

// endpointKey names an endpoint's calls: the API and the function.
type endpointKey struct{ api, function string }

// inQuarantine reports whether k is quarantined, dropping an expired entry.
func (g *HeapGuard) inQuarantine(k endpointKey) bool {
	g.qmu.Lock()
	defer g.qmu.Unlock()
	until, ok := g.quarantine[k]
	if ok && time.Now().After(until) {
		delete(g.quarantine, k)
		g.quarantined.Store(int64(len(g.quarantine)))
		return false
	}
	return ok
}

// quarantineEndpoint refuses k's new calls for Quarantine.
func (g *HeapGuard) quarantineEndpoint(k endpointKey) {
	if g.cfg.Quarantine <= 0 {
		return
	}
	g.qmu.Lock()
	g.quarantine[k] = time.Now().Add(g.cfg.Quarantine)
	g.quarantined.Store(int64(len(g.quarantine)))
	g.qmu.Unlock()
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
		Quarantined: g.quarantined.Load(),
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
	for {
		select {
		case <-g.quit:
			return
		case <-t.C:
			g.check()
		}
	}
}

// check reads the heap once and acts on it.
//
// Past the hard limit (Limit plus the gap between Resume and Limit) it stops
// every running call at once. Over Limit it stops the longest-running
// quarter of the calls (at least one). A stopped call's memory is garbage
// only once the call has unwound, and gone only after a collection, so the
// guard waits for the calls it stopped to end, then collects — in the
// background, so the hard limit keeps being watched — and stops more only
// if the heap is still over Limit after that. While overloaded with nothing
// to stop or wait for, it collects again once the last collection is ten of
// its own durations old.
func (g *HeapGuard) check() {
	heap := g.read()
	g.pruneUnwinding()
	switch {
	case heap >= g.hard():
		g.overload(heap)
		if g.stopOldest(true) == 0 && len(g.unwinding) == 0 {
			g.collect(g.stoppedSinceCollect)
		}
	case g.collecting.Load() || len(g.unwinding) > 0:
		// Judge once the stopped calls have ended and a collection has
		// shown what they freed.
	case heap >= g.cfg.Limit:
		g.overload(heap)
		switch {
		case g.stoppedSinceCollect:
			g.collect(true)
		case g.stopOldest(false) == 0:
			g.collect(false)
		}
	case g.over.Load() && heap < g.cfg.Resume:
		g.resume(heap)
	case g.over.Load():
		g.collect(g.stoppedSinceCollect)
	}
}

// pruneUnwinding drops the stopped calls that have ended; once none is
// left, a collection is due.
func (g *HeapGuard) pruneUnwinding() {
	if len(g.unwinding) == 0 {
		return
	}
	kept := g.unwinding[:0]
	for _, c := range g.unwinding {
		if c.Ended != nil && !c.Ended() {
			kept = append(kept, c)
		}
	}
	clear(g.unwinding[len(kept):])
	g.unwinding = kept
	if len(kept) == 0 {
		g.unwinding = nil
		g.stoppedSinceCollect = true
	}
}

// collect starts a background collection: now if asked, else once the
// last one is ten of its own durations old (at least CollectEvery). While
// overloaded, the memory of the calls just stopped is only seen to go after
// a collection; a small heap collects in milliseconds and can be checked
// often, a large one (the gateway's own data over a low limit) is not
// collected over and over.
func (g *HeapGuard) collect(now bool) {
	if !now && time.Since(g.lastCollect) < max(g.cfg.CollectEvery, 10*time.Duration(g.collectTook.Load())) {
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
		start := time.Now()
		g.cfg.Collect()
		g.collectTook.Store(int64(time.Since(start)))
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
// least one), or all of them, and returns how many it stopped. Only the
// stopped ones are kept (in unwinding, until they end): each entry holds its
// runtime, whose memory must become garbage.
func (g *HeapGuard) stopOldest(all bool) int {
	var calls []Call
	g.mu.Lock()
	for e := range g.trackers {
		calls = e.RunningCalls(calls)
	}
	g.mu.Unlock()
	if len(calls) == 0 {
		return 0
	}
	sort.Slice(calls, func(i, j int) bool { return calls[i].Started.Before(calls[j].Started) })
	n := (len(calls) + 3) / 4
	if all {
		n = len(calls)
	}
	stopped := 0
	now := time.Now()
	for _, c := range calls[:n] {
		if !c.Stop(ErrHeapLimit) {
			continue
		}
		stopped++
		g.stopped.Add(1)
		g.unwinding = append(g.unwinding, c)
		g.quarantineEndpoint(endpointKey{c.API, c.Function})
		g.cfg.Logger.WithFields(logrus.Fields{"api_id": c.API, "function": c.Function,
			"running": now.Sub(c.Started).Round(time.Millisecond).String()}).
			Error("tyk-ve: heap guard: stopped a call to free memory")
	}
	return stopped
}
