package tykapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tyk-ve/tyk-ve/outbound"
	"github.com/tyk-ve/tyk-ve/vm"
)

// newTestProxy is a forward HTTP proxy that answers every request itself
// with the absolute URL it was asked for.
func newTestProxy(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, "via proxy: "+r.URL.String())
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

const proxyCallBody = `var r = TykMakeHttpRequest(JSON.stringify({Domain: %s, Resource: "/path?q=1"}));
	return r === undefined ? "undefined" : JSON.parse(r).Body;`

// TestMakeHttpRequestProxyURL: the API's proxy_url carries outbound
// requests, and the address policy still applies to their destination.
func TestMakeHttpRequestProxyURL(t *testing.T) {
	t.Parallel()
	proxy, hits := newTestProxy(t)
	host := func(c *vm.PoolConfig) { c.Host = &vm.Host{OutboundTransport: outbound.Transport{ProxyURL: proxy.URL}} }
	for _, tc := range []struct {
		name, domain, want string
		hits               int64
	}{
		{"name the gateway cannot resolve goes to the proxy", "http://upstream.invalid", "via proxy: http://upstream.invalid/path?q=1", 1},
		{"metadata address is refused before the proxy", "http://169.254.169.254", "undefined", 0},
		{"link-local name literal in brackets is refused", "http://[fe80::1]", "undefined", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := hits.Load()
			got, err := runVE(t, host, strings.Replace(proxyCallBody, "%s", js(tc.domain), 1))
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
			if n := hits.Load() - before; n != tc.hits {
				t.Fatalf("proxy saw %d requests, want %d", n, tc.hits)
			}
		})
	}
}
