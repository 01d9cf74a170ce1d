package host

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/TykTechnologies/tyk/ctx"
)

// Loop control query parameters, read from the loop URL.
const (
	loopParamMethod      = "method"
	loopParamLimit       = "loop_limit"
	loopParamCheckLimits = "check_limits"
)

// loop re-enters an API for a tyk:// URL left by the hook, as Tyk's
// DummyProxyHandler does: tyk://self/... is the same API, tyk://<name or
// api_id>/... another one. The loop URL's path is used as is.
func (g *Gateway) loop(w http.ResponseWriter, r *http.Request, from *API, level int) {
	limit := DefaultLoopLimit
	q := r.URL.Query()
	if v := q.Get(loopParamLimit); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			limit = n
		}
	}
	level++
	if level > limit {
		writeError(w, http.StatusInternalServerError,
			fmt.Sprintf("Loop level too deep. Found more than %d loops in single request", limit))
		return
	}

	target := from
	if host := r.URL.Host; host != "self" {
		if target = g.findAPI(host); target == nil {
			writeError(w, http.StatusInternalServerError, "Can't detect loop target")
			return
		}
	}
	if m := q.Get(loopParamMethod); m != "" {
		r.Method = m
	}
	rawQuery := r.URL.RawQuery
	// Like Tyk's DummyProxyHandler: when the virtual endpoint recorded the
	// original URL (ctx.OrigRequestURL), the loop keeps the original query;
	// the control parameters above were read from the loop URL.
	loopCtx := context.WithValue(r.Context(), ctx.LoopLevel, level)
	if orig, ok := r.Context().Value(ctx.OrigRequestURL).(*url.URL); ok && orig != nil {
		rawQuery = orig.RawQuery
		loopCtx = context.WithValue(loopCtx, ctx.OrigRequestURL, (*url.URL)(nil))
	}

	next := r.Clone(loopCtx)
	next.URL.Scheme, next.URL.Host, next.URL.RawQuery = "", "", rawQuery
	next.RequestURI = next.URL.RequestURI()
	g.serveAPI(w, next, target, level)
}
