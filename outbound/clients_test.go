package outbound

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// TestClientCacheEvictsLeastRecentlyUsed: the cache keeps at most max
// clients, evicts the least recently used one, and builds it anew when it
// is asked for again.
func TestClientCacheEvictsLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	cc := newClientCache(2)
	built := map[string]int{}
	get := func(key string) *http.Client {
		t.Helper()
		c, err := cc.get(key, func() (*http.Client, error) { built[key]++; return &http.Client{}, nil })
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a := get("a")
	get("b")
	if get("a") != a {
		t.Fatal("a hit built a new client")
	}
	get("c") // evicts b, the least recently used
	if n := cc.len(); n != 2 {
		t.Fatalf("%d clients kept, want 2", n)
	}
	if get("a") != a || built["a"] != 1 {
		t.Fatalf("a was evicted (built %d times)", built["a"])
	}
	get("b") // built again; evicts c
	if built["b"] != 2 || cc.len() != 2 {
		t.Fatalf("b built %d times, %d kept; want 2 and 2", built["b"], cc.len())
	}
	if get("c"); built["c"] != 2 {
		t.Fatalf("c built %d times, want 2 (it was evicted by b)", built["c"])
	}
	if _, err := cc.get("bad", func() (*http.Client, error) { return nil, fmt.Errorf("no") }); err == nil || cc.len() != 2 {
		t.Fatalf("a failed build: err %v, %d kept", err, cc.len())
	}
}

// TestClientCacheClosesEvictedIdleConnections: evicting a client closes its
// idle keep-alive connections; a client still kept keeps its own.
func TestClientCacheClosesEvictedIdleConnections(t *testing.T) {
	t.Parallel()
	idleServer := func() (*httptest.Server, *connCounter) {
		tr := &connCounter{}
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") }))
		srv.Config.ConnState = tr.state
		srv.Start()
		t.Cleanup(srv.Close)
		return srv, tr
	}
	newClient := func() (*http.Client, error) { return NewClient(Policy{}, Transport{}) }
	fetch := func(c *http.Client, url string) {
		t.Helper()
		resp, err := c.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close() // the connection goes back to the client's idle pool
	}
	cc := newClientCache(1)
	srvA, trA := idleServer()
	srvB, trB := idleServer()
	a, _ := cc.get("a", newClient)
	fetch(a, srvA.URL)
	testutil.WaitFor(t, func() bool { return trA.open.Load() == 1 }, func() string { return fmt.Sprintf("a holds %d connections, want 1", trA.open.Load()) })
	b, _ := cc.get("b", newClient) // evicts a
	t.Cleanup(b.CloseIdleConnections)
	testutil.WaitFor(t, func() bool { return trA.open.Load() == 0 }, func() string {
		return fmt.Sprintf("the evicted client still holds %d idle connections", trA.open.Load())
	})
	fetch(b, srvB.URL)
	if got, _ := cc.get("b", newClient); got != b {
		t.Fatal("b is no longer kept")
	}
	if n := trB.open.Load(); n != 1 {
		t.Fatalf("the kept client holds %d connections, want its idle one", n)
	}
}

// TestSharedClientsAreBounded: however many distinct outbound options the
// gateway sees, at most maxSharedClients clients are kept, and the default
// client stays the same.
func TestSharedClientsAreBounded(t *testing.T) {
	t.Parallel()
	def := DefaultClient()
	for i := 0; i < 3*maxSharedClients; i++ {
		p := Policy{Deny: []string{fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)}}
		c, err := SharedClient(p, Transport{})
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := SharedClient(p, Transport{}); again != c {
			t.Fatalf("policy %d: two clients for one policy", i)
		}
	}
	if n := sharedClients.len(); n > maxSharedClients {
		t.Fatalf("%d shared clients kept, want at most %d", n, maxSharedClients)
	}
	if DefaultClient() != def {
		t.Fatal("the default client was replaced")
	}
}

// connCounter counts a test server's open connections.
type connCounter struct{ open atomic.Int64 }

func (c *connCounter) state(_ net.Conn, s http.ConnState) {
	switch s {
	case http.StateNew:
		c.open.Add(1)
	case http.StateClosed, http.StateHijacked:
		c.open.Add(-1)
	}
}
