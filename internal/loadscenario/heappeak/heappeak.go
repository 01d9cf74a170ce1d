package heappeak

import (
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// metricName is the memory held by live and not yet swept heap objects: the
// figure a heap guard reasons about, without the runtime's own overhead.
const metricName = "/memory/classes/heap/objects:bytes"

// Sampler keeps the highest heap figure seen since it started or was last
// reset. Its methods are safe for concurrent use.
type Sampler struct {
	peak     atomic.Uint64
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
	mu       sync.Mutex // guards sample, used by read
	sample   []metrics.Sample
}

// Start samples every interval (at least 1 ms) until Close.
func Start(interval time.Duration) *Sampler {
	if interval < time.Millisecond {
		interval = time.Millisecond
	}
	s := &Sampler{stop: make(chan struct{}), done: make(chan struct{}),
		sample: []metrics.Sample{{Name: metricName}}}
	s.peak.Store(s.read())
	go s.loop(interval)
	return s
}

func (s *Sampler) loop(interval time.Duration) {
	defer close(s.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.observe(s.read())
		}
	}
}

// read returns the current heap figure (allocation-free after the first).
func (s *Sampler) read() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	metrics.Read(s.sample)
	if s.sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s.sample[0].Value.Uint64()
}

// observe raises the peak to v if v is higher.
func (s *Sampler) observe(v uint64) {
	for {
		p := s.peak.Load()
		if v <= p || s.peak.CompareAndSwap(p, v) {
			return
		}
	}
}

// Now returns the current heap figure in bytes (and counts it towards the
// peak).
func (s *Sampler) Now() uint64 {
	v := s.read()
	s.observe(v)
	return v
}

// Peak returns the highest heap figure seen, in bytes, including now.
func (s *Sampler) Peak() uint64 {
	s.observe(s.read())
	return s.peak.Load()
}

// Reset starts a new peak from the current figure and returns the peak it
// ends.
func (s *Sampler) Reset() uint64 {
	old := s.Peak()
	s.peak.Store(s.read())
	return old
}

// Close stops the sampling goroutine and waits for it. It is idempotent.
func (s *Sampler) Close() {
	s.stopOnce.Do(func() { close(s.stop) })
	<-s.done
}
