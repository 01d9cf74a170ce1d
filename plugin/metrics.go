package plugin

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/tyk-ve/tyk-ve/capacity"
	"github.com/tyk-ve/tyk-ve/metrics"
	"github.com/tyk-ve/tyk-ve/vm"
)

// Metrics returns the handler's metrics (tyk-ve dev serves them at
// /__tyk-ve/metrics).
func (h *Handler) Metrics() *metrics.Set { return h.metrics }

// MetricsHandler serves the handler's metrics in the Prometheus text format.
func (h *Handler) MetricsHandler() http.Handler { return h.metrics.Handler() }

// MetricsAddr is the address the node-wide metrics listener is bound to
// ("" when it is off or could not bind).
func (h *Handler) MetricsAddr() string {
	if h.metricsLn == nil {
		return ""
	}
	return h.metricsLn.Addr().String()
}

// startMetricsListener starts the node-wide listener if the settings ask
// for one. It is started once, by the process's one Handler (the gateway
// glue builds a single Handler for every API); a bind failure is logged and
// the plugin serves on without it.
func (h *Handler) startMetricsListener() {
	addr := h.settings.MetricsAddr
	if addr == "" {
		return
	}
	log := h.baseLog.WithField("addr", addr)
	if _, _, err := net.SplitHostPort(addr); err != nil {
		log.WithError(fmt.Errorf("metrics_addr (%s): want host:port: %w", EnvMetricsAddr, err)).
			Error("tyk-ve: cannot start the metrics listener; serving on without it")
		return
	}
	ln, err := metrics.Listen(addr, h.metrics.Handler(), log)
	if err != nil {
		log.WithError(err).Error("tyk-ve: cannot start the metrics listener; serving on without it")
		return
	}
	h.metricsLn = ln
	log.WithField("url", "http://"+ln.Addr().String()+metrics.Path).Info("tyk-ve: serving Prometheus metrics")
}

// observation is what a request records of its call: when it was routed,
// the runtime's Ran and IOWait, and the status tyk-ve wrote (0: none).
type observation struct {
	start       time.Time
	ran, ioWait time.Duration
	status      int
}

// end records the call in the endpoint's metrics and ends its span.
// e is err as the client sees it (nil on success).
func (o *observation) end(route *Route, span trace.Span, err error, e *Error) {
	cat := categoryOf(err)
	route.metrics.Observe(metrics.Call{Duration: time.Since(o.start), Ran: o.ran, IOWait: o.ioWait, Category: cat})
	if span != nil {
		endSpan(span, o.status, cat, e)
	}
}

// categoryOf files a call's error under a metrics category, as newError
// files it under a status and message.
func categoryOf(err error) metrics.Category {
	switch {
	case err == nil:
		return metrics.OK
	case errors.Is(err, vm.ErrTimeout):
		return metrics.Timeout
	case errors.Is(err, vm.ErrPoolExhausted):
		return metrics.PoolExhausted
	case errors.Is(err, ErrEndpointBusy):
		return metrics.EndpointBusy
	case errors.Is(err, capacity.ErrHeapLimit):
		return metrics.HeapLimit
	case errors.Is(err, ErrRequestTooLarge):
		return metrics.BodyTooLarge
	case errors.Is(err, vm.ErrInvalidResult), errors.Is(err, ErrInvalidStatus), errors.Is(err, ErrResponseTooLarge):
		return metrics.InvalidResponse
	case errors.Is(err, ErrConfig):
		return metrics.Config
	case errors.Is(err, vm.ErrStackOverflow), errors.Is(err, vm.ErrFunctionNotFound), errors.Is(err, vm.ErrScript):
		return metrics.Script
	}
	return metrics.Other // a reload in progress, the client gone, a panic
}

// routeKey names a route's series.
func routeKey(apiID string, rt *Route) metrics.EndpointKey {
	return metrics.EndpointKey{APIID: apiID, Endpoint: rt.Label, Function: rt.Endpoint.ResponseFunctionName}
}

// trackMetrics makes this API's endpoints and pool the ones the metrics
// report for its api_id (called by the registry as it installs the API).
func (a *API) trackMetrics(set *metrics.Set) {
	if set == nil {
		return
	}
	var keys []metrics.EndpointKey
	if a.router != nil {
		for i := range a.router.routes {
			keys = append(keys, routeKey(a.Def.APIID, &a.router.routes[i]))
		}
	}
	set.Retain(a.Def.APIID, keys)
	if a.pool != nil && a.untrackPool == nil {
		a.untrackPool = set.TrackPool(a.Def.APIID, a.poolMetrics)
	}
}

// poolMetrics converts the pool's stats for the metrics.
func (a *API) poolMetrics() metrics.PoolStats {
	st := a.pool.Stats()
	r := st.Replaced
	return metrics.PoolStats{
		Live: st.Live, Idle: int64(st.Idle), Busy: int64(st.InUse), Max: int64(st.Max),
		Created: st.Created, Retired: st.Retired, Waits: st.Waits, WaitTime: st.WaitTime,
		Resets: st.Resets, ResetTime: st.ResetTime, Isolation: st.Isolation,
		Replaced: map[string]int64{"timeout": r.Timeout, "memory": r.Memory, "stack_overflow": r.StackOverflow,
			"max_uses": r.MaxUses, "reset_failed": r.ResetFailed, "error": r.Error, "discarded": r.Discarded},
	}
}

// metricsStats reports the heap guard for the metrics.
func (n *nodeCapacity) metricsStats() metrics.NodeStats {
	g := n.guardStats()
	return metrics.NodeStats{HeapBytes: g.Heap, HeapLimitBytes: g.Limit, HeapPeakBytes: g.Peak,
		Overloaded: g.Overloaded, Refused: g.Refused, Stopped: g.Stopped}
}
