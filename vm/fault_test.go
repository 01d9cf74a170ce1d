package vm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/outbound"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// Fault tests: each fault must give the request a clear error (or Tyk's
// undefined-and-logged result) within its deadline, leave the pool able to
// serve the next call, and leave no runtime, connection or goroutine
// behind. Script-level faults (loops, recursion, allocation, throws) are in
// hardening_test.go; this file covers faults at the Go boundary, outbound
// HTTP, pool exhaustion, and the goroutine count after all of them.

// faultSlack absorbs scheduling noise under -race on a loaded 2-core box;
// the faults below would otherwise hang for 10s or forever.
const faultSlack = time.Second

// faultPool is a one-runtime pool whose "ok" function proves the pool still
// serves after a fault.
func faultPool(t *testing.T, mutate func(*PoolConfig), body string) *Pool {
	t.Helper()
	return newTestPool(t, func(c *PoolConfig) {
		c.MaxRuntimes, c.Prewarm = 1, 1
		if mutate != nil {
			mutate(c)
		}
	}, veSource(body), `function ok() { return TykJsResponse({Body: "ok", Code: 200}) }`)
}

// assertServesNext fails unless the pool answers the next call and has no
// runtime in use or unaccounted for.
func assertServesNext(t *testing.T, p *Pool) {
	t.Helper()
	if resp, err := call(t, p, "ok", nil); err != nil || resp.Body != "ok" {
		t.Fatalf("next call: %v %+v", err, resp)
	}
	// A reset that replays or rebuilds runs after the call returned.
	testutil.WaitFor(t, func() bool { return p.Stats().InUse == 0 }, func() string {
		return fmt.Sprintf("a runtime is still in use: %+v", p.Stats())
	})
	s := p.Stats()
	if s.Live > int64(p.cfg.MaxRuntimes) || s.Created-s.Destroyed != s.Live {
		t.Fatalf("pool after the fault: %+v", s)
	}
}

// TestFaultGoBoundary: junk and throwing values handed to the Go side of the
// API, and exceptions thrown from JavaScript that Go code called back into.
// Go functions report bad input Tyk's way (undefined, logged); an exception
// raised while Go converts an argument surfaces as a script error with the
// JavaScript message; the runtime stays usable.
func TestFaultGoBoundary(t *testing.T) {
	t.Parallel()
	throwing := `{toString: function () { throw new Error("no string for you") }}`
	for _, tc := range []struct {
		name    string
		body    string
		want    string // the body answered; "" when an error is wanted
		wantErr error
		wantMsg string // substring of the error or of the log
	}{
		{"b64dec of junk", `return b64dec("%%%not base64");`, "undefined", nil, "Failed to base64 decode"},
		{"rawb64dec of junk", `return rawb64dec("====");`, "undefined", nil, "Failed to base64 decode"},
		{"b64dec of a throwing toString", `return b64dec(` + throwing + `);`, "", ErrScript, "no string for you"},
		{"b64enc of an object without a primitive", `return b64enc({toString: function () { return {} }, valueOf: function () { return {} }});`, "", ErrScript, "TypeError"},
		{"TykMakeHttpRequest of invalid JSON", `return TykMakeHttpRequest("{\"Method\": ");`, "undefined", nil, "Failed to deserialise HTTP Request object"},
		{"TykMakeHttpRequest of a number", `return TykMakeHttpRequest(42);`, "undefined", nil, "Failed to deserialise"},
		{"TykMakeHttpRequest of a throwing toString", `return TykMakeHttpRequest(` + throwing + `);`, "", ErrScript, "no string for you"},
		{"TykBatchRequest of a throwing toString", `return TykBatchRequest(` + throwing + `);`, "", ErrScript, "no string for you"},
		{"TykBatchRequest with a bad item", `return TykBatchRequest(JSON.stringify({requests: [{method: "GET", relative_url: "::"}]}));`, "undefined", nil, "Batch request error"},
		{"log of a throwing toString", `log(` + throwing + `); return "unreachable";`, "", ErrScript, "no string for you"},
		{"TykJsResponse of a cyclic object", `var o = {}; o.self = o; return TykJsResponse({Body: o, Code: 200});`, "", ErrScript, "TypeError"},
		{"TykJsResponse with a throwing getter", `return TykJsResponse({get Body() { throw new RangeError("getter") }, Code: 200});`, "", ErrScript, "RangeError: getter"},
		{"throw inside Array.prototype.map", `return [1, 2, 3].map(function (x) { if (x === 2) throw new TypeError("in map"); return x; });`, "", ErrScript, "TypeError: in map"},
		{"throw inside a sort comparator", `return [3, 1, 2].sort(function () { throw new Error("in sort") });`, "", ErrScript, "Error: in sort"},
		{"throw inside a JSON.parse reviver", `return JSON.parse("[1]", function () { throw new Error("in reviver") });`, "", ErrScript, "Error: in reviver"},
		{"toString recursion through String()", `var o = {toString: function () { return String(o) }}; return String(o);`, "", ErrStackOverflow, ""},
		{"recursion through a native callback", `function g() { return [1].map(g) } return g();`, "", ErrStackOverflow, ""},
		{"caught exception from a Go function", `try { b64dec(` + throwing + `) } catch (e) { return "caught " + e.message }`, "caught no string for you", nil, ""},
	} {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := captureLogger()
			p := faultPool(t, func(c *PoolConfig) { c.Logger = logger; c.Limits.MaxStackDepth = 200 }, tc.body)
			resp, err := call(t, p, "run", nil)
			switch {
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), tc.wantMsg) {
					t.Fatalf("err = %v, want %v naming %q", err, tc.wantErr, tc.wantMsg)
				}
			case err != nil || resp.Body != tc.want:
				t.Fatalf("got %+v, %v; want body %q", resp, err, tc.want)
			case !strings.Contains(logs.String(), tc.wantMsg):
				t.Fatalf("log lacks %q:\n%s", tc.wantMsg, logs)
			}
			assertServesNext(t, p)
		})
	}
}

// TestJSONStringifyHonoursToJSON: a toJSON method decides what
// JSON.stringify writes, including one inherited from a class and one that
// throws. The fast path in vm/tykapi/api_json.go treats any object whose toJSON is a
// function as plain data (plainObject in response_fast.go asks omitted(),
// which is true for functions) and writes its own properties instead.
func TestJSONStringifyHonoursToJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body, want string
		wantErr          error
	}{
		{"own toJSON", `return JSON.stringify({a: 1, toJSON: function () { return 5 }});`, "5", nil},
		{"inherited toJSON", `class Money { constructor() { this.cents = 150 } toJSON() { return "1.50 EUR" } } return JSON.stringify({price: new Money()});`, `{"price":"1.50 EUR"}`, nil},
		{"toJSON that throws", `return JSON.stringify({toJSON: function () { throw new Error("in toJSON") }});`, "", ErrScript},
		{"TykJsResponse body with toJSON", `return JSON.parse(TykJsResponse({Body: "b", Code: 200, Headers: {toJSON: function () { return {"X-A": "1"} }}})).Response.Headers["X-A"];`, "1", nil},
	} {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := runVE(t, nil, tc.body)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("got %q, %v; want %v", got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// connTracker counts a test server's open connections and running handlers.
type connTracker struct {
	open, handlers atomic.Int64
}

func (c *connTracker) state(_ net.Conn, s http.ConnState) {
	switch s {
	case http.StateNew:
		c.open.Add(1)
	case http.StateClosed, http.StateHijacked:
		c.open.Add(-1)
	}
}

// waitIdle fails unless every connection is closed and every handler has
// returned within a few seconds: the client gave the connection up.
func (c *connTracker) waitIdle(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); c.open.Load() != 0 || c.handlers.Load() != 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("upstream still has %d connections open and %d handlers running", c.open.Load(), c.handlers.Load())
		}
	}
}

// faultUpstreams are upstream misbehaviours, by name.
var faultUpstreams = map[string]http.HandlerFunc{
	// slow answers after 10s unless the request is cancelled first.
	"slow": func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
			_, _ = io.WriteString(w, "too late")
		}
	},
	// hang never answers; it returns when the client goes away.
	"hang": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
	// trickle sends headers, then one byte every 10ms forever.
	"trickle": func(w http.ResponseWriter, r *http.Request) {
		for {
			if _, err := io.WriteString(w, "x"); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	},
	// endless streams 32 KiB chunks as fast as the client reads them.
	"endless": func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("y", 32<<10))
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	},
}

// faultServer starts the named upstream on loopback (over TLS with its own
// untrusted certificate when tlsOn), tracking connections and handlers.
func faultServer(t *testing.T, name string, tlsOn bool) (*httptest.Server, *connTracker) {
	t.Helper()
	tr := &connTracker{}
	h := faultUpstreams[name]
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tr.handlers.Add(1)
		defer tr.handlers.Add(-1)
		h(w, r)
	}))
	srv.Config.ConnState = tr.state
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes
	if tlsOn {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv, tr
}

// outboundFault is one misbehaving upstream met by one outbound API.
type outboundFault struct {
	name     string
	upstream string // a faultUpstreams key
	tls      bool
	api      string // "single", "batch" or "batch-serial"
	deadline time.Duration
	wantErr  error  // nil: the call answers, with want as its body
	want     string // the body answered when wantErr is nil
	wantLog  string
}

var outboundFaults = []outboundFault{
	{name: "slow upstream", upstream: "slow", api: "single", deadline: 100 * time.Millisecond, wantErr: ErrTimeout},
	{name: "hanging upstream", upstream: "hang", api: "single", deadline: 100 * time.Millisecond, wantErr: ErrTimeout},
	{name: "hanging upstream, parallel batch", upstream: "hang", api: "batch", deadline: 100 * time.Millisecond, wantErr: ErrTimeout},
	{name: "hanging upstream, serial batch", upstream: "hang", api: "batch-serial", deadline: 100 * time.Millisecond, wantErr: ErrTimeout},
	{name: "body trickling past the deadline", upstream: "trickle", api: "single", deadline: 100 * time.Millisecond, wantErr: ErrTimeout},
	{name: "endless body stopped by the cap", upstream: "endless", api: "single", deadline: 5 * time.Second,
		want: "undefined", wantLog: "exceeds max_outbound_response_body (1048576 bytes)"},
	{name: "endless body in a batch", upstream: "endless", api: "batch", deadline: 5 * time.Second,
		want: `[{"relative_url":"","code":0,"headers":null,"body":""}]`, wantLog: "exceeds max_outbound_response_body"},
	{name: "untrusted certificate", upstream: "slow", tls: true, api: "single", deadline: 5 * time.Second,
		want: "undefined", wantLog: "certificate"},
	{name: "untrusted certificate in a batch", upstream: "slow", tls: true, api: "batch", deadline: 5 * time.Second,
		want: `[{"relative_url":"","code":0,"headers":null,"body":""}]`, wantLog: "certificate"},
}

// script is the endpoint body that sends the fault's request to url.
func (f outboundFault) script(url string) string {
	switch f.api {
	case "batch", "batch-serial":
		return `return TykBatchRequest(JSON.stringify({suppress_parallel_execution: ` + fmt.Sprint(f.api == "batch-serial") +
			`, requests: [{method: "GET", relative_url: ` + js(url+"/b") + `}]}));`
	}
	return `return TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: ` + js(url) + `, Resource: "/x"}));`
}

// run calls the endpoint once and checks the outcome and its timing.
func (f outboundFault) run(t *testing.T, p *Pool, logs *logBuffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), f.deadline)
	defer cancel()
	start := time.Now()
	resp, err := p.Call(ctx, &Call{Function: "run", Request: &Request{URL: "/"}, Session: []byte("null")})
	elapsed := time.Since(start)
	if f.wantErr != nil {
		if !errors.Is(err, f.wantErr) {
			t.Fatalf("err = %v, want %v", err, f.wantErr)
		}
		if elapsed > f.deadline+faultSlack {
			t.Fatalf("the call took %v with a %v deadline", elapsed, f.deadline)
		}
		return
	}
	if err != nil || resp.Body != f.want {
		t.Fatalf("got %+v, %v; want body %s", resp, err, f.want)
	}
	if !strings.Contains(logs.String(), f.wantLog) {
		t.Fatalf("log lacks %q:\n%s", f.wantLog, logs)
	}
}

// TestFaultOutbound: a misbehaving upstream ends the call at its deadline (or
// at the body cap, or at the TLS check), the upstream connection is closed
// and its handler released, and the pool serves the next call.
func TestFaultOutbound(t *testing.T) {
	t.Parallel()
	for _, f := range outboundFaults {
		f := f
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			srv, tr := faultServer(t, f.upstream, f.tls)
			logger, logs := captureLogger()
			p := faultPool(t, func(c *PoolConfig) { c.Logger = logger; c.Limits.MaxOutboundResponseBody = 1 << 20 }, f.script(srv.URL))
			f.run(t, p, logs)
			tr.waitIdle(t)
			assertServesNext(t, p)
		})
	}
}

// TestFaultPoolExhaustedBySlowCalls: while slow calls hold every runtime, a
// caller fails with ErrPoolExhausted at its own deadline or at
// AcquireTimeout, whichever is sooner; once they finish, calls succeed.
func TestFaultPoolExhaustedBySlowCalls(t *testing.T) {
	t.Parallel()
	up := testutil.NewGateUpstream(t) // holds the slow calls until the checks are done
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm, c.AcquireTimeout = 2, 2, 150*time.Millisecond },
		`function slow() { TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: `+js(up.URL)+`})); return TykJsResponse({Body: "slow", Code: 200}) }`,
		`function ok() { return TykJsResponse({Body: "ok", Code: 200}) }`)
	var wg sync.WaitGroup
	slowErrs := make(chan error, 2)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := call(t, p, "slow", nil)
			slowErrs <- err
		}()
	}
	up.WaitArrived(t, 2) // both runtimes are held
	for _, tc := range []struct {
		name     string
		deadline time.Duration
		bound    time.Duration // the wait that should end it
	}{
		{"caller deadline first", 30 * time.Millisecond, 30 * time.Millisecond},
		{"acquire_timeout first", 5 * time.Second, 150 * time.Millisecond},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), tc.deadline)
		start := time.Now()
		_, err := p.Call(ctx, &Call{Function: "ok", Request: &Request{URL: "/"}})
		elapsed := time.Since(start)
		cancel()
		if !errors.Is(err, ErrPoolExhausted) {
			t.Fatalf("%s: err = %v, want ErrPoolExhausted", tc.name, err)
		}
		if elapsed < tc.bound || elapsed > tc.bound+faultSlack/2 {
			t.Fatalf("%s: failed after %v, want about %v", tc.name, elapsed, tc.bound)
		}
	}
	up.Open()
	wg.Wait()
	close(slowErrs)
	for err := range slowErrs {
		if err != nil {
			t.Fatalf("slow call: %v", err)
		}
	}
	for i := 0; i < 5; i++ {
		assertServesNext(t, p)
	}
	if s := p.Stats(); s.Destroyed != 0 {
		t.Fatalf("exhaustion destroyed runtimes: %+v", s)
	}
}

// TestFaultClientGoesAway: a caller that cancels (the client disconnected)
// stops the script within the watchdog's poll (20 ms); the error says why and
// the runtime is replaced.
func TestFaultClientGoesAway(t *testing.T) {
	t.Parallel()
	p := faultPool(t, nil, `for (;;) {}`)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := p.Call(ctx, &Call{Function: "run", Request: &Request{URL: "/"}})
	if !errors.Is(err, context.Canceled) || time.Since(start) > 50*time.Millisecond+faultSlack {
		t.Fatalf("err = %v after %v, want context.Canceled soon after 50ms", err, time.Since(start))
	}
	assertServesNext(t, p)
	if s := p.Stats(); s.Destroyed != 1 {
		t.Fatalf("the interrupted runtime was not replaced: %+v", s)
	}
}

// TestFaultNativeBuiltinOvershoot documents a goja limit: Interrupt is
// checked between instructions, so one long native built-in call (here
// Array.prototype.fill over a length-only array, ~1µs per element) runs to
// its end before the deadline takes effect. What tyk-ve guarantees is that
// the call then still fails with ErrTimeout and the runtime is replaced; the
// overshoot is logged so a regression in goja or a fix in tyk-ve shows up.
func TestFaultNativeBuiltinOvershoot(t *testing.T) {
	t.Parallel()
	n := "2e5"
	if raceEnabled {
		n = "5e4"
	}
	p := faultPool(t, nil, `new Array(`+n+`).fill(0); for (;;) {}`)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.Call(ctx, &Call{Function: "run", Request: &Request{URL: "/"}})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	t.Logf("fill(%s) with a 10ms deadline returned after %v", n, time.Since(start))
	assertServesNext(t, p)
}

// TestFaultNativeRecursionDoesNotCrash: converting a deeply nested array to
// a string recurses in goja's Go code (Array.prototype.join → toString →
// join …) without counting toward max_stack_depth, so a script can exhaust
// the goroutine stack — a fatal error that no recover() catches, taking the
// whole gateway down. With Go's default 1 GiB stack about 1e6 levels do it
// (a loop of o = [o] builds them in well under the default 5s timeout);
// the child process below lowers the stack limit to reach the same failure
// in a fraction of a second. Wanted: the call fails with an error
// (ErrStackOverflow) and the process lives.
func TestFaultNativeRecursionDoesNotCrash(t *testing.T) {
	if os.Getenv("TYKVE_FAULT_CHILD") == "native-recursion" {
		debug.SetMaxStack(32 << 20)
		p := faultPool(t, nil, `var o = []; for (var i = 0; i < 100000; i++) { o = [o] } return String(o).length;`)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // -race builds slowly
		defer cancel()
		_, err := p.Call(ctx, &Call{Function: "run", Request: &Request{URL: "/"}})
		fmt.Printf("child: call returned %v\n", err)
		return
	}
	t.Parallel()
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFaultNativeRecursionDoesNotCrash$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TYKVE_FAULT_CHILD=native-recursion")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "child: call returned") {
		first := string(out)
		if lines := strings.SplitN(first, "\n", 4); len(lines) == 4 {
			first = strings.Join(lines[:3], "\n") // the stack dump of a fatal error is long
		}
		t.Fatalf("a script crashed the process (%v):\n%s", err, first)
	}
}

// TestFaultsLeaveNoGoroutines replays the timing-out and failing outbound
// faults and a timed-out script on one pool with its own client, closes
// everything, and checks the goroutine count is back where it started: no
// goroutine still waits on an upstream. Not parallel: it counts every
// goroutine in the process (parallel tests are paused while it runs).
func TestFaultsLeaveNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	client, err := outbound.NewClient(outbound.Policy{}, outbound.Transport{})
	if err != nil {
		t.Fatal(err)
	}
	var servers []*httptest.Server
	for _, f := range outboundFaults {
		srv, tr := faultServer(t, f.upstream, f.tls)
		servers = append(servers, srv)
		logger, logs := captureLogger()
		p, err := NewPool(func() PoolConfig {
			c := NewPoolConfig("leak", []Script{{Name: "leak.js", Source: veSource(f.script(srv.URL))}}, logger)
			c.Host = &Host{HTTPClient: client}
			c.Limits.MaxOutboundResponseBody = 1 << 20
			return c
		}())
		if err != nil {
			t.Fatal(err)
		}
		f.run(t, p, logs)
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		if s := p.Stats(); s.Live != 0 || s.InUse != 0 {
			t.Fatalf("%s: runtimes left after Close: %+v", f.name, s)
		}
		tr.waitIdle(t)
	}
	for _, srv := range servers {
		srv.Close()
	}
	client.CloseIdleConnections()
	waitGoroutines(t, before)
}
