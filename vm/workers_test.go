package vm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
	"github.com/tyk-ve/tyk-ve/kvstore"
	"github.com/tyk-ve/tyk-ve/outbound"
)

// workersUpstream echoes /echo, answers /slow after 100 ms and /hold once
// release is closed (counting the requests it served).
type workersUpstream struct {
	URL     string
	release chan struct{}
	served  atomic.Int64
}

func newWorkersUpstream(t testing.TB) *workersUpstream {
	t.Helper()
	u := &workersUpstream{release: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			select {
			case <-time.After(100 * time.Millisecond):
			case <-r.Context().Done():
			}
		case "/hold":
			select {
			case <-u.release:
			case <-r.Context().Done():
				return
			}
		}
		u.served.Add(1)
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s %s", r.Method, r.URL.Path, b)
	}))
	u.URL = srv.URL
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		select {
		case <-u.release:
		default:
			close(u.release)
		}
	})
	return u
}

func workersCallOf(fn string, w *WorkersCall) *Call {
	cfg, _ := NewConfigObject("api-1", "org-1", map[string]interface{}{"k": "v"}, true)
	return &Call{Function: fn, Workers: w, Config: cfg, Session: []byte(`{"meta_data":{"a":1}}`),
		Request: &Request{Headers: map[string][]string{"X-A": {"1", "2"}, "Content-Type": {"text/plain"}},
			Body: []byte("payload"), URL: "/api/x?q=1", Params: map[string][]string{}, Scheme: "https"}}
}

func runWorkers(t testing.TB, p *Pool, c *Call, timeout time.Duration) (*Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return p.Call(ctx, c)
}

func TestWorkersHandler(t *testing.T) {
	up := newWorkersUpstream(t)
	tests := []struct {
		name    string
		src     string
		fn      string
		session bool
		code    int
		body    string
		headers map[string]string
		err     error
		errText string
	}{
		{name: "request, env and Response", src: `var __tykve_default = { async fetch(request, env, ctx) {
			return new Response(JSON.stringify({m: request.method, u: request.url, h: request.headers.get("x-a"),
				b: await request.text(), c: env.config.k, s: env.session === undefined}),
				{status: 201, headers: {"Content-Type": "application/json", "X-Out": "yes"}});
		} };`, code: 201, body: `{"m":"POST","u":"https://gw.example/api/x?q=1","h":"1, 2","b":"payload","c":"v","s":true}`,
			headers: map[string]string{"content-type": "application/json", "x-out": "yes"}},
		{name: "session with use_session", session: true, src: `var __tykve_default = { fetch(request, env) {
			return new Response(String(env.session.meta_data.a)); } };`, code: 200, body: "1"},
		{name: "named handler object, sync result", fn: "handler", src: `var handler = { fetch() { return Response.json({ok: true}); } };`,
			code: 200, body: `{"ok":true}`},
		{name: "aggregation", src: `var __tykve_default = { async fetch() {
			const rs = await Promise.all(["/slow", "/echo"].map(p => fetch("` + up.URL + `" + p, {method: "POST", body: p}).then(r => r.text())));
			return new Response(rs.join("|"));
		} };`, code: 200, body: "POST /slow /slow|POST /echo /echo"},
		{name: "thrown", src: `var __tykve_default = { fetch() { throw new Error("boom"); } };`, err: ErrScript, errText: "boom"},
		{name: "rejected", src: `var __tykve_default = { async fetch() { await null; throw new TypeError("late boom"); } };`, err: ErrScript, errText: "late boom"},
		{name: "not a Response", src: `var __tykve_default = { async fetch() { return {status: 200}; } };`, err: ErrInvalidResult, errText: "must return a Response"},
		{name: "no handler", src: `var x = 1;`, err: ErrFunctionNotFound, errText: "__tykve_default"},
		{name: "no fetch method", src: `var __tykve_default = {};`, err: ErrFunctionNotFound, errText: "no fetch(request, env, ctx) method"},
		{name: "passThroughOnException", src: `var __tykve_default = { fetch(r, e, ctx) { ctx.passThroughOnException(); } };`, err: ErrScript, errText: "proxy_on_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPool(t, nil, tt.src)
			resp, err := runWorkers(t, p, workersCallOf(tt.fn, &WorkersCall{Method: "POST", URL: "https://gw.example/api/x?q=1", Session: tt.session}), 2*time.Second)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("err = %v, want %v containing %q", err, tt.err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.Code != tt.code || resp.Body != tt.body {
				t.Errorf("got %d %s, want %d %s", resp.Code, resp.Body, tt.code, tt.body)
			}
			for k, v := range tt.headers {
				if resp.Headers[k] != v {
					t.Errorf("header %s = %q, want %q (all: %v)", k, resp.Headers[k], v, resp.Headers)
				}
			}
		})
	}
}

func TestWorkersSetCookies(t *testing.T) {
	p := newTestPool(t, nil, `var __tykve_default = { fetch() {
		const h = new Headers(); h.append("Set-Cookie", "a=1"); h.append("Set-Cookie", "b=2");
		return new Response("x", {headers: h}); } };`)
	resp, err := runWorkers(t, p, workersCallOf("", &WorkersCall{Method: "GET", URL: "http://h/"}), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.HeaderValues["set-cookie"]; len(got) != 2 || got[0] != "a=1" || got[1] != "b=2" {
		t.Errorf("HeaderValues = %v, Headers = %v", resp.HeaderValues, resp.Headers)
	}
}

// TestWorkersWaitUntil: the answer is handed over before the waitUntil work
// ends, and the call returns once it has.
func TestWorkersWaitUntil(t *testing.T) {
	up := newWorkersUpstream(t)
	p := newTestPool(t, nil, `var __tykve_default = { async fetch(request, env, ctx) {
		ctx.waitUntil(fetch("`+up.URL+`/hold").then(r => r.text()));
		return new Response("answered");
	} };`)
	var servedAtAnswer int64 = -1
	c := workersCallOf("", &WorkersCall{Method: "GET", URL: "http://h/", OnResponse: func(r *Response) {
		servedAtAnswer = up.served.Load()
		close(up.release)
	}})
	resp, err := runWorkers(t, p, c, 2*time.Second)
	if err != nil || resp.Body != "answered" {
		t.Fatalf("resp %v, err %v", resp, err)
	}
	if servedAtAnswer != 0 || up.served.Load() != 1 {
		t.Errorf("served %d at the answer (want 0) and %d at the end (want 1)", servedAtAnswer, up.served.Load())
	}
}

// TestWorkersWaitUntilDeadline: waitUntil work that outlives the deadline is
// cut; the answer stands and the next call is served.
func TestWorkersWaitUntilDeadline(t *testing.T) {
	up := newWorkersUpstream(t)
	p := newTestPool(t, nil, `var __tykve_default = { fetch(request, env, ctx) {
		ctx.waitUntil(fetch("`+up.URL+`/hold"));
		ctx.waitUntil(Promise.reject(new Error("ignored")));
		return new Response("answered");
	} };`)
	answered := false
	resp, err := runWorkers(t, p, workersCallOf("", &WorkersCall{Method: "GET", URL: "http://h/", OnResponse: func(*Response) { answered = true }}), 200*time.Millisecond)
	if err != nil || resp.Body != "answered" || !answered {
		t.Fatalf("resp %v, err %v, answered %v", resp, err, answered)
	}
	close(up.release)
	if resp, err := runWorkers(t, p, workersCallOf("", &WorkersCall{Method: "GET", URL: "http://h/"}), 2*time.Second); err != nil || resp.Body != "answered" {
		t.Fatalf("next call: %v %v", resp, err)
	}
}

// TestWorkersNeverSettles: a handler whose promise never settles ends at
// the deadline with ErrTimeout, nothing of it left running.
func TestWorkersNeverSettles(t *testing.T) {
	up := newWorkersUpstream(t)
	p := newTestPool(t, nil, `var __tykve_default = { fetch() { fetch("`+up.URL+`/hold"); return new Promise(() => {}); } };`)
	before := runtime.NumGoroutine()
	_, err := runWorkers(t, p, workersCallOf("", &WorkersCall{Method: "GET", URL: "http://h/"}), 100*time.Millisecond)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	testutil.WaitUntil(t, "the fetch goroutine to end", func() bool { return goroutinesBackTo(before) })
	if up.served.Load() != 0 {
		t.Errorf("the held request was served")
	}
}

// TestWorkersFetchCancelledAtTheEnd: a fetch still in flight when the
// handler answers is cancelled with the call; no goroutine leaks.
func TestWorkersFetchCancelledAtTheEnd(t *testing.T) {
	up := newWorkersUpstream(t)
	p := newTestPool(t, nil, `var __tykve_default = { fetch() { fetch("`+up.URL+`/hold"); return new Response("now"); } };`)
	before := runtime.NumGoroutine()
	for i := 0; i < 5; i++ {
		if resp, err := runWorkers(t, p, workersCallOf("", &WorkersCall{Method: "GET", URL: "http://h/"}), 2*time.Second); err != nil || resp.Body != "now" {
			t.Fatalf("resp %v, err %v", resp, err)
		}
	}
	testutil.WaitUntil(t, "the fetch goroutines to end", func() bool { return goroutinesBackTo(before) })
}

// TestWorkersSharedOutboundLimit: fetch and TykMakeHttpRequest draw on one
// max_outbound_requests count.
func TestWorkersSharedOutboundLimit(t *testing.T) {
	up := newWorkersUpstream(t)
	p := newTestPool(t, func(c *PoolConfig) { c.Limits.MaxOutboundRequests = 3 }, `var __tykve_default = { async fetch() {
		const out = [];
		TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: "`+up.URL+`", Resource: "/echo"}));
		for (let i = 0; i < 3; i++) {
			try { await fetch("`+up.URL+`/echo"); out.push("ok"); } catch (e) { out.push(e.message); }
		}
		try { TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: "`+up.URL+`", Resource: "/echo"})); } catch (e) { out.push("tyk: " + e.message); }
		return new Response(out.join("|"));
	} };`)
	resp, err := runWorkers(t, p, workersCallOf("", &WorkersCall{Method: "GET", URL: "http://h/"}), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	want := "ok|ok|fetch: vm: outbound request limit exceeded (max_outbound_requests = 3, this call has made 3, wanted 1 more)|" +
		"tyk: TykMakeHttpRequest: vm: outbound request limit exceeded (max_outbound_requests = 3, this call has made 3, wanted 1 more)"
	if resp.Body != want {
		t.Errorf("got  %s\nwant %s", resp.Body, want)
	}
}

// TestWorkersBesideTykFunctions: one pool serves a Tyk-style function and a
// Workers-style handler, alternately.
func TestWorkersBesideTykFunctions(t *testing.T) {
	p := newTestPool(t, nil, `function tyk(request, session, config) {
		return TykJsResponse({Body: "tyk " + request.Body, Code: 200}, session.meta_data);
	}
	var __tykve_default = { async fetch(request) { return new Response("workers " + await request.text()); } };`)
	for i := 0; i < 3; i++ {
		resp, err := runWorkers(t, p, workersCallOf("tyk", nil), 2*time.Second)
		if err != nil || resp.Body != "tyk payload" {
			t.Fatalf("tyk: %v %v", resp, err)
		}
		resp, err = runWorkers(t, p, workersCallOf("", &WorkersCall{Method: "PUT", URL: "http://h/"}), 2*time.Second)
		if err != nil || resp.Body != "workers payload" {
			t.Fatalf("workers: %v %v", resp, err)
		}
	}
}

// TestWorkersParallelFetch: Promise.all of three 100 ms upstream calls
// takes about 100 ms, not 300 (generous bound).
func TestWorkersParallelFetch(t *testing.T) {
	up := newWorkersUpstream(t)
	p := newTestPool(t, nil, `var __tykve_default = { async fetch() {
		const rs = await Promise.all([1, 2, 3].map(() => fetch("`+up.URL+`/slow").then(r => r.text())));
		return new Response(rs.join());
	} };`)
	start := time.Now()
	c := workersCallOf("", &WorkersCall{Method: "GET", URL: "http://h/"})
	if _, err := runWorkers(t, p, c, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d >= 250*time.Millisecond {
		t.Errorf("took %v, want < 250ms", d)
	}
	// the wait counts as I/O, not CPU (the CPU-heavy classification)
	if c.IOWait < 100*time.Millisecond || c.IOWait > c.Ran {
		t.Errorf("IOWait %v of Ran %v, want the upstream time", c.IOWait, c.Ran)
	}
}

// goroutinesBackTo reports whether no more than n goroutines run, once idle
// keep-alive connections (other tests' too) are closed.
func goroutinesBackTo(n int) bool {
	outbound.CloseIdleConnections()
	return runtime.NumGoroutine() <= n
}

// TestTykStyleAsyncFetch: a Tyk-style function may be async and await
// fetch; its requests count with TykMakeHttpRequest's.
func TestTykStyleAsyncFetch(t *testing.T) {
	up := newWorkersUpstream(t)
	p := newTestPool(t, nil, `async function agg(request, session, config) {
		const rs = await Promise.all(["/a", "/b"].map(x => fetch("`+up.URL+`" + x, {method: "POST", body: x}).then(r => r.text())));
		return TykJsResponse({Body: rs.join("|"), Code: 200}, session.meta_data);
	}`)
	resp, err := runWorkers(t, p, workersCallOf("agg", nil), 2*time.Second)
	if err != nil || resp.Body != "POST /a /a|POST /b /b" {
		t.Fatalf("resp %v, err %v", resp, err)
	}
}

// TestWorkersEnvKV: env.KV is the API's shared storage as a Workers KV
// namespace (the keys TykStorage* sees).
func TestWorkersEnvKV(t *testing.T) {
	store := kvstore.NewMemory(kvstore.MemoryOptions{})
	b, err := kvstore.NewBucket(store, kvstore.BucketOptions{Namespace: "workers"})
	if err != nil {
		t.Fatal(err)
	}
	p := newTestPool(t, func(c *PoolConfig) { c.Host = &Host{Storage: b} }, `var __tykve_default = { async fetch(request, env) {
		await env.KV.put("visits", "41");
		const n = Number(await env.KV.get("visits")) + 1;
		return new Response(String(n) + " " + TykStorageGet("visits"));
	} };`)
	resp, err := runWorkers(t, p, workersCallOf("", &WorkersCall{Method: "GET", URL: "http://h/"}), 2*time.Second)
	if err != nil || resp.Body != "42 41" {
		t.Fatalf("resp %v, err %v", resp, err)
	}
}
