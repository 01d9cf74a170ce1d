package plugin

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// headerRecorder is an upstream that keeps the traceparent of each request.
type headerRecorder struct {
	mu   sync.Mutex
	seen []string
}

func (h *headerRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.seen = append(h.seen, r.Header.Get("Traceparent"))
	h.mu.Unlock()
	_, _ = w.Write([]byte("up"))
}

func (h *headerRecorder) all() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.seen...)
}

// serveTraced runs a request whose context carries the gateway's span, as
// Tyk's middleware chain gives it to the plugin when tracing is on.
func serveTraced(t *testing.T, h *Handler, def []byte, tp trace.TracerProvider, path string) (trace.SpanContext, int) {
	t.Helper()
	ctx, gw := tp.Tracer("gateway").Start(context.Background(), "gateway")
	r := httptest.NewRequest("GET", path, nil).WithContext(ctx)
	w := httptest.NewRecorder()
	h.Serve(w, r, Source{Key: string(def), Load: func() ([]byte, error) { return def, nil }}, nil)
	gw.End()
	return gw.SpanContext(), w.Code
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	out := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		out[kv.Key] = kv.Value
	}
	return out
}

// TestTraceSpans: the call is a child span of the gateway's, each outbound
// request a child of the call's, and the upstream receives traceparent
// naming the outbound span.
func TestTraceSpans(t *testing.T) {
	t.Parallel()
	rec := &headerRecorder{}
	up := httptest.NewServer(rec)
	t.Cleanup(up.Close)
	src := fmt.Sprintf(`function twice(request, session, config) {
		var req = JSON.stringify({Method: "GET", Domain: %s, Resource: "/"});
		TykMakeHttpRequest(req);
		var r = JSON.parse(TykMakeHttpRequest(req));
		return TykJsResponse({Body: r.Body, Code: 201}, null);
	}`, strconv.Quote(up.URL))
	def := classicAPI(t, "tr", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/twice", "twice", src),
		inline("GET", "/boom", "boom", `function boom() { throw new Error("boom"); }`)}})
	h, _ := newTestHandler(t)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })

	gw, code := serveTraced(t, h, def, tp, "/tr/twice")
	if code != 201 {
		t.Fatalf("answered %d", code)
	}
	spans := exp.GetSpans().Snapshots()
	if len(spans) != 4 {
		t.Fatalf("%d spans, want 4 (2 outbound, the call, the gateway's)", len(spans))
	}
	var call sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.Name() == "tyk-ve twice" {
			call = s
		}
	}
	if call == nil || call.Parent().SpanID() != gw.SpanID() || call.SpanContext().TraceID() != gw.TraceID() {
		t.Fatalf("the call's span is not a child of the gateway's: %+v", call)
	}
	a := attrs(call)
	if a["tyk.api.id"].AsString() != "tr" || a["tyk_ve.endpoint"].AsString() != "tyk_ve.endpoints[0]" ||
		a["tyk_ve.function"].AsString() != "twice" || a["http.request.method"].AsString() != "GET" ||
		a["http.response.status_code"].AsInt64() != 201 || call.SpanKind() != trace.SpanKindInternal {
		t.Errorf("call span attributes: %v", a)
	}
	seen := rec.all()
	if len(seen) != 2 {
		t.Fatalf("upstream saw %d requests", len(seen))
	}
	i := 0
	for _, s := range spans {
		if s.SpanKind() != trace.SpanKindClient {
			continue
		}
		if s.Parent().SpanID() != call.SpanContext().SpanID() || s.Name() != "GET" {
			t.Errorf("outbound span %q is not a child of the call's", s.Name())
		}
		oa := attrs(s)
		if oa["http.response.status_code"].AsInt64() != 200 || oa["url.full"].AsString() != up.URL+"/" {
			t.Errorf("outbound span attributes: %v", oa)
		}
		want := fmt.Sprintf("00-%s-%s-01", gw.TraceID(), s.SpanContext().SpanID())
		if seen[i] != want {
			t.Errorf("upstream request %d traceparent %q, want %q", i, seen[i], want)
		}
		i++
	}

	// A failed call: error status, category and the id of the error body.
	exp.Reset()
	if _, code := serveTraced(t, h, def, tp, "/tr/boom"); code != 500 {
		t.Fatalf("boom answered %d", code)
	}
	for _, s := range exp.GetSpans().Snapshots() {
		if s.Name() != "tyk-ve boom" {
			continue
		}
		a := attrs(s)
		if s.Status().Code != codes.Error || a["tyk_ve.error.category"].AsString() != "script" ||
			a["http.response.status_code"].AsInt64() != 500 || a["tyk_ve.error.id"].AsString() == "" {
			t.Errorf("failed call span: %v %v", s.Status(), a)
		}
		return
	}
	t.Fatal("no span for the failed call")
}

// TestNoTraceWithoutGatewaySpan: when the gateway does not trace the
// request, no span is made and outbound requests carry no traceparent.
func TestNoTraceWithoutGatewaySpan(t *testing.T) {
	t.Parallel()
	rec := &headerRecorder{}
	up := httptest.NewServer(rec)
	t.Cleanup(up.Close)
	src := fmt.Sprintf(`function f() {
		var r = JSON.parse(TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: %s, Resource: "/"})));
		return TykJsResponse({Body: r.Body, Code: 200}, null);
	}`, strconv.Quote(up.URL))
	def := classicAPI(t, "nt", map[string]interface{}{"endpoints": []interface{}{inline("GET", "/f", "f", src)}})
	h, _ := newTestHandler(t)
	if w := serve(t, h, def, "GET", "/nt/f", "", nil); w.Code != 200 {
		t.Fatalf("answered %d", w.Code)
	}
	if seen := rec.all(); len(seen) != 1 || seen[0] != "" {
		t.Fatalf("traceparent without tracing: %q", seen)
	}
}
