package outbound

import (
	"testing"
)

func TestSharedClient(t *testing.T) {
	t.Parallel()
	if DefaultClient() != DefaultClient() {
		t.Error("DefaultClient is not shared")
	}
	zero, _ := SharedClient(Policy{}, Transport{})
	if zero != DefaultClient() {
		t.Error("the zero options do not use the default client")
	}
	p := Policy{Deny: []string{"10.0.0.0/8"}}
	b, _ := SharedClient(p, Transport{})
	c, _ := SharedClient(p, Transport{})
	if b != c || b == zero {
		t.Error("equal options must share one client, distinct from the default")
	}
	if _, err := SharedClient(Policy{Deny: []string{"bad"}}, Transport{}); err == nil {
		t.Error("invalid policy gave a client")
	}
	if GatewayClient() == DefaultClient() || GatewayClient() != GatewayClient() {
		t.Error("the gateway client must be one shared client of its own")
	}
	CloseIdleConnections() // must not disturb clients in use
	tr := Base(DefaultClient())
	if tr.Proxy == nil || tr.MaxIdleConnsPerHost < 2 || DefaultClient().Timeout != 0 {
		t.Errorf("transport settings: proxy=%v idle/host=%d timeout=%v", tr.Proxy != nil, tr.MaxIdleConnsPerHost, DefaultClient().Timeout)
	}
}
