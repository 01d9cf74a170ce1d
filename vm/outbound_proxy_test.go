package vm

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
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
	host := func(c *PoolConfig) { c.Host = &Host{OutboundTransport: OutboundTransport{ProxyURL: proxy.URL}} }
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

// TestMakeHttpRequestEnvironmentProxy: without proxy_url the environment's
// proxy is used, as in Tyk. Not parallel: it replaces environmentProxy.
func TestMakeHttpRequestEnvironmentProxy(t *testing.T) {
	proxy, hits := newTestProxy(t)
	proxyURL, _ := url.Parse(proxy.URL)
	orig := environmentProxy
	environmentProxy = func(r *http.Request) (*url.URL, error) {
		if r.URL.Hostname() == "direct.invalid" {
			return nil, nil // NO_PROXY
		}
		return proxyURL, nil
	}
	t.Cleanup(func() { environmentProxy = orig })
	p := OutboundPolicy{Deny: []string{"10.0.0.0/8"}} // a client of its own, built with the replaced hook in place
	got, err := runVE(t, func(c *PoolConfig) { c.Host = &Host{Outbound: p} }, strings.Replace(proxyCallBody, "%s", js("http://upstream.invalid"), 1))
	if err != nil || got != "via proxy: http://upstream.invalid/path?q=1" || hits.Load() != 1 {
		t.Fatalf("got %q, %v (proxy hits %d)", got, err, hits.Load())
	}
	got, err = runVE(t, func(c *PoolConfig) { c.Host = &Host{Outbound: p} }, strings.Replace(proxyCallBody, "%s", js("http://10.1.2.3"), 1))
	if err != nil || got != "undefined" || hits.Load() != 1 {
		t.Fatalf("denied destination through the environment proxy: got %q, %v (proxy hits %d)", got, err, hits.Load())
	}
	got, err = runVE(t, func(c *PoolConfig) { c.Host = &Host{Outbound: p} }, strings.Replace(proxyCallBody, "%s", js("http://direct.invalid"), 1))
	if err != nil || got != "undefined" || hits.Load() != 1 {
		t.Fatalf("NO_PROXY destination: got %q, %v (proxy hits %d)", got, err, hits.Load())
	}
}

func TestOutboundTransportValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		proxy string
		want  string // substring of the error; "" means valid
	}{
		{"", ""},
		{"http://proxy.internal:3128", ""},
		{"socks5://127.0.0.1:1080", ""},
		{"https://user:secret@proxy:8443", ""},
		{"ftp://proxy", "scheme must be"},
		{"http://", "no host"},
		{"https://user:secret@", "no host"}, // the password never appears in a message
		{"http://user:secret@[::1", "invalid URL"},
		{"::bad", "invalid URL"},
	} {
		err := OutboundTransport{ProxyURL: tc.proxy}.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.proxy, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: error %v, want it to contain %q", tc.proxy, err, tc.want)
		case err != nil && strings.Contains(err.Error(), "secret"):
			t.Errorf("%q: error reveals the password: %v", tc.proxy, err)
		}
		if err != nil && !strings.Contains(err.Error(), "proxy_url") {
			t.Errorf("%q: error %v does not name proxy_url", tc.proxy, err)
		}
	}
}
