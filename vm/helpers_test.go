package vm

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
)

// testLogger returns a logger that discards output (or keeps it in hook
// entries when asked).
func testLogger() *logrus.Entry {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return logrus.NewEntry(l)
}

// newTestPool builds a pool from inline sources and closes it with the test.
func newTestPool(t testing.TB, mutate func(*PoolConfig), sources ...string) *Pool {
	t.Helper()
	scripts := make([]Script, len(sources))
	for i, s := range sources {
		scripts[i] = Script{Name: "test" + strconv.Itoa(i) + ".js", Source: s}
	}
	cfg := NewPoolConfig("test-api", scripts, testLogger())
	if mutate != nil {
		mutate(&cfg)
	}
	p, err := NewPool(cfg)
	if err != nil {
		t.Fatalf("NewPool: %v", err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// call runs fn with a simple request and a 2s deadline.
func call(t testing.TB, p *Pool, fn string, req *Request) (*Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if req == nil {
		req = &Request{Headers: map[string][]string{}, Params: map[string][]string{}, URL: "/", Scheme: "http"}
	}
	cfg, err := NewConfigObject("api-1", "org-1", map[string]interface{}{"k": "v"}, true)
	if err != nil {
		t.Fatal(err)
	}
	return p.Call(ctx, &Call{Function: fn, Request: req, Session: []byte(`{"meta_data":{"a":1}}`), Config: cfg})
}

// gateUpstream is an upstream that holds every request until the test opens
// it, counting arrivals, so that a test knows for certain that a call is in
// flight (it has reached the upstream) rather than guessing with a sleep.
type gateUpstream struct {
	URL     string
	arrived atomic.Int64
	gate    chan struct{}
	once    sync.Once
}

// newGateUpstream starts a gate; it is opened and closed with the test.
func newGateUpstream(t testing.TB) *gateUpstream {
	t.Helper()
	g := &gateUpstream{gate: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.arrived.Add(1)
		select {
		case <-g.gate:
			_, _ = io.WriteString(w, "released")
		case <-r.Context().Done():
		}
	}))
	g.URL = srv.URL
	t.Cleanup(srv.Close)
	t.Cleanup(g.open) // runs first: no handler stays blocked
	return g
}

// open lets every held and later request through.
func (g *gateUpstream) open() { g.once.Do(func() { close(g.gate) }) }

// waitArrived fails the test unless n requests have reached the gate within
// a few seconds.
func (g *gateUpstream) waitArrived(t testing.TB, n int64) {
	t.Helper()
	waitFor(t, func() bool { return g.arrived.Load() >= n }, func() string {
		return fmt.Sprintf("%d of %d requests reached the upstream", g.arrived.Load(), n)
	})
}

// waitFor polls cond until it holds, failing the test with what() after a
// few seconds.
func waitFor(t testing.TB, cond func() bool, what func() string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal(what())
		}
	}
}
