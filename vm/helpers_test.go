package vm

import (
	"context"
	"io"
	"strconv"
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
