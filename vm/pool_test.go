package vm

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestPoolCallEcho(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, nil, `function echo(request, session, config) {
		return TykJsResponse({Body: JSON.stringify({url: request.URL, h: request.Headers["X-Id"][0], q: request.Params.q, meta: session.meta_data, cfg: config}), Code: 201, Headers: {"X-A": "b"}}, {seen: true});
	}`)
	resp, err := call(t, p, "echo", &Request{
		Headers: map[string][]string{"X-Id": {"7"}}, Params: map[string][]string{"q": {"1", "2"}}, URL: "/ve/echo?q=1&q=2", Scheme: "http",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"url":"/ve/echo?q=1&q=2","h":"7","q":["1","2"],"meta":{"a":1},"cfg":{"APIID":"api-1","OrgID":"org-1","config_data":{"k":"v"}}}`
	if resp.Code != 201 || resp.Body != want || resp.Headers["X-A"] != "b" || resp.SessionMeta["seen"] != true {
		t.Fatalf("got %+v", resp)
	}
}

func TestPoolIsolatedState(t *testing.T) {
	t.Parallel()
	src := `var counter = {n: 0}; let hits = 0; const seen = [];
	function count() { counter.n++; hits++; seen.push(1); leaked = (typeof leaked === "undefined") ? 1 : leaked + 1; JSON.stringify = null;
		return TykJsResponse({Body: counter.n + "/" + hits + "/" + seen.length + "/" + leaked, Code: 200}, null); }`
	for _, tc := range []struct {
		name  string
		state State
		want  []string
	}{
		{"isolated", StateIsolated, []string{"1/1/1/1", "1/1/1/1", "1/1/1/1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPool(t, func(c *PoolConfig) { c.State = tc.state; c.MaxRuntimes = 1; c.Prewarm = 1 }, src)
			for i, want := range tc.want {
				resp, err := call(t, p, "count", nil)
				if err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
				if resp.Body != want {
					t.Fatalf("call %d: body %q, want %q", i, resp.Body, want)
				}
			}
		})
	}
}

func TestPoolTimeoutDestroysRuntime(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes = 1; c.Prewarm = 1 },
		`function spin() { for(;;) {} }`, `function ok() { return TykJsResponse({Body: "ok", Code: 200}) }`)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := p.Call(ctx, &Call{Function: "spin", Request: &Request{}})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	resp, err := call(t, p, "ok", nil)
	if err != nil || resp.Body != "ok" {
		t.Fatalf("after timeout: %v %+v", err, resp)
	}
	if s := p.Stats(); s.Destroyed < 1 || s.Timeouts != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func TestPoolConcurrent(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes = 3 }, `function f(r) { return TykJsResponse({Body: r.URL, Code: 200}) }`)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			url := "/" + strconv.Itoa(i)
			resp, err := call(t, p, "f", &Request{URL: url})
			if err != nil || resp.Body != url {
				t.Errorf("call %d: %v %+v", i, err, resp)
			}
		}(i)
	}
	wg.Wait()
	if s := p.Stats(); s.Live > 3 {
		t.Fatalf("live runtimes %d > max 3", s.Live)
	}
}
