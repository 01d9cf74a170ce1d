package tykapi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tyk-ve/tyk-ve/outbound"
)

func TestHostValidateNamesFields(t *testing.T) {
	t.Parallel()
	h := &Host{Outbound: outbound.Policy{Allow: []string{"x"}, Deny: []string{"y"}}, OutboundTransport: outbound.Transport{MaxVersion: 7, ProxyURL: "ftp://proxy"}}
	err := h.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{"outbound.allow[0]:", "outbound.deny[0]:", "proxy.transport.ssl_max_version:", "proxy.transport.proxy_url:"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	if err := (&Host{}).Validate(); err != nil {
		t.Errorf("zero Host: %v", err)
	}
}

// TestHostHTTPClient: a Host uses its own client when given one, else the
// shared client for its options.
func TestHostHTTPClient(t *testing.T) {
	t.Parallel()
	a, _ := (&Host{}).httpClient()
	if a != outbound.DefaultClient() {
		t.Error("zero Host does not use the default client")
	}
	p := outbound.Policy{Deny: []string{"10.0.0.0/8"}}
	b, _ := (&Host{Outbound: p}).httpClient()
	c, _ := (&Host{Outbound: p}).httpClient()
	if b != c || b == a {
		t.Error("Hosts with equal options must share one client, distinct from the default")
	}
	own := &http.Client{}
	if got, _ := (&Host{HTTPClient: own, Outbound: p}).httpClient(); got != own {
		t.Error("Host.HTTPClient not used")
	}
	if _, err := (&Host{Outbound: outbound.Policy{Deny: []string{"bad"}}}).httpClient(); err == nil {
		t.Error("invalid policy gave a client")
	}
}
