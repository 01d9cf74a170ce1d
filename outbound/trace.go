package outbound

import (
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// tracerName is the instrumentation scope of the outbound spans.
const tracerName = "github.com/tyk-ve/tyk-ve/outbound"

// tracingTransport makes each request a client span, child of the span in
// the request's context (the virtual endpoint call's, itself a child of the
// gateway's), and sends the trace context in the request's headers
// (traceparent, with the propagator the gateway set). A request whose
// context carries no valid span — the gateway does not trace it — goes out
// untouched, for the cost of one context lookup.
type tracingTransport struct {
	base *http.Transport
}

// traceContext is the propagator used when the process set none: a traced
// request still carries W3C traceparent.
var traceContext = propagation.TraceContext{}

func (t *tracingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	parent := trace.SpanFromContext(req.Context())
	if !parent.SpanContext().IsValid() {
		return t.base.RoundTrip(req)
	}
	tp := parent.TracerProvider()
	if !parent.IsRecording() {
		tp = otel.GetTracerProvider()
	}
	ctx, span := tp.Tracer(tracerName).Start(req.Context(), req.Method, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("http.request.method", req.Method),
			attribute.String("server.address", req.URL.Hostname()),
			attribute.String("url.full", RedactURL(req.URL))))
	defer span.End()
	out := req.Clone(ctx) // a RoundTripper must not change the caller's request
	propagator := otel.GetTextMapPropagator()
	if len(propagator.Fields()) == 0 {
		propagator = traceContext
	}
	propagator.Inject(ctx, propagation.HeaderCarrier(out.Header))
	resp, err := t.base.RoundTrip(out)
	if err != nil {
		span.SetStatus(codes.Error, TransportError(err).Error())
		return nil, err
	}
	span.SetAttributes(attribute.Int("http.response.status_code", resp.StatusCode))
	if resp.StatusCode >= 500 {
		span.SetStatus(codes.Error, resp.Status)
	}
	return resp, nil
}

// CloseIdleConnections closes the base transport's idle connections
// (http.Client.CloseIdleConnections reaches it through this method).
func (t *tracingTransport) CloseIdleConnections() { t.base.CloseIdleConnections() }

// Base returns the pooled transport under c's tracing, or nil when c was
// not made by this package.
func Base(c *http.Client) *http.Transport {
	if t, ok := c.Transport.(*tracingTransport); ok {
		return t.base
	}
	return nil
}
