package loadscenario

import (
	"math"
	"sort"
	"time"
)

// EndpointStats are one endpoint's results in one phase.
type EndpointStats struct {
	// Endpoint is the endpoint name; Clients its concurrent clients.
	Endpoint string
	Clients  int
	// Count is the responses received (any status).
	Count int
	// TransportErrors are requests that got no response.
	TransportErrors int
	// Window is from the start of the phase to the endpoint's last
	// response: the clients stop sending at the phase's end and the
	// requests then in flight are waited for, so a 1 s endpoint's last
	// answers are counted with the time they took.
	Window time.Duration
	// P50, P99, Mean and Max are response latencies.
	P50, P99, Mean, Max time.Duration
	// Statuses counts responses by status code.
	Statuses map[int]int
	// Errors counts the "error" messages of non-2xx JSON bodies ("" for a
	// body without one).
	Errors map[string]int
}

// Throughput is responses per second over the window.
func (s EndpointStats) Throughput() float64 {
	if s.Window <= 0 {
		return 0
	}
	return float64(s.Count) / s.Window.Seconds()
}

// Only reports whether every response had status code and, when msg is
// not empty, that error message; false when there was none or a transport
// error.
func (s EndpointStats) Only(code int, msg string) bool {
	if s.Count == 0 || s.TransportErrors > 0 || s.Statuses[code] != s.Count {
		return false
	}
	return msg == "" || s.Errors[msg] == s.Count
}

// sample is what one client recorded for one endpoint.
type sample struct {
	latencies []time.Duration
	last      time.Time // the latest response
	statuses  map[int]int
	errors    map[string]int
	transport int
}

func newSample() *sample {
	return &sample{latencies: make([]time.Duration, 0, 1024), statuses: map[int]int{}, errors: map[string]int{}}
}

// summarise merges the clients' samples of one endpoint in one phase that
// started at start.
func summarise(endpoint string, start time.Time, samples []*sample) EndpointStats {
	return summariseRounds(endpoint, []round{{start, samples}})
}

// round is the clients' samples of one endpoint over one stretch of load.
type round struct {
	start   time.Time
	samples []*sample
}

// summariseRounds merges several rounds of one endpoint: the windows add up
// and the percentiles are over every latency.
func summariseRounds(endpoint string, rounds []round) EndpointStats {
	st := EndpointStats{Endpoint: endpoint, Statuses: map[int]int{}, Errors: map[string]int{}}
	if len(rounds) > 0 {
		st.Clients = len(rounds[0].samples)
	}
	var all []time.Duration
	for _, r := range rounds {
		var last time.Time
		n := 0
		for _, s := range r.samples {
			all = append(all, s.latencies...)
			n += len(s.latencies)
			st.TransportErrors += s.transport
			for c, k := range s.statuses {
				st.Statuses[c] += k
			}
			for m, k := range s.errors {
				st.Errors[m] += k
			}
			if s.last.After(last) {
				last = s.last
			}
		}
		if n > 0 {
			st.Window += last.Sub(r.start)
		}
	}
	st.Count = len(all)
	if st.Count == 0 {
		return st
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	var sum time.Duration
	for _, d := range all {
		sum += d
	}
	st.P50, st.P99 = quantile(all, 0.50), quantile(all, 0.99)
	st.Mean, st.Max = sum/time.Duration(len(all)), all[len(all)-1]
	return st
}

// quantile is the nearest-rank quantile of sorted, non-empty d.
func quantile(d []time.Duration, q float64) time.Duration {
	i := int(math.Ceil(q*float64(len(d)))) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(d) {
		i = len(d) - 1
	}
	return d[i]
}
