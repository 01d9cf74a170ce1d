package host

import (
	"net/http"
	"net/http/httputil"
)

// upstreamTransport is shared by all proxies. Compression is off so that
// the upstream sees exactly the client's headers.
var upstreamTransport = &http.Transport{DisableCompression: true}

// proxy passes r to the API's target URL.
func (g *Gateway) proxy(w http.ResponseWriter, r *http.Request, a *API) {
	if a.Target == nil {
		writeError(w, http.StatusInternalServerError, "API has no target URL")
		return
	}
	rp := &httputil.ReverseProxy{
		Transport: upstreamTransport,
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme = a.Target.Scheme
			pr.Out.URL.Host = a.Target.Host
			pr.Out.URL.Path = a.upstreamPath(pr.In.URL.Path)
			pr.Out.URL.RawPath = ""
			pr.Out.URL.RawQuery = pr.In.URL.RawQuery
			pr.Out.Host = a.Target.Host
		},
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeError(w, http.StatusBadGateway, "There was a problem proxying the request: "+err.Error())
		},
	}
	rp.ServeHTTP(w, r)
}
