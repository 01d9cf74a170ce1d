package testutil

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// GateUpstream is an upstream that holds every request until the test opens
// it, counting arrivals, so that a test knows for certain that a call is in
// flight (it has reached the upstream) rather than guessing with a sleep.
// Once open it answers "released".
type GateUpstream struct {
	URL     string
	arrived atomic.Int64
	gate    chan struct{}
	once    sync.Once
}

// NewGateUpstream starts a gate; it is opened and closed with the test.
func NewGateUpstream(t testing.TB) *GateUpstream {
	t.Helper()
	g := &GateUpstream{gate: make(chan struct{})}
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
	t.Cleanup(g.Open) // runs first: no handler stays blocked
	return g
}

// Open lets every held and later request through.
func (g *GateUpstream) Open() { g.once.Do(func() { close(g.gate) }) }

// Arrived is the number of requests that reached the gate.
func (g *GateUpstream) Arrived() int64 { return g.arrived.Load() }

// WaitArrived fails the test unless n requests reach the gate in time.
func (g *GateUpstream) WaitArrived(t testing.TB, n int64) {
	t.Helper()
	WaitFor(t, func() bool { return g.arrived.Load() >= n }, func() string {
		return fmt.Sprintf("%d of %d requests reached the upstream", g.arrived.Load(), n)
	})
}
