package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// scrape fetches h in the text format and parses it with Prometheus's own
// parser.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	req := httptest.NewRequest("GET", Path, nil)
	req.Header.Set("Accept", "text/plain")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("scrape answered %d %q: %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	var p expfmt.TextParser
	fams, err := p.TextToMetricFamilies(w.Body)
	if err != nil {
		t.Fatalf("the Prometheus parser rejects the exposition: %v", err)
	}
	return fams
}

// find returns the metric of family name whose labels include want.
func find(fams map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	f := fams[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.Metric {
		got := map[string]string{}
		for _, l := range m.Label {
			got[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if got[k] != v {
				continue next
			}
		}
		return m
	}
	return nil
}

func TestEndpointSeries(t *testing.T) {
	t.Parallel()
	s := NewSet()
	// A label value with every character the format escapes.
	key := EndpointKey{APIID: "api \"q\"\\\n", Endpoint: "tyk_ve.endpoints[0]", Function: "fn"}
	e := s.Endpoint(key)
	s.Retain(key.APIID, []EndpointKey{key})
	e.Observe(Call{Duration: 3 * time.Millisecond, Ran: 2 * time.Millisecond, IOWait: time.Millisecond})
	e.Observe(Call{Duration: 20 * time.Millisecond, Category: Timeout, Ran: 20 * time.Millisecond})
	e.Observe(Call{Duration: time.Millisecond, Category: EndpointBusy}) // never ran

	fams := scrape(t, s.Handler())
	labels := map[string]string{"api_id": key.APIID, "endpoint": key.Endpoint, "function": "fn"}
	if m := find(fams, "tyk_ve_calls_total", labels); m == nil || m.Counter.GetValue() != 3 {
		t.Fatalf("calls: %v", m)
	}
	for cat, want := range map[string]float64{"timeout": 1, "endpoint_busy": 1, "script": 0, "body_too_large": 0} {
		l := map[string]string{"api_id": key.APIID, "category": cat}
		if m := find(fams, "tyk_ve_errors_total", l); m == nil || m.Counter.GetValue() != want {
			t.Errorf("errors{category=%s}: %v, want %v", cat, m, want)
		}
	}
	if fams["tyk_ve_errors_total"].GetType() != dto.MetricType_COUNTER {
		t.Error("tyk_ve_errors_total is not a counter")
	}
	h := find(fams, "tyk_ve_call_duration_seconds", labels).GetHistogram()
	if h.GetSampleCount() != 3 || h.GetSampleSum() < 0.0239 || h.GetSampleSum() > 0.0241 {
		t.Errorf("duration: count %d sum %v, want 3 and 0.024", h.GetSampleCount(), h.GetSampleSum())
	}
	// 1ms, 3ms and 20ms: cumulative counts at ≤1ms, ≤5ms and ≤25ms (and
	// +Inf, which the parser lists).
	if len(h.Bucket) != len(LatencyBuckets)+1 || h.Bucket[0].GetCumulativeCount() != 0 || h.Bucket[1].GetCumulativeCount() != 1 ||
		h.Bucket[3].GetCumulativeCount() != 2 || h.Bucket[5].GetCumulativeCount() != 3 {
		t.Errorf("duration buckets: %v", h.Bucket)
	}
	js := find(fams, "tyk_ve_javascript_duration_seconds", labels).GetHistogram()
	out := find(fams, "tyk_ve_outbound_duration_seconds", labels).GetHistogram()
	if js.GetSampleCount() != 2 || js.GetSampleSum() < 0.0209 || js.GetSampleSum() > 0.0211 ||
		out.GetSampleCount() != 2 || out.GetSampleSum() < 0.0009 || out.GetSampleSum() > 0.0011 {
		t.Errorf("javascript %d/%v, outbound %d/%v; want 2/0.021 and 2/0.001",
			js.GetSampleCount(), js.GetSampleSum(), out.GetSampleCount(), out.GetSampleSum())
	}
}

func TestRetainAndDrop(t *testing.T) {
	t.Parallel()
	s := NewSet()
	a0 := EndpointKey{"a", "tyk_ve.endpoints[0]", "f"}
	a1 := EndpointKey{"a", "tyk_ve.endpoints[1]", "g"}
	b0 := EndpointKey{"b", "tyk_ve.endpoints[0]", "f"}
	for _, k := range []EndpointKey{a0, a1, b0} {
		s.Endpoint(k).Observe(Call{})
	}
	s.Retain("a", []EndpointKey{a0, a1})
	s.Retain("b", []EndpointKey{b0})
	// a's new definition has one endpoint left: its counter goes on.
	s.Endpoint(a0).Observe(Call{})
	s.Retain("a", []EndpointKey{a0})
	fams := scrape(t, s.Handler())
	if m := find(fams, "tyk_ve_calls_total", map[string]string{"api_id": "a", "function": "f"}); m == nil || m.Counter.GetValue() != 2 {
		t.Errorf("a0 after reload: %v, want 2", m)
	}
	if m := find(fams, "tyk_ve_calls_total", map[string]string{"api_id": "a", "function": "g"}); m != nil {
		t.Errorf("a1 was dropped with its endpoint, found %v", m)
	}
	s.Drop("b")
	fams = scrape(t, s.Handler())
	if m := find(fams, "tyk_ve_calls_total", map[string]string{"api_id": "b"}); m != nil {
		t.Errorf("b was dropped, found %v", m)
	}
}

func TestPoolsAndNode(t *testing.T) {
	t.Parallel()
	s := NewSet()
	st := PoolStats{Live: 3, Idle: 1, Busy: 2, Max: 8, Created: 5, Retired: 1, Waits: 4, WaitTime: 1500 * time.Millisecond,
		Resets: 10, ResetTime: 250 * time.Millisecond, Isolation: "replay", Replaced: map[string]int64{"timeout": 2, "max_uses": 0}}
	untrackOld := s.TrackPool("a", func() PoolStats { return PoolStats{Live: 99} })
	s.TrackPool("a", func() PoolStats { return st }) // a reload replaces the pool
	untrackOld()                                     // the old pool closes later: the new one stays
	s.SetNode(func() NodeStats { return NodeStats{HeapBytes: 100, HeapLimitBytes: 200, Overloaded: true, Refused: 7} })

	fams := scrape(t, s.Handler())
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"tyk_ve_pool_runtimes", map[string]string{"api_id": "a", "state": "live"}, 3},
		{"tyk_ve_pool_runtimes", map[string]string{"api_id": "a", "state": "idle"}, 1},
		{"tyk_ve_pool_runtimes", map[string]string{"api_id": "a", "state": "busy"}, 2},
		{"tyk_ve_pool_max_runtimes", map[string]string{"api_id": "a"}, 8},
		{"tyk_ve_pool_runtimes_created_total", map[string]string{"api_id": "a"}, 5},
		{"tyk_ve_pool_runtimes_retired_total", map[string]string{"api_id": "a"}, 1},
		{"tyk_ve_pool_runtimes_replaced_total", map[string]string{"api_id": "a", "reason": "timeout"}, 2},
		{"tyk_ve_pool_waits_total", map[string]string{"api_id": "a"}, 4},
		{"tyk_ve_pool_wait_seconds_total", map[string]string{"api_id": "a"}, 1.5},
		{"tyk_ve_pool_resets_total", map[string]string{"api_id": "a", "mode": "replay"}, 10},
		{"tyk_ve_pool_reset_seconds_total", map[string]string{"api_id": "a", "mode": "replay"}, 0.25},
		{"tyk_ve_heap_bytes", nil, 100},
		{"tyk_ve_heap_limit_bytes", nil, 200},
		{"tyk_ve_heap_guard_overloaded", nil, 1},
		{"tyk_ve_heap_guard_refused_total", nil, 7},
	}
	for _, c := range checks {
		m := find(fams, c.name, c.labels)
		if m == nil {
			t.Errorf("%s%v missing", c.name, c.labels)
			continue
		}
		got := m.GetGauge().GetValue() + m.GetCounter().GetValue()
		if got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if n := len(fams["tyk_ve_pool_max_runtimes"].Metric); n != 1 {
		t.Errorf("%d pools reported for api a, want 1", n)
	}
}

func TestNilSafe(t *testing.T) {
	t.Parallel()
	var s *Set
	s.Endpoint(EndpointKey{}).Observe(Call{Category: Script})
	s.Retain("a", nil)
	s.Drop("a")
	s.TrackPool("a", nil)()
	var l *Listener
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if Category(-1).String() != "other" || Category(99).String() != "other" || OK.String() != "" {
		t.Error("category names")
	}
}

func TestListener(t *testing.T) {
	t.Parallel()
	s := NewSet()
	s.Endpoint(EndpointKey{"a", "e", "f"}).Observe(Call{})
	l, err := Listen("127.0.0.1:0", s.Handler(), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + l.Addr().String() + Path)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `tyk_ve_calls_total{api_id="a",endpoint="e",function="f"} 1`) {
		t.Fatalf("scrape: %d %s", resp.StatusCode, body)
	}
	// The address is taken: a second listener fails with an error naming it.
	if _, err := Listen(l.Addr().String(), s.Handler(), nil); err == nil || !strings.Contains(err.Error(), l.Addr().String()) {
		t.Fatalf("second listener on a taken address: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get("http://" + l.Addr().String() + Path); err == nil {
		t.Fatal("the listener still answers after Close")
	}
}

func TestHandlerMethods(t *testing.T) {
	t.Parallel()
	h := NewSet().Handler()
	for _, tc := range []struct {
		method string
		status int
		body   bool
	}{{"HEAD", 200, false}, {"POST", 405, true}} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tc.method, Path, nil))
		if w.Code != tc.status || (w.Body.Len() > 0) != tc.body {
			t.Errorf("%s: %d, body %q", tc.method, w.Code, w.Body)
		}
	}
}
