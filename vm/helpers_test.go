package vm

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
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

// logBuffer collects log output safely across goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// captureLogger returns a debug-level JSON logger writing into a buffer.
func captureLogger() (*logrus.Entry, *logBuffer) {
	buf := &logBuffer{}
	l := logrus.New()
	l.SetOutput(buf)
	l.SetFormatter(&logrus.JSONFormatter{})
	l.SetLevel(logrus.DebugLevel)
	return logrus.NewEntry(l), buf
}

// veSource wraps a JavaScript function body into a virtual endpoint "run"
// that answers String(<what the body returned>).
func veSource(body string) string {
	return "function run(request, session, config) {\n\tvar out = (function () {\n" + body +
		"\n\t})();\n\treturn TykJsResponse({Body: String(out), Code: 200}, null);\n}"
}

// runVE runs body in a fresh pool (see veSource) and returns the body the
// endpoint answered.
func runVE(t *testing.T, mutate func(*PoolConfig), body string) (string, error) {
	t.Helper()
	p := newTestPool(t, mutate, veSource(body))
	resp, err := call(t, p, "run", nil)
	if err != nil {
		return "", err
	}
	return resp.Body, nil
}

// js quotes s as a JavaScript string literal (ASCII input).
func js(s string) string { return strconv.Quote(s) }

// areasWithout returns Tyk's API areas without the named ones.
func areasWithout(names ...string) []tykapi.Area {
	var out []tykapi.Area
next:
	for _, a := range tykapi.Areas() {
		for _, n := range names {
			if a.Name == n {
				continue next
			}
		}
		out = append(out, a)
	}
	return out
}
