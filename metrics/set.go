package metrics

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// LatencyBuckets are the upper bounds, in seconds, of the latency
// histograms: from half a millisecond (a small script on a warm runtime)
// to ten seconds (beyond any sensible virtual endpoint timeout).
var LatencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Set is one plugin instance's metrics: the per-endpoint series, the pools
// and the node figures, in a Prometheus registry of their own (never the
// global one, which the gateway may use).
type Set struct {
	reg *prometheus.Registry

	calls, errs                    *prometheus.CounterVec
	duration, javascript, outbound *prometheus.HistogramVec

	mu sync.Mutex
	// endpoints are the endpoint series of each API, by label set, so an
	// API's replacement can drop the series of endpoints it no longer has.
	endpoints map[string]map[EndpointKey]struct{}
	pools     map[string]*pool // api_id → the current pool
	node      func() NodeStats
}

// EndpointKey names one endpoint's series.
type EndpointKey struct {
	APIID, Endpoint, Function string
}

// valid replaces invalid UTF-8, which a label value cannot hold (the
// registry would panic); labels come from parsed JSON, so this is a guard.
func (k EndpointKey) valid() EndpointKey {
	return EndpointKey{strings.ToValidUTF8(k.APIID, "\uFFFD"), strings.ToValidUTF8(k.Endpoint, "\uFFFD"),
		strings.ToValidUTF8(k.Function, "\uFFFD")}
}

var endpointLabels = []string{"api_id", "endpoint", "function"}

// NewSet returns an empty Set.
func NewSet() *Set {
	s := &Set{
		reg:       prometheus.NewRegistry(),
		endpoints: make(map[string]map[EndpointKey]struct{}),
		pools:     make(map[string]*pool),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tyk_ve_calls_total",
			Help: "Requests that matched a virtual endpoint, answered or failed."}, endpointLabels),
		errs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tyk_ve_errors_total",
			Help: "Virtual endpoint calls that failed, by category."}, append(endpointLabels[:3:3], "category")),
		duration: newHistogramVec("tyk_ve_call_duration_seconds",
			"Time a virtual endpoint call took in tyk-ve, from routing to the answer written (waits, JavaScript and outbound requests included)."),
		javascript: newHistogramVec("tyk_ve_javascript_duration_seconds",
			"Time a call held its runtime without waiting on the network: the JavaScript and the Go API it called."),
		outbound: newHistogramVec("tyk_ve_outbound_duration_seconds",
			"Time a call spent waiting on its outbound requests (TykMakeHttpRequest, TykBatchRequest, key data)."),
	}
	s.reg.MustRegister(s.calls, s.errs, s.duration, s.javascript, s.outbound, (*collector)(s))
	return s
}

func newHistogramVec(name, help string) *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: LatencyBuckets}, endpointLabels)
}

// Handler serves the metrics in the Prometheus text format (see
// exposition.go).
func (s *Set) Handler() http.Handler { return textHandler{s.reg} }

// Gatherer exposes the registry (for tests and embedding).
func (s *Set) Gatherer() prometheus.Gatherer { return s.reg }

// Endpoint resolves an endpoint's series once; the result is what a
// request updates. A nil Set gives a nil *Endpoint, which records nothing.
func (s *Set) Endpoint(k EndpointKey) *Endpoint {
	if s == nil {
		return nil
	}
	k = k.valid()
	e := &Endpoint{
		calls:      s.calls.WithLabelValues(k.APIID, k.Endpoint, k.Function),
		duration:   s.duration.WithLabelValues(k.APIID, k.Endpoint, k.Function),
		javascript: s.javascript.WithLabelValues(k.APIID, k.Endpoint, k.Function),
		outbound:   s.outbound.WithLabelValues(k.APIID, k.Endpoint, k.Function),
	}
	for c := Script; c < numCategories; c++ {
		e.errs[c] = s.errs.WithLabelValues(k.APIID, k.Endpoint, k.Function, c.String())
	}
	return e
}

// Retain makes keys the endpoint series of apiID: the series of its other
// endpoints (those of a definition it replaced) are dropped. It resolves
// nothing: Endpoint does that.
func (s *Set) Retain(apiID string, keys []EndpointKey) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	keep := make(map[EndpointKey]struct{}, len(keys))
	for _, k := range keys {
		keep[k.valid()] = struct{}{}
	}
	for k := range s.endpoints[apiID] {
		if _, ok := keep[k]; !ok {
			s.deleteEndpoint(k)
		}
	}
	s.endpoints[apiID] = keep
}

// Drop removes every series of apiID (a deleted API).
func (s *Set) Drop(apiID string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.endpoints[apiID] {
		s.deleteEndpoint(k)
	}
	delete(s.endpoints, apiID)
	delete(s.pools, apiID)
}

func (s *Set) deleteEndpoint(k EndpointKey) {
	s.calls.DeleteLabelValues(k.APIID, k.Endpoint, k.Function)
	s.duration.DeleteLabelValues(k.APIID, k.Endpoint, k.Function)
	s.javascript.DeleteLabelValues(k.APIID, k.Endpoint, k.Function)
	s.outbound.DeleteLabelValues(k.APIID, k.Endpoint, k.Function)
	for c := Script; c < numCategories; c++ {
		s.errs.DeleteLabelValues(k.APIID, k.Endpoint, k.Function, c.String())
	}
}

// Endpoint is one endpoint's series, resolved once (Set.Endpoint). Its
// methods are safe for concurrent use and do nothing on a nil *Endpoint.
type Endpoint struct {
	calls                          prometheus.Counter
	errs                           [numCategories]prometheus.Counter
	duration, javascript, outbound prometheus.Observer
}

// Call is what a request records when its call ends: the time it took in
// tyk-ve, the part of it its runtime ran (Ran) and, within that, waited on
// outbound requests (IOWait), and how it failed (OK: it answered).
type Call struct {
	Duration, Ran, IOWait time.Duration
	Category              Category
}

// Observe records one call. A call that never ran on a runtime (refused,
// failed before) has Ran 0 and adds nothing to the JavaScript and outbound
// histograms.
func (e *Endpoint) Observe(c Call) {
	if e == nil {
		return
	}
	e.calls.Inc()
	if c.Category > OK && c.Category < numCategories {
		e.errs[c.Category].Inc()
	}
	e.duration.Observe(c.Duration.Seconds())
	if c.Ran > 0 {
		e.javascript.Observe((c.Ran - c.IOWait).Seconds())
		e.outbound.Observe(c.IOWait.Seconds())
	}
}
