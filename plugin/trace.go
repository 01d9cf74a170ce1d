package plugin

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/tyk-ve/tyk-ve/metrics"
)

// tracerName is the instrumentation scope of tyk-ve's spans.
const tracerName = "github.com/tyk-ve/tyk-ve"

// spanPrefix begins the name of a virtual endpoint call's span; the
// function name follows.
const spanPrefix = "tyk-ve "

// Span attribute keys. The API id uses the Tyk gateway's own key, so the
// span is found with the gateway's.
const (
	attrAPIID    = attribute.Key("tyk.api.id")
	attrEndpoint = attribute.Key("tyk_ve.endpoint")
	attrFunction = attribute.Key("tyk_ve.function")
	attrMethod   = attribute.Key("http.request.method")
	attrStatus   = attribute.Key("http.response.status_code")
	attrCategory = attribute.Key("tyk_ve.error.category")
	attrErrorID  = attribute.Key("tyk_ve.error.id")
)

// startSpan starts the span of a virtual endpoint call as a child of the
// gateway's span for the request, when the gateway traces it: the request
// context carries a valid span context. Otherwise it returns ctx and a nil
// span at the cost of one context lookup. The tracer comes from the
// provider of the gateway's span (the global provider the gateway set, when
// that span is only a remote parent).
func startSpan(ctx context.Context, api *API, route *Route, method string) (context.Context, trace.Span) {
	parent := trace.SpanFromContext(ctx)
	if !parent.SpanContext().IsValid() {
		return ctx, nil
	}
	tp := parent.TracerProvider()
	if !parent.IsRecording() {
		tp = otel.GetTracerProvider()
	}
	return tp.Tracer(tracerName).Start(ctx, route.spanName, trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(attrAPIID.String(api.Def.APIID), attrEndpoint.String(route.Label),
			attrFunction.String(route.Endpoint.ResponseFunctionName), attrMethod.String(method)))
}

// endSpan records the call's outcome and ends its span: the status
// written, or for a failure its category, the status and message of its
// error answer and the error id that links the log line and the client's
// error body.
func endSpan(span trace.Span, status int, cat metrics.Category, e *Error) {
	if status > 0 {
		span.SetAttributes(attrStatus.Int(status))
	}
	if e != nil {
		span.SetAttributes(attrCategory.String(cat.String()), attrStatus.Int(e.Status), attrErrorID.String(e.ID))
		span.SetStatus(codes.Error, e.Message)
	}
	span.End()
}
