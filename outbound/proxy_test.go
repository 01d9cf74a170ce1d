package outbound

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"
)

// TestEnvironmentProxy: without Transport.ProxyURL a client goes through
// the environment's proxy, as Tyk does, and the address policy still
// applies to each destination. Not parallel: it replaces environmentProxy.
func TestEnvironmentProxy(t *testing.T) {
	var hits atomic.Int64
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, "via proxy: "+r.URL.String())
	}))
	t.Cleanup(proxy.Close)
	proxyURL, _ := url.Parse(proxy.URL)
	orig := environmentProxy
	environmentProxy = func(r *http.Request) (*url.URL, error) {
		if r.URL.Hostname() == "direct.invalid" {
			return nil, nil // NO_PROXY
		}
		return proxyURL, nil
	}
	t.Cleanup(func() { environmentProxy = orig })
	client, err := NewClient(Policy{Deny: []string{"10.0.0.0/8"}}, Transport{})
	if err != nil {
		t.Fatal(err)
	}
	get := func(target string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		resp, err := client.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	if got, err := get("http://upstream.invalid/path?q=1"); err != nil || got != "via proxy: http://upstream.invalid/path?q=1" || hits.Load() != 1 {
		t.Fatalf("got %q, %v (proxy hits %d)", got, err, hits.Load())
	}
	if _, err := get("http://10.1.2.3/"); !errors.Is(err, ErrAddressRefused) || hits.Load() != 1 {
		t.Fatalf("denied destination through the environment proxy: %v (proxy hits %d)", err, hits.Load())
	}
	if _, err := get("http://direct.invalid/"); err == nil || hits.Load() != 1 {
		t.Fatalf("NO_PROXY destination: %v (proxy hits %d)", err, hits.Load())
	}
}
