package host

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/TykTechnologies/tyk/ctx"
)

// Loop control query parameters, stripped before the loop runs.
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
	q.Del(loopParamMethod)
	q.Del(loopParamLimit)
	q.Del(loopParamCheckLimits)

	next := r.Clone(context.WithValue(r.Context(), ctx.LoopLevel, level))
	next.URL.Scheme, next.URL.Host, next.URL.RawQuery = "", "", q.Encode()
	next.RequestURI = next.URL.RequestURI()
	g.serveAPI(w, next, target, level)
}
