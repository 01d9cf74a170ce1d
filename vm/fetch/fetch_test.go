package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
	"github.com/tyk-ve/tyk-ve/outbound"
)

// upstream echoes the request; /json answers JSON, /redirect redirects to
// /json, /big sends 2 KiB, /slow waits 100 ms, /status/N answers N.
func upstream(t testing.TB) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/json":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Add("Set-Cookie", "a=1")
			w.Header().Add("Set-Cookie", "b=2")
			fmt.Fprint(w, `{"ok":true,"n":42}`)
		case r.URL.Path == "/redirect":
			http.Redirect(w, r, "/json", http.StatusFound)
		case r.URL.Path == "/big":
			io.WriteString(w, strings.Repeat("x", 2048))
		case r.URL.Path == "/slow":
			select {
			case <-time.After(100 * time.Millisecond):
			case <-r.Context().Done():
			}
			io.WriteString(w, "slow")
		case strings.HasPrefix(r.URL.Path, "/status/"):
			var code int
			fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/status/"), &code)
			w.WriteHeader(code)
			io.WriteString(w, "status")
		default:
			b, _ := io.ReadAll(r.Body)
			fmt.Fprintf(w, "%s %s ct=%s x=%s body=%s", r.Method, r.URL.RequestURI(), r.Header.Get("Content-Type"), r.Header.Get("X-Test"), b)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetch(t *testing.T) {
	srv := upstream(t)
	u := func(s string) string { return strings.ReplaceAll(s, "URL", srv.URL) }
	runCases(t, []jsCase{
		{"get json", u(`const r = await fetch("URL/json"); const j = await r.json(); return [r.status, r.ok, r.statusText, r.url, r.redirected, r.headers.get("Content-Type"), r.headers.getSetCookie().join("|"), j.n, r.bodyUsed].join()`),
			u("200,true,OK,URL/json,false,application/json,a=1|b=2,42,true")},
		{"post echo", u(`const r = await fetch("URL/echo?q=1", {method: "post", headers: {"X-Test": "yes"}, body: "data"}); return await r.text()`),
			"POST /echo?q=1 ct=text/plain;charset=UTF-8 x=yes body=data"},
		{"request object", u(`const req = new Request("URL/echo", {method: "PUT", body: new Uint8Array([65]), headers: [["x-test", "r"]]}); return await (await fetch(req)).text()`),
			"PUT /echo ct= x=r body=A"},
		{"redirect follow", u(`const r = await fetch("URL/redirect"); return [r.status, r.redirected, r.url].join()`), u("200,true,URL/json")},
		{"redirect manual", u(`const r = await fetch("URL/redirect", {redirect: "manual"}); return [r.status, r.redirected, r.headers.get("location")].join()`), "302,false,/json"},
		{"redirect error", u(`try { await fetch("URL/redirect", {redirect: "error"}) } catch (e) { return e.name + " " + e.message.includes("redirect mode") }`), "TypeError true"},
		{"404 is not an error", u(`const r = await fetch("URL/status/404"); return r.status + " " + r.ok + " " + await r.text()`), "404 false status"},
		{"immutable response headers", u(`const r = await fetch("URL/json"); try { r.headers.set("a", "b") } catch (e) { return e.name }`), "TypeError"},
		{"refused address", `try { await fetch("http://169.254.169.254/latest/meta-data/") } catch (e) { return e.name + " " + e.message.includes("refused") }`, "TypeError true"},
		{"body over the cap", u(`try { await fetch("URL/big") } catch (e) { return e.name + ": " + e.message.includes("exceeds max_outbound_response_body") }`), "TypeError: true"},
		{"bad URL rejects", `try { await fetch("ftp://x/") } catch (e) { return e.name + ": " + e.message }`, `TypeError: URL scheme "ftp" is not supported (only http and https)`},
		{"fetch returns a promise also on bad input", `const p = fetch("nope"); return String(p instanceof Promise) + (await p.catch(e => e.name))`, "trueTypeError"},
		{"aborted before", u(`try { await fetch("URL/json", {signal: AbortSignal.abort("early")}) } catch (e) { return e }`), "early"},
		{"aborted in flight", u(`const c = new AbortController(); const p = fetch("URL/slow", {signal: c.signal}); c.abort("late"); try { await p } catch (e) { return e }`), "late"},
		{"parallel", u(`const rs = await Promise.all(["URL/slow", "URL/slow", "URL/slow"].map(x => fetch(x).then(r => r.text()))); return rs.join()`), "slow,slow,slow"},
	}, func(e *env) { e.host.maxBody = 1024 })
}

func TestFetchLimitSharedWithHost(t *testing.T) {
	srv := upstream(t)
	e := newEnv(t)
	e.host.limit, e.host.made = 3, 1 // one request already made by TykMakeHttpRequest
	got := e.mustRun(t, strings.ReplaceAll(`
		const ok = [];
		for (let i = 0; i < 3; i++) {
			try { await fetch("URL/json"); ok.push("ok") } catch (e) { ok.push(e.message) }
		}
		return ok.join("|")`, "URL", srv.URL))
	want := "ok|ok|fetch: outbound request limit exceeded (max_outbound_requests = 3)"
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestFetchOutsideACall(t *testing.T) {
	e := newEnv(t)
	e.host.outside = true
	if got := e.mustRun(t, `try { await fetch("http://example.com/") } catch (e) { return e.message }`); got != "fetch: not available while the scripts load" {
		t.Errorf("got %s", got)
	}
}

func TestFetchSignalTimeout(t *testing.T) {
	gate := testutil.NewGateUpstream(t)
	e := newEnv(t)
	got := e.mustRun(t, `try { await fetch("`+gate.URL+`", {signal: AbortSignal.timeout(20)}) } catch (e) { return e.name }`)
	if got != "TimeoutError" {
		t.Errorf("got %s, want TimeoutError", got)
	}
}

// TestFetchParallel: three 100 ms upstream calls under Promise.all take
// about 100 ms, not 300 (a generous bound for a busy machine).
func TestFetchParallel(t *testing.T) {
	srv := upstream(t)
	e := newEnv(t)
	start := time.Now()
	e.mustRun(t, `await Promise.all([1, 2, 3].map(() => fetch("`+srv.URL+`/slow").then(r => r.text())))`)
	if d := time.Since(start); d >= 250*time.Millisecond {
		t.Errorf("three parallel 100 ms fetches took %v, want < 250ms", d)
	}
}

// TestFetchCancelledWhenTheCallEnds: a call that ends (its deadline, or
// its handler settled) with fetches in flight cancels them; no goroutine
// outlives it and the runtime serves the next call.
func TestFetchCancelledWhenTheCallEnds(t *testing.T) {
	gate := testutil.NewGateUpstream(t)
	srv := upstream(t)
	e := newEnv(t)
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := e.run(ctx, `await Promise.all([fetch("`+gate.URL+`"), fetch("`+gate.URL+`")]); return "never"`)
		done <- err
	}()
	gate.WaitArrived(t, 2)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// the handler settles while a fetch is still pending
	if got := e.mustRun(t, `fetch("`+gate.URL+`"); return "answered"`); got != "answered" {
		t.Fatalf("got %s", got)
	}
	testutil.WaitUntil(t, "the fetch goroutines to end", func() bool {
		outbound.CloseIdleConnections()
		return runtime.NumGoroutine() <= before
	})
	if got := e.mustRun(t, `return (await fetch("`+srv.URL+`/json")).status`); got != "200" {
		t.Errorf("next call: got %s", got)
	}
}

// TestFetchWaitMeasured: EndCall reports the time the call had a fetch in
// flight, once for fetches that ran at once (the CPU-heavy classification
// takes it off the call's time).
func TestFetchWaitMeasured(t *testing.T) {
	srv := upstream(t)
	e := newEnv(t)
	var p *goja.Promise
	err := e.loop.RunUntil(context.Background(), func() error {
		v, err := e.rt.RunString(`Promise.all([1, 2, 3].map(() => fetch("` + srv.URL + `/slow").then(r => r.text())))`)
		p, _ = v.Export().(*goja.Promise)
		return err
	}, func() bool { return p != nil && p.State() != goja.PromiseStatePending })
	if err != nil {
		t.Fatal(err)
	}
	if waited := e.b.EndCall(); waited < 100*time.Millisecond || waited >= 250*time.Millisecond {
		t.Errorf("waited %v, want about one upstream time (100 ms)", waited)
	}
	if again := e.b.EndCall(); again != 0 {
		t.Errorf("a second EndCall reported %v", again)
	}
}
