package plugin

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// BenchmarkServe measures the whole plugin path for the representative
// endpoint — routing, reading the body, building the request object, the
// deadline, the pooled call and writing the answer — with its allocations,
// beside the bare pooled call of vm.BenchmarkCall. Its variants pair the
// default (metrics recorded, the gateway not tracing) with metrics off and
// with a traced request (a recording span in the request's context, spans
// made but not exported); run with -count to interleave them.
func BenchmarkServe(b *testing.B) {
	b.Run("metrics", func(b *testing.B) { benchServe(b, false, false) })
	b.Run("no-metrics", func(b *testing.B) { benchServe(b, true, false) })
	b.Run("traced", func(b *testing.B) { benchServe(b, false, true) })
}

func benchServe(b *testing.B, noMetrics, traced bool) {
	src, err := os.ReadFile("../vm/testdata/representative.js")
	if err != nil {
		b.Fatal(err)
	}
	def := classicAPI(b, "shop", map[string]interface{}{"endpoints": []interface{}{
		inline("POST", "/orders", "representative", string(src))}})
	h, _ := newTestHandler(b)
	if noMetrics {
		h.registry.settings.metrics = nil // the API's routes resolve no series
	}
	ctx := context.Background()
	if traced {
		tp := sdktrace.NewTracerProvider()
		b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
		var span trace.Span
		ctx, span = tp.Tracer("gateway").Start(ctx, "gateway")
		b.Cleanup(func() { span.End() })
	}
	srcKey := Source{Key: "bench", Load: func() ([]byte, error) { return def, nil }}
	const body = `{"order":"o-981","customer":"c-17","prefix":"SKU","qty":3,"express":true}`
	req := func() *http.Request {
		r := httptest.NewRequest("POST", "/shop/orders?region=eu-west", strings.NewReader(body)).WithContext(ctx)
		r.Header.Set("X-Trace-Id", "abc-123")
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	w := httptest.NewRecorder()
	h.Serve(w, req(), srcKey, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"region":"eu-west"`) {
		b.Fatalf("warm-up answered %d %s", w.Code, w.Body.String())
	}
	// Requests and recorders are made before the clock starts (stopping
	// the timer per iteration stops the world to read memory statistics,
	// which would dwarf what is measured).
	reqs, recs := make([]*http.Request, b.N), make([]*httptest.ResponseRecorder, b.N)
	for i := range reqs {
		reqs[i], recs[i] = req(), httptest.NewRecorder()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.Serve(recs[i], reqs[i], srcKey, nil)
	}
	b.StopTimer()
	for _, w := range recs {
		if w.Code != 200 {
			b.Fatalf("answered %d %s", w.Code, w.Body.String())
		}
	}
}

// BenchmarkStartSpanOff is the cost tracing adds to a request the gateway
// does not trace: one context lookup, no allocation.
func BenchmarkStartSpanOff(b *testing.B) {
	api := &API{Def: &Definition{APIID: "a"}}
	route := &Route{Label: "tyk_ve.endpoints[0]", spanName: spanPrefix + "f"}
	ctx := context.WithValue(context.Background(), struct{}{}, 1)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, span := startSpan(ctx, api, route, "GET"); span != nil {
			b.Fatal("a span without a traced request")
		}
	}
}
