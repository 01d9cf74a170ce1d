package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// PoolStats is a snapshot of one API's runtime pool, read when scraped.
type PoolStats struct {
	Live, Idle, Busy, Max int64 // runtimes now; Max is the pool's bound
	Created, Retired      int64 // runtimes created; retired after their idle timeout
	// Waits are acquisitions that found no runtime free and waited;
	// WaitTime is their total wait.
	Waits    int64
	WaitTime time.Duration
	// Resets are isolation resets between calls and their total cost;
	// Isolation is how they reset ("restore", "replay", "new runtime"; ""
	// when the API keeps state).
	Resets    int64
	ResetTime time.Duration
	Isolation string
	// Replaced counts runtimes destroyed after a call, by reason
	// (timeout, memory, stack_overflow, max_uses, reset_failed, error,
	// discarded).
	Replaced map[string]int64
}

// NodeStats are the node-wide figures: the heap guard's.
type NodeStats struct {
	// HeapBytes is the heap as the guard last read it (every guard
	// interval, so it costs nothing to report); HeapLimitBytes its limit
	// (0: the guard is off); HeapPeakBytes the highest reading.
	HeapBytes, HeapLimitBytes, HeapPeakBytes int64
	Overloaded                               bool
	Refused, Stopped                         int64 // calls refused, running calls stopped
}

// pool is a registered pool's source of stats.
type pool struct{ stats func() PoolStats }

// TrackPool makes apiID's pool the one reported for it (replacing the
// pool of a definition it replaced); untrack stops reporting it unless
// another pool has replaced it since.
func (s *Set) TrackPool(apiID string, stats func() PoolStats) (untrack func()) {
	if s == nil {
		return func() {}
	}
	p := &pool{stats: stats}
	s.mu.Lock()
	s.pools[apiID] = p
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		if s.pools[apiID] == p {
			delete(s.pools, apiID)
		}
		s.mu.Unlock()
	}
}

// SetNode sets the source of the node figures.
func (s *Set) SetNode(stats func() NodeStats) {
	s.mu.Lock()
	s.node = stats
	s.mu.Unlock()
}

var (
	descRuntimes  = desc("tyk_ve_pool_runtimes", "Runtimes in the API's pool now, by state (live = idle + busy + being created).", "state")
	descMax       = desc("tyk_ve_pool_max_runtimes", "The API pool's bound on runtimes.")
	descCreated   = desc("tyk_ve_pool_runtimes_created_total", "Runtimes the API's pool created.")
	descRetired   = desc("tyk_ve_pool_runtimes_retired_total", "Idle runtimes retired after the pool's idle timeout.")
	descReplaced  = desc("tyk_ve_pool_runtimes_replaced_total", "Runtimes destroyed after a call, and replaced on demand, by reason.", "reason")
	descWaits     = desc("tyk_ve_pool_waits_total", "Calls that found no runtime free and waited for one.")
	descWaitTime  = desc("tyk_ve_pool_wait_seconds_total", "Total time calls waited for a runtime.")
	descResets    = desc("tyk_ve_pool_resets_total", "Isolation resets between calls, by how the pool resets.", "mode")
	descResetTime = desc("tyk_ve_pool_reset_seconds_total", "Total time spent in isolation resets, by how the pool resets.", "mode")

	descHeap       = prometheus.NewDesc("tyk_ve_heap_bytes", "The Go heap as the tyk-ve heap guard last read it.", nil, nil)
	descHeapLimit  = prometheus.NewDesc("tyk_ve_heap_limit_bytes", "The heap guard's limit (0: off).", nil, nil)
	descHeapPeak   = prometheus.NewDesc("tyk_ve_heap_peak_bytes", "The highest heap reading of the heap guard.", nil, nil)
	descOverloaded = prometheus.NewDesc("tyk_ve_heap_guard_overloaded", "1 while the heap is over the guard's limit and new calls are refused.", nil, nil)
	descRefused    = prometheus.NewDesc("tyk_ve_heap_guard_refused_total", "Calls the heap guard refused.", nil, nil)
	descStopped    = prometheus.NewDesc("tyk_ve_heap_guard_stopped_total", "Running calls the heap guard stopped.", nil, nil)
)

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(name, help, append([]string{"api_id"}, labels...), nil)
}

// collector reports the pools and the node when scraped.
type collector Set

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRuntimes, descMax, descCreated, descRetired, descReplaced, descWaits,
		descWaitTime, descResets, descResetTime, descHeap, descHeapLimit, descHeapPeak, descOverloaded, descRefused, descStopped} {
		ch <- d
	}
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	pools := make(map[string]*pool, len(c.pools))
	for id, p := range c.pools {
		pools[id] = p
	}
	node := c.node
	c.mu.Unlock()
	for id, p := range pools {
		collectPool(ch, id, p.stats())
	}
	if node != nil {
		collectNode(ch, node())
	}
}

func collectPool(ch chan<- prometheus.Metric, id string, st PoolStats) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		send(ch, d, prometheus.GaugeValue, v, append([]string{id}, labels...)...)
	}
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		send(ch, d, prometheus.CounterValue, v, append([]string{id}, labels...)...)
	}
	gauge(descRuntimes, float64(st.Live), "live")
	gauge(descRuntimes, float64(st.Idle), "idle")
	gauge(descRuntimes, float64(st.Busy), "busy")
	gauge(descMax, float64(st.Max))
	counter(descCreated, float64(st.Created))
	counter(descRetired, float64(st.Retired))
	for reason, n := range st.Replaced {
		counter(descReplaced, float64(n), reason)
	}
	counter(descWaits, float64(st.Waits))
	counter(descWaitTime, st.WaitTime.Seconds())
	if st.Isolation != "" {
		counter(descResets, float64(st.Resets), st.Isolation)
		counter(descResetTime, st.ResetTime.Seconds(), st.Isolation)
	}
}

func collectNode(ch chan<- prometheus.Metric, st NodeStats) {
	overloaded := 0.0
	if st.Overloaded {
		overloaded = 1
	}
	send(ch, descHeap, prometheus.GaugeValue, float64(st.HeapBytes))
	send(ch, descHeapLimit, prometheus.GaugeValue, float64(st.HeapLimitBytes))
	send(ch, descHeapPeak, prometheus.GaugeValue, float64(st.HeapPeakBytes))
	send(ch, descOverloaded, prometheus.GaugeValue, overloaded)
	send(ch, descRefused, prometheus.CounterValue, float64(st.Refused))
	send(ch, descStopped, prometheus.CounterValue, float64(st.Stopped))
}

// send reports one value; a label value the format cannot carry (never
// expected: labels come from parsed JSON) drops the sample, never panics.
func send(ch chan<- prometheus.Metric, d *prometheus.Desc, t prometheus.ValueType, v float64, labels ...string) {
	if m, err := prometheus.NewConstMetric(d, t, v, labels...); err == nil {
		ch <- m
	}
}
