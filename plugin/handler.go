package plugin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/capacity"
	"github.com/tyk-ve/tyk-ve/internal/lograte"
	"github.com/tyk-ve/tyk-ve/metrics"
	"github.com/tyk-ve/tyk-ve/vm"
)

// Handler serves virtual endpoints for every API that routes requests to it.
type Handler struct {
	registry *Registry
	settings Settings
	log      *logrus.Logger
	// baseLog is log with the plugin's prefix, for requests not yet
	// matched to an API.
	baseLog    *logrus.Entry
	emptyQuota quota
	// emptySession is Settings.EmptySession scanned once.
	emptySession *vm.PreparedJSON
	// overloadLog rate-limits the log lines of 503 overload answers.
	overloadLog lograte.Limiter
	// metrics are the handler's series; metricsLn the node-wide listener
	// serving them (nil: off).
	metrics   *metrics.Set
	metricsLn *metrics.Listener
}

// NewHandler returns a Handler; logger is the gateway's logger (nil: logrus's
// standard logger).
func NewHandler(s Settings, logger *logrus.Logger) (*Handler, error) {
	if logger == nil {
		logger = logrus.StandardLogger()
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("tyk-ve settings: %w", err)
	}
	s = s.withDefaults()
	node, err := newNodeCapacity(s, logger)
	if err != nil {
		return nil, fmt.Errorf("tyk-ve settings: %w", err)
	}
	s.node = node
	s.metrics = metrics.NewSet()
	s.metrics.SetNode(node.metricsStats)
	h := &Handler{registry: NewRegistry(s, logger), settings: s, log: logger, baseLog: logger.WithField("prefix", "tyk-ve"),
		emptyQuota: sessionQuota(s.EmptySession, ""), emptySession: vm.PrepareJSON(s.EmptySession), metrics: s.metrics}
	h.startMetricsListener()
	return h, nil
}

// Registry exposes the API cache (for reloads and stats).
func (h *Handler) Registry() *Registry { return h.registry }

// Close closes every API's pool and stops the heap guard.
func (h *Handler) Close() error {
	err := h.registry.Close()
	return errors.Join(err, h.settings.node.Close(), h.metricsLn.Close())
}

// HeapGuardStats reports the node's heap guard.
func (h *Handler) HeapGuardStats() capacity.GuardStats { return h.settings.node.guardStats() }

// Serve handles one request. If the request hits a virtual endpoint it writes
// the function's response (or a JSON error); otherwise — or on failure with
// proxy_on_error, or for a tyk:// loop — it writes nothing and the gateway
// carries the request on. It reports whether it wrote a response (the
// gateway's customResponseWriter tells it the same way). It never panics.
func (h *Handler) Serve(w http.ResponseWriter, r *http.Request, src Source, sess Session) (written bool) {
	log := h.baseLog
	defer func() {
		if p := recover(); p != nil {
			e := newError(fmt.Errorf("panic: %v", p))
			log.WithField("id", e.ID).WithField("stack", string(debug.Stack())).Error("tyk-ve: recovered from a panic")
			if !written {
				written = true
				writeError(w, e)
			}
		}
	}()
	api, err := h.registry.Get(src)
	if err != nil {
		written = true
		h.fail(w, log, newError(err))
		return
	}
	log = api.log
	if api.err != nil {
		written = true
		h.fail(w, log, newError(fmt.Errorf("%w: %v", ErrConfig, api.err)))
		return
	}
	route := api.router.Match(r)
	if route == nil {
		return
	}
	log = route.log
	obs := observation{start: time.Now()}
	ctx, span := startSpan(r.Context(), api, route, r.Method)
	err = h.serveRoute(ctx, w, r, api, route, sess, log, &written, &obs)
	var e *Error
	if err != nil {
		e = newError(err)
	}
	obs.end(route, span, err, e)
	if err != nil {
		if route.Endpoint.ProxyOnError {
			log.WithField("id", e.ID).WithError(err).Warn("tyk-ve: virtual endpoint failed; proxying to the upstream (proxy_on_error)")
			return
		}
		written = true
		h.fail(w, log, e)
	}
	return written
}

func (h *Handler) fail(w http.ResponseWriter, log *logrus.Entry, e *Error) {
	switch {
	case e.RetryAfter == 0:
		log.WithField("id", e.ID).WithField("status", e.Status).WithError(e.Err).Error("tyk-ve: " + e.Message)
	case h.overloadLog.Allow():
		// Overload answers come in floods: one line a second, with a count.
		log.WithFields(logrus.Fields{"id": e.ID, "status": e.Status, "suppressed": h.overloadLog.Suppressed()}).
			WithError(e.Err).Warn("tyk-ve: " + e.Message)
	}
	writeError(w, e)
}

// serveRoute runs the endpoint and writes its response; an error means
// nothing was written.
func (h *Handler) serveRoute(parent context.Context, w http.ResponseWriter, r *http.Request, api *API, route *Route, sess Session, log *logrus.Entry, written *bool, obs *observation) error {
	if err, failed := api.routeErrs[route.Label]; failed {
		return fmt.Errorf("%w: %s: %v", ErrConfig, route.Label, err)
	}
	if api.pool == nil {
		return fmt.Errorf("%w: %s: no script loaded", ErrConfig, route.Label)
	}
	if !route.gate.enter() {
		return fmt.Errorf("%s: %w (limit %d)", route.Label, ErrEndpointBusy, route.gate.limit)
	}
	defer route.gate.leave()
	if err := h.settings.node.admit(api.Def.APIID, route.Endpoint.ResponseFunctionName); err != nil {
		return fmt.Errorf("%s: %w", route.Label, err)
	}
	body, err := readBody(r, api.limits.MaxRequestBody)
	if err != nil {
		return err
	}
	args := &callArgs{}
	fillRequestObject(&args.req, r, body)
	args.req.ShareBody = true // readBody's buffer is written once, then only read (the replay)
	call := &args.call
	*call = vm.Call{
		Function:        route.Endpoint.ResponseFunctionName,
		Request:         &args.req,
		Session:         h.settings.EmptySession,
		PreparedSession: h.emptySession,
		Config:          api.configObj,
		Logger:          log,
		RequestID:       r.Header.Get("X-Request-Id"),
	}
	useSession := false
	if route.Endpoint.UseSession {
		call.PreparedSession = nil
		if call.Session, err = sessionJSON(sess); err != nil {
			return err
		}
		useSession = string(call.Session) != "null"
	}
	ctx := args.ctx.start(parent, time.Now().Add(api.timeout(route)))
	defer args.ctx.end()
	var answered *answer
	if route.Endpoint.Handler == HandlerFetch {
		answered = h.workersCall(w, r, api, call, sess, route.Endpoint.UseSession, useSession, log, written)
	}
	resp, err := h.callPool(ctx, api, route, call)
	obs.ran, obs.ioWait = call.Ran, call.IOWait
	if answered != nil && answered.done {
		return answered.err
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", route.Label, route.Endpoint.ResponseFunctionName, err)
	}
	// The answer is written (or the request loops) before this returns:
	// its maps go back for later answers.
	defer resp.Release()
	if err := h.respond(w, r, api, resp, call.Session, sess, useSession, log, written); err != nil {
		return err
	}
	if *written {
		obs.status = resp.Code
	}
	return nil
}

// callArgs are a call, its request object and its context, allocated
// together.
type callArgs struct {
	call vm.Call
	req  vm.Request
	ctx  callContext
}

// callPool runs the call on the API's pool; a call of a CPU-heavy endpoint
// also waits for one of the node's CPU slots (see cpuMeter), holding its
// runtime, so a reload lets it finish on the pool it entered.
func (h *Handler) callPool(ctx context.Context, api *API, route *Route, call *vm.Call) (*vm.Response, error) {
	rt, err := api.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	slots := h.settings.node.cpuSlots()
	switch {
	case slots == nil:
	case route.cpu.heavy():
		if err := slots.acquire(ctx); err != nil {
			api.pool.Release(rt)
			return nil, err
		}
		defer func() { slots.release(call.Ran - call.IOWait) }()
	default:
		defer slots.lightCall()()
	}
	resp, err := api.pool.Run(ctx, rt, call)
	route.cpu.observe(call)
	return resp, err
}

func (h *Handler) respond(w http.ResponseWriter, r *http.Request, api *API, resp *vm.Response, sessionJSON []byte, sess Session, useSession bool, log *logrus.Entry, written *bool) error {
	loop, err := loopURL(resp)
	if err != nil {
		return err
	}
	if loop == nil {
		if err := validateResponse(resp, api.limits.MaxResponseBody); err != nil {
			return err
		}
	}
	if useSession {
		writeBackMeta(sess, resp, log)
	}
	if loop != nil {
		r.URL = loop // the gateway's proxy handler follows tyk:// loops
		return nil
	}
	*written = true
	writeResponse(w, resp, api.ignoreCanonical(), h.quota(sessionJSON, useSession, api))
	return nil
}

// quota returns the rate limit headers' values: from the key's session when
// the endpoint uses it, from the empty session (0/0/0) otherwise.
func (h *Handler) quota(sessionJSON []byte, useSession bool, api *API) quota {
	if !useSession {
		return h.emptyQuota
	}
	return sessionQuota(sessionJSON, api.Def.APIID)
}

// sessionJSON returns the session for the script: the host's session, or
// null on a keyless request (where Tyk would pass null too).
func sessionJSON(sess Session) ([]byte, error) {
	if sess == nil {
		return []byte("null"), nil
	}
	b, err := sess.JSON()
	if err != nil {
		return nil, fmt.Errorf("encoding session: %w", err)
	}
	if b == nil {
		return []byte("null"), nil
	}
	return b, nil
}
