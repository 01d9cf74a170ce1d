package plugin

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// scrapeMetrics reads h's metrics in the text format through Prometheus's
// own parser.
func scrapeMetrics(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	req := httptest.NewRequest("GET", "/metrics", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var p expfmt.TextParser
	fams, err := p.TextToMetricFamilies(w.Body)
	if w.Code != 200 || err != nil {
		t.Fatalf("scrape: %d, parser: %v", w.Code, err)
	}
	return fams
}

// metricValue is the value of family name's series with labels (all of
// them given): a counter's or gauge's value, a histogram's sample count;
// -1 when there is no such series.
func metricValue(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
next:
	for _, m := range f.Metric {
		if len(m.Label) != len(labels) {
			continue
		}
		for _, l := range m.Label {
			if labels[l.GetName()] != l.GetValue() {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

func histogramSum(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	for _, m := range fams[name].GetMetric() {
		match := true
		for _, l := range m.Label {
			if v, ok := labels[l.GetName()]; ok && v != l.GetValue() {
				match = false
			}
		}
		if match {
			return m.GetHistogram().GetSampleSum()
		}
	}
	return -1
}

// TestMetricsAfterKnownRequests sends a known set of requests — answers and
// every error category a request can cause — and checks the scraped figures.
func TestMetricsAfterKnownRequests(t *testing.T) {
	t.Parallel()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("up")) }))
	t.Cleanup(up.Close)
	gate := testutil.NewGateUpstream(t)
	fetch := func(fn, url string) string {
		return fmt.Sprintf(`function %s(request, session, config) {
			var r = JSON.parse(TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: %s, Resource: "/"})));
			return TykJsResponse({Body: r.Body, Code: 200}, null);
		}`, fn, strconv.Quote(url))
	}
	spin := inline("GET", "/spin", "spin", `function spin(request, session, config) { for (;;) {} }`)
	spin["timeout"] = "50ms"
	hold := inline("GET", "/hold", "hold", fetch("hold", gate.URL))
	hold["max_concurrent"] = 1
	def := classicAPI(t, "m", map[string]interface{}{
		"limits": map[string]interface{}{"max_request_body": 8},
		"pool":   map[string]interface{}{"max_runtimes": 4},
		"endpoints": []interface{}{
			inline("GET", "/ok", "ok", `function ok(request, session, config) { return TykJsResponse({Body: "ok", Code: 200}, null); }`),
			inline("GET", "/boom", "boom", `function boom() { throw new Error("boom"); }`),
			spin,
			inline("GET", "/bad", "bad", `function bad() { return "not a response"; }`),
			inline("POST", "/body", "body", `function body() { return TykJsResponse({Body: "", Code: 200}, null); }`),
			inline("GET", "/fetch", "fetchUp", fetch("fetchUp", up.URL)),
			hold,
			inline("GET", "/nofn", "notDefined", `function somethingElse() {}`),
			inline("GET", "/broken", "broken", `function broken( {`),
		}})
	h, _ := newTestHandler(t)

	status := func(method, path, body string) int { return serve(t, h, def, method, "/m"+path, body, nil).Code }
	for i := 0; i < 3; i++ {
		if c := status("GET", "/ok", ""); c != 200 {
			t.Fatalf("ok: %d", c)
		}
	}
	want := []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/boom", "", 500}, {"GET", "/spin", "", 500}, {"GET", "/bad", "", 500},
		{"POST", "/body", strings.Repeat("x", 100), 413}, {"GET", "/fetch", "", 200},
		{"GET", "/nofn", "", 500}, {"GET", "/broken", "", 500},
	}
	for _, w := range want {
		if c := status(w.method, w.path, w.body); c != w.status {
			t.Fatalf("%s %s: %d, want %d", w.method, w.path, c, w.status)
		}
	}
	// One call holds /hold's only place; the next is refused as busy.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); status("GET", "/hold", "") }()
	gate.WaitArrived(t, 1)
	if c := status("GET", "/hold", ""); c != 503 {
		t.Fatalf("busy: %d, want 503", c)
	}
	gate.Open()
	wg.Wait()
	waitNoRuntimeInUse(t, h)

	fams := scrapeMetrics(t, h.MetricsHandler())
	ep := func(i int, fn string) map[string]string {
		return map[string]string{"api_id": "m", "endpoint": fmt.Sprintf("tyk_ve.endpoints[%d]", i), "function": fn}
	}
	withCat := func(l map[string]string, cat string) map[string]string {
		out := map[string]string{"category": cat}
		for k, v := range l {
			out[k] = v
		}
		return out
	}
	type check struct {
		name   string
		labels map[string]string
		want   float64
	}
	checks := []check{
		{"tyk_ve_calls_total", ep(0, "ok"), 3},
		{"tyk_ve_call_duration_seconds", ep(0, "ok"), 3},
		{"tyk_ve_javascript_duration_seconds", ep(0, "ok"), 3},
		{"tyk_ve_errors_total", withCat(ep(0, "ok"), "script"), 0},
		{"tyk_ve_errors_total", withCat(ep(1, "boom"), "script"), 1},
		{"tyk_ve_errors_total", withCat(ep(2, "spin"), "timeout"), 1},
		{"tyk_ve_errors_total", withCat(ep(3, "bad"), "invalid_response"), 1},
		{"tyk_ve_errors_total", withCat(ep(4, "body"), "body_too_large"), 1},
		{"tyk_ve_javascript_duration_seconds", ep(4, "body"), 0}, // refused before it ran
		{"tyk_ve_calls_total", ep(5, "fetchUp"), 1},
		{"tyk_ve_errors_total", withCat(ep(5, "fetchUp"), "script"), 0},
		{"tyk_ve_outbound_duration_seconds", ep(5, "fetchUp"), 1},
		{"tyk_ve_calls_total", ep(6, "hold"), 2},
		{"tyk_ve_errors_total", withCat(ep(6, "hold"), "endpoint_busy"), 1},
		{"tyk_ve_errors_total", withCat(ep(7, "notDefined"), "script"), 1},
		{"tyk_ve_errors_total", withCat(ep(8, "broken"), "config"), 1},
		{"tyk_ve_pool_runtimes_replaced_total", map[string]string{"api_id": "m", "reason": "timeout"}, 1},
		{"tyk_ve_pool_runtimes", map[string]string{"api_id": "m", "state": "busy"}, 0},
		{"tyk_ve_pool_max_runtimes", map[string]string{"api_id": "m"}, 4},
	}
	for _, c := range checks {
		if got := metricValue(fams, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if s := histogramSum(fams, "tyk_ve_outbound_duration_seconds", ep(5, "fetchUp")); s <= 0 {
		t.Errorf("outbound time of /fetch: %v, want > 0", s)
	}
	if s := histogramSum(fams, "tyk_ve_call_duration_seconds", ep(2, "spin")); s < 0.05 {
		t.Errorf("duration of /spin: %v, want >= its 50ms timeout", s)
	}
	resets := fams["tyk_ve_pool_resets_total"].GetMetric()
	if len(resets) != 1 || resets[0].GetCounter().GetValue() < 3 {
		t.Errorf("resets: %v, want one series (the pool's mode) >= 3", resets)
	}
	if metricValue(fams, "tyk_ve_heap_guard_overloaded", map[string]string{}) != 0 {
		t.Error("node figures missing or overloaded")
	}
}

// TestMetricsFollowReloads: a reloaded definition keeps the counters of
// endpoints it still has and drops the others; Forget drops the API.
func TestMetricsFollowReloads(t *testing.T) {
	t.Parallel()
	h, _ := newTestHandler(t)
	okSrc := `function ok() { return TykJsResponse({Body: "ok", Code: 200}, null); }`
	v1 := classicAPI(t, "r", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/a", "ok", okSrc), inline("GET", "/b", "other", `function other() { return TykJsResponse({Body: "b", Code: 200}, null); }`)}})
	v2 := classicAPI(t, "r", map[string]interface{}{"timeout": "3s", "endpoints": []interface{}{inline("GET", "/a", "ok", okSrc)}})
	for _, def := range [][]byte{v1, v1, v2} {
		if c := serve(t, h, def, "GET", "/r/a", "", nil).Code; c != 200 {
			t.Fatalf("/a: %d", c)
		}
	}
	serve(t, h, v1, "GET", "/r/b", "", nil) // a request still carrying v1: served by v2, no /b
	fams := scrapeMetrics(t, h.MetricsHandler())
	a := map[string]string{"api_id": "r", "endpoint": "tyk_ve.endpoints[0]", "function": "ok"}
	if got := metricValue(fams, "tyk_ve_calls_total", a); got != 3 {
		t.Errorf("/a calls across the reload: %v, want 3", got)
	}
	if n := len(fams["tyk_ve_calls_total"].GetMetric()); n != 1 {
		t.Errorf("%d call series after the reload, want 1 (/b dropped)", n)
	}
	if n := len(fams["tyk_ve_pool_max_runtimes"].GetMetric()); n != 1 {
		t.Errorf("%d pools reported, want 1", n)
	}
	h.Registry().Forget("r")
	fams = scrapeMetrics(t, h.MetricsHandler())
	if len(fams["tyk_ve_calls_total"].GetMetric())+len(fams["tyk_ve_pool_max_runtimes"].GetMetric()) != 0 {
		t.Error("a forgotten API is still reported")
	}
}

// TestMetricsListenerSetting: TYKVE_METRICS_ADDR starts the listener; an
// invalid address or one in use is logged, never fatal.
func TestMetricsListenerSetting(t *testing.T) {
	t.Parallel()
	env := func(v string) func(string) (string, bool) {
		return func(k string) (string, bool) { return v, k == EnvMetricsAddr }
	}
	logger, hook := testLogger()
	bad, err := NewHandler(SettingsFromGateway(GatewayConfig{}, env("no-port")), logger)
	if err != nil {
		t.Fatalf("an invalid metrics address must not stop the plugin: %v", err)
	}
	_ = bad.Close()
	if bad.MetricsAddr() != "" || !strings.Contains(loggedErrors(hook), "metrics_addr (TYKVE_METRICS_ADDR): want host:port") {
		t.Fatalf("invalid address not logged: %q", loggedErrors(hook))
	}
	h, err := NewHandler(SettingsFromGateway(GatewayConfig{}, env("127.0.0.1:0")), logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	if h.MetricsAddr() == "" {
		t.Fatal("no listener")
	}
	resp, err := http.Get("http://" + h.MetricsAddr() + "/metrics")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("scrape: %v %v", resp, err)
	}
	resp.Body.Close()
	// A second handler on the same address: logged, and it serves on.
	h2, err := NewHandler(Settings{MetricsAddr: h.MetricsAddr()}, logger)
	if err != nil {
		t.Fatalf("a taken metrics address must not stop the plugin: %v", err)
	}
	t.Cleanup(func() { _ = h2.Close() })
	if h2.MetricsAddr() != "" || !strings.Contains(loggedErrors(hook), h.MetricsAddr()) {
		t.Errorf("bind failure not logged: %q", loggedErrors(hook))
	}
}
