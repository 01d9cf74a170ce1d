package outbound

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

func TestTracingTransport(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r.Header.Get("Traceparent"))
		w.WriteHeader(http.StatusBadGateway)
	}))
	t.Cleanup(up.Close)
	c, err := NewClient(Policy{}, Transport{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	ctx, parent := tp.Tracer("test").Start(context.Background(), "parent")
	_, sampledOut := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample())).Tracer("x").Start(context.Background(), "p")

	do := func(ctx context.Context) {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, "GET", up.URL+"/p?secret=1", nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if req.Header.Get("Traceparent") != "" {
			t.Fatal("the caller's request was changed")
		}
	}
	do(context.Background())
	do(ctx)
	do(trace.ContextWithSpan(context.Background(), sampledOut))
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 3 || got[0] != "" {
		t.Fatalf("traceparents %q", got)
	}
	spans := exp.GetSpans().Snapshots()
	if len(spans) != 1 {
		t.Fatalf("%d spans, want 1 (the untraced and the sampled-out requests record none)", len(spans))
	}
	s := spans[0]
	if want := "00-" + parent.SpanContext().TraceID().String() + "-" + s.SpanContext().SpanID().String() + "-01"; got[1] != want {
		t.Errorf("traceparent %q, want %q", got[1], want)
	}
	if s.Parent().SpanID() != parent.SpanContext().SpanID() || s.SpanKind() != trace.SpanKindClient || s.Status().Code != codes.Error {
		t.Errorf("span: parent %v kind %v status %v", s.Parent().SpanID(), s.SpanKind(), s.Status())
	}
	for _, kv := range s.Attributes() {
		if kv.Key == "url.full" && kv.Value.AsString() != up.URL+"/p" {
			t.Errorf("url.full %q: the query must not be recorded", kv.Value.AsString())
		}
	}
	sc := sampledOut.SpanContext()
	if want := "00-" + sc.TraceID().String() + "-"; len(got[2]) != 55 || got[2][:36] != want || got[2][53:] != "00" {
		t.Errorf("sampled-out traceparent %q, want %s…-00", got[2], want)
	}
}
