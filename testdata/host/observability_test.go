package host

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/common/expfmt"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

const envObservabilityChild = "TYKVE_TEST_OBSERVABILITY_CHILD"

// TestPluginMetricsAndTraces: the plugin loaded like the gateway loads it
// serves its metrics on the node-wide listener TYKVE_METRICS_ADDR names,
// with the figures of known requests, and when the gateway traces a request
// (its TracerProvider and propagator set globally, a span in the request's
// context, as Tyk's OpenTelemetry support does) the call and its outbound
// request are spans nested under the gateway's, the upstream receiving
// traceparent. The plugin builds its handler, and starts the listener, once
// per process, so the check runs in a child.
func TestPluginMetricsAndTraces(t *testing.T) {
	if os.Getenv(envObservabilityChild) == "1" {
		observabilityChild(t)
		return
	}
	pluginHook(t) // skips when no plugin was built
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // the plugin binds it
	cmd := exec.Command(os.Args[0], "-test.run=^TestPluginMetricsAndTraces$", "-test.v")
	cmd.Env = append(os.Environ(), envObservabilityChild+"=1", "TYKVE_METRICS_ADDR="+addr)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestPluginMetricsAndTraces") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// observabilityAPI is a keyless Classic API with a call to the upstream
// and an endpoint that throws.
func observabilityAPI(upstream string) []byte {
	fetch := fmt.Sprintf(`function fetchUp(request, session, config) {
  var r = JSON.parse(TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: %q, Resource: "/data"})));
  return TykJsResponse({Body: r.Body, Code: 200}, session.meta_data);
}`, upstream)
	def := map[string]interface{}{
		"name": "obs", "api_id": "obs", "org_id": "org1", "use_keyless": true, "active": true,
		"proxy": map[string]interface{}{"listen_path": "/obs/", "target_url": upstream},
		"version_data": map[string]interface{}{"not_versioned": true,
			"versions": map[string]interface{}{"Default": map[string]interface{}{"name": "Default"}}},
		"custom_middleware": map[string]interface{}{"driver": "goplugin",
			"post": []interface{}{map[string]interface{}{"name": "VirtualEndpoint", "path": "tyk-ve.so"}}},
		"config_data": map[string]interface{}{"tyk_ve": map[string]interface{}{"endpoints": []interface{}{
			map[string]interface{}{"path": "/fetch", "method": "GET", "response_function_name": "fetchUp",
				"function_source_type": "inline", "function_source": fetch},
			map[string]interface{}{"path": "/boom", "method": "GET", "response_function_name": "boom",
				"function_source_type": "inline", "function_source": `function boom() { throw new Error("boom"); }`},
		}}},
	}
	b, _ := json.Marshal(def)
	return b
}

func observabilityChild(t *testing.T) {
	hook := pluginHook(t)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})

	var mu sync.Mutex
	var traceparents []string
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		traceparents = append(traceparents, r.Header.Get("Traceparent"))
		mu.Unlock()
		_, _ = io.WriteString(w, "upstream data")
	}))
	defer up.Close()
	a, err := ParseAPI(observabilityAPI(up.URL))
	if err != nil {
		t.Fatal(err)
	}
	g := New(hook, Config{})
	g.AddAPI(a)
	// The gateway's own span around its chain, like Tyk's HTTP handler.
	var gwSpans []trace.SpanContext
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, span := otel.Tracer("gateway").Start(r.Context(), "gateway "+r.URL.Path)
		defer span.End()
		mu.Lock()
		gwSpans = append(gwSpans, span.SpanContext())
		mu.Unlock()
		g.ServeHTTP(w, r.WithContext(ctx))
	}))
	defer srv.Close()

	for _, c := range []struct {
		path   string
		status int
	}{{"/obs/fetch", 200}, {"/obs/fetch", 200}, {"/obs/boom", 500}, {"/obs/elsewhere", 200}} {
		resp, err := http.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Fatalf("%s: %d, want %d", c.path, resp.StatusCode, c.status)
		}
	}
	checkPluginMetrics(t, "http://"+os.Getenv("TYKVE_METRICS_ADDR")+"/metrics")
	mu.Lock()
	defer mu.Unlock()
	checkPluginSpans(t, exp.GetSpans(), gwSpans[0], traceparents)
}

func checkPluginMetrics(t *testing.T, url string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("scraping the plugin's metrics listener: %v", err)
	}
	defer resp.Body.Close()
	var p expfmt.TextParser
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("the Prometheus parser rejects the page: %v", err)
	}
	value := func(name string, labels map[string]string) float64 {
	next:
		for _, m := range fams[name].GetMetric() {
			for _, l := range m.Label {
				if v, ok := labels[l.GetName()]; ok && v != l.GetValue() {
					continue next
				}
			}
			return m.GetCounter().GetValue() + m.GetGauge().GetValue() + float64(m.GetHistogram().GetSampleCount())
		}
		return -1
	}
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"tyk_ve_calls_total", map[string]string{"api_id": "obs", "function": "fetchUp"}, 2},
		{"tyk_ve_calls_total", map[string]string{"api_id": "obs", "function": "boom"}, 1},
		{"tyk_ve_errors_total", map[string]string{"api_id": "obs", "function": "boom", "category": "script"}, 1},
		{"tyk_ve_errors_total", map[string]string{"api_id": "obs", "function": "fetchUp", "category": "script"}, 0},
		{"tyk_ve_outbound_duration_seconds", map[string]string{"api_id": "obs", "function": "fetchUp"}, 2},
		{"tyk_ve_pool_max_runtimes", map[string]string{"api_id": "obs"}, -2}, // present
	}
	for _, c := range checks {
		got := value(c.name, c.labels)
		if (c.want == -2 && got < 0) || (c.want != -2 && got != c.want) {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

func checkPluginSpans(t *testing.T, spans tracetest.SpanStubs, gw trace.SpanContext, traceparents []string) {
	t.Helper()
	var call, out *tracetest.SpanStub
	for i := range spans {
		s := &spans[i]
		if s.SpanContext.TraceID() != gw.TraceID() {
			continue
		}
		switch {
		case s.Name == "tyk-ve fetchUp":
			call = s
		case s.SpanKind == trace.SpanKindClient:
			out = s
		}
	}
	if call == nil || out == nil {
		t.Fatalf("spans of the first request: call %v, outbound %v (all: %d)", call != nil, out != nil, len(spans))
	}
	if call.Parent.SpanID() != gw.SpanID() {
		t.Errorf("the call's span is not a child of the gateway's")
	}
	if out.Parent.SpanID() != call.SpanContext.SpanID() {
		t.Errorf("the outbound span is not a child of the call's")
	}
	if want := fmt.Sprintf("00-%s-%s-01", gw.TraceID(), out.SpanContext.SpanID()); len(traceparents) == 0 || traceparents[0] != want {
		t.Errorf("upstream traceparent %q, want %q", traceparents, want)
	}
}
