package tykapi_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/outbound"
	"github.com/tyk-ve/tyk-ve/vm"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// rawServer accepts connections on loopback, records each request exactly
// as it arrived on the wire and answers with a canned response, closing the
// connection after it.
func rawServer(t *testing.T, response string) (base string, requests <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ch := make(chan string, 16)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func(conn net.Conn) {
				defer conn.Close()
				_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
				var wire bytes.Buffer
				req, err := http.ReadRequest(bufio.NewReader(io.TeeReader(conn, &wire)))
				if err != nil {
					return
				}
				_, _ = io.ReadAll(req.Body)
				ch <- wire.String()
				_, _ = io.WriteString(conn, response)
			}(conn)
		}
	}()
	return "http://" + ln.Addr().String(), ch
}

// cannedResponse has repeated, non-canonical and HTML-sensitive parts to
// pin the JSON encoding.
const cannedResponse = "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nx-multi: a\r\nX-Multi: b\r\nContent-Length: 10\r\n\r\nhi <there>"

// cannedJSON is what Tyk's json.Marshal(TykJSHttpResponse{...}) gives for
// cannedResponse, written out by hand.
const cannedJSON = `{"Code":201,"Body":"hi \u003cthere\u003e","Headers":{"Content-Length":["10"],"Content-Type":["text/plain"],"X-Multi":["a","b"]},` +
	`"code":201,"body":"hi \u003cthere\u003e","headers":{"Content-Length":["10"],"Content-Type":["text/plain"],"X-Multi":["a","b"]}}`

func TestMakeHttpRequestWire(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		raw      bool   // Host.IgnoreCanonicalHeaders
		request  string // JS object literal; DOMAIN is replaced by the server's base URL
		wantLine string
		wantHas  []string
		wantNot  []string
		wantBody string
	}{
		{
			name:     "body and canonical headers",
			request:  `{Method: "POST", Body: "{\"a\":1}", Headers: {"x-custom": "1", "content-TYPE": "application/json"}, Domain: DOMAIN, Resource: "/orders?x=1"}`,
			wantLine: "POST /orders?x=1 HTTP/1.1",
			wantHas:  []string{"\r\nX-Custom: 1\r\n", "\r\nContent-Type: application/json\r\n", "\r\nContent-Length: 7\r\n"},
			wantNot:  []string{"x-custom", "Connection: close"},
			wantBody: `{"a":1}`,
		},
		{
			name:     "raw header names",
			raw:      true,
			request:  `{Method: "POST", Body: "x", Headers: {"x-custom": "1", "X-API-KEY": "k"}, Domain: DOMAIN, Resource: "/"}`,
			wantLine: "POST / HTTP/1.1",
			wantHas:  []string{"\r\nx-custom: 1\r\n", "\r\nX-API-KEY: k\r\n"},
			wantNot:  []string{"X-Custom", "X-Api-Key"},
			wantBody: "x",
		},
		{
			name:     "form data, no content type added",
			request:  `{Method: "POST", Domain: DOMAIN, Resource: "/form", FormData: {b: "2 3", a: "1&"}}`,
			wantLine: "POST /form HTTP/1.1",
			wantHas:  []string{"\r\nContent-Length: 12\r\n"},
			wantNot:  []string{"Content-Type"},
			wantBody: "a=1%26&b=2+3",
		},
		{
			name:     "body wins over form data",
			request:  `{Method: "PUT", Body: "raw", Domain: DOMAIN, Resource: "/", FormData: {a: "1"}}`,
			wantLine: "PUT / HTTP/1.1",
			wantBody: "raw",
		},
		{
			name:     "keys match case-insensitively",
			request:  `{method: "PATCH", BODY: "b", headers: {"x-k": "v"}, domain: DOMAIN, rEsOuRcE: "/r?q=1", formdata: {}}`,
			wantLine: "PATCH /r?q=1 HTTP/1.1",
			wantHas:  []string{"\r\nX-K: v\r\n"},
			wantBody: "b",
		},
		{
			name:     "empty method is GET, query in Domain",
			request:  `{Domain: DOMAIN + "/p?a=1", Resource: "&b=2"}`,
			wantLine: "GET /p?a=1&b=2 HTTP/1.1",
			wantNot:  []string{"Content-Length"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base, requests := rawServer(t, cannedResponse)
			req := strings.ReplaceAll(tc.request, "DOMAIN", js(base))
			got, err := runVE(t, func(c *vm.PoolConfig) { c.Host = &vm.Host{IgnoreCanonicalHeaders: tc.raw} },
				`return TykMakeHttpRequest(JSON.stringify(`+req+`));`)
			if err != nil {
				t.Fatal(err)
			}
			if got != cannedJSON {
				t.Errorf("response\n got %s\nwant %s", got, cannedJSON)
			}
			var wire string
			select {
			case wire = <-requests:
			case <-time.After(2 * time.Second):
				t.Fatal("no request arrived")
			}
			head, body, _ := strings.Cut(wire, "\r\n\r\n")
			if line, _, _ := strings.Cut(head, "\r\n"); line != tc.wantLine {
				t.Errorf("request line %q, want %q", line, tc.wantLine)
			}
			for _, s := range tc.wantHas {
				if !strings.Contains(head+"\r\n", s) {
					t.Errorf("request head lacks %q:\n%s", s, head)
				}
			}
			for _, s := range tc.wantNot {
				if strings.Contains(head, s) {
					t.Errorf("request head has %q:\n%s", s, head)
				}
			}
			if body != tc.wantBody {
				t.Errorf("body %q, want %q", body, tc.wantBody)
			}
		})
	}
}

// TestMakeHttpRequestKeepAlive shows the choice not to force Close: calls
// share the pooled connection.
func TestMakeHttpRequestKeepAlive(t *testing.T) {
	t.Parallel()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	got, err := runVE(t, nil, `var n = 0; for (var i = 0; i < 5; i++) { n += JSON.parse(TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: `+js(srv.URL)+`}))).code; } return n;`)
	if err != nil || got != "1000" {
		t.Fatalf("got %q, %v", got, err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections for 5 sequential requests, want 1", n)
	}
}

func TestMakeHttpRequestErrors(t *testing.T) {
	t.Parallel()
	closed := closedAddr(t)
	for _, tc := range []struct {
		name    string
		body    string
		wantLog []string // substrings; nil means no error log at all
	}{
		{"no argument", `return TykMakeHttpRequest();`, nil},
		{"undefined argument", `return TykMakeHttpRequest(undefined);`, nil},
		{"bad json", `return TykMakeHttpRequest("{");`, []string{"JSVM: Failed to deserialise HTTP Request object"}},
		{"wrong type", `return TykMakeHttpRequest(JSON.stringify({Method: 1}));`, []string{"Failed to deserialise"}},
		{"bad url", `return TykMakeHttpRequest(JSON.stringify({Domain: "no scheme here"}));`, []string{"JSVM: Failed to parse request URI"}},
		{"bad method", `return TykMakeHttpRequest(JSON.stringify({Method: "NO WAY", Domain: "http://127.0.0.1:1"}));`, []string{"JSVM: Failed to create HTTP request"}},
		{"connection refused", `return TykMakeHttpRequest(JSON.stringify({Domain: "http://` + closed + `", Resource: "/x?token=s3cr3t"}));`,
			[]string{"Request failed", `"url":"http://` + closed + `/x"`}},
		{"unsupported scheme", `return TykMakeHttpRequest(JSON.stringify({Domain: "/relative"}));`, []string{"Request failed", "unsupported protocol scheme"}},
		{"metadata refused", `return TykMakeHttpRequest(JSON.stringify({Domain: "http://169.254.169.254", Resource: "/latest/meta-data/iam?sig=s3cr3t"}));`,
			[]string{"outbound address refused by policy", `"address":"169.254.169.254:80"`, "cloud metadata address"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := captureLogger()
			got, err := runVE(t, func(c *vm.PoolConfig) { c.Logger = logger }, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if got != "undefined" {
				t.Fatalf("got %q, want undefined", got)
			}
			out := logs.String()
			if tc.wantLog == nil && strings.Contains(out, `"level":"error"`) {
				t.Errorf("unexpected error log: %s", out)
			}
			for _, w := range tc.wantLog {
				if !strings.Contains(out, w) {
					t.Errorf("log lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "s3cr3t") {
				t.Errorf("log leaks the query string:\n%s", out)
			}
		})
	}
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestMakeHttpRequestDeadline: a hanging upstream cannot hold the call past
// its deadline, because the request carries the call's context.
func TestMakeHttpRequestDeadline(t *testing.T) {
	t.Parallel()
	var released atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			released.Add(1)
		case <-time.After(10 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	for _, fn := range []string{"single", "batch"} {
		t.Run(fn, func(t *testing.T) {
			body := `TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: ` + js(srv.URL) + `})); return "after";`
			if fn == "batch" {
				body = `TykBatchRequest(JSON.stringify({requests: [{method: "GET", relative_url: ` + js(srv.URL+"/b") + `}]})); return "after";`
			}
			p := newTestPool(t, nil, veSource(body))
			ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := p.Call(ctx, &vm.Call{Function: "run", Request: &vm.Request{URL: "/"}, Session: []byte("null")})
			// The upstream holds for 10s; the bound is loose only to stay
			// reliable on a loaded machine under -race.
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Errorf("call took %v with a 150ms deadline", elapsed)
			}
			if !errors.Is(err, vm.ErrTimeout) {
				t.Errorf("err = %v, want ErrTimeout", err)
			}
		})
	}
	for deadline := time.Now().Add(2 * time.Second); released.Load() < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of 2 upstream requests were cancelled", released.Load())
		}
	}
}

func TestMakeHttpRequestOutboundLimit(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(srv.Close)
	req := `JSON.stringify({Domain: ` + js(srv.URL) + `})`
	limit := func(c *vm.PoolConfig) { c.Limits.MaxOutboundRequests = 2 }
	for _, tc := range []struct {
		name, body, want string
		wantErr          bool
	}{
		{"within", `TykMakeHttpRequest(` + req + `); return JSON.parse(TykMakeHttpRequest(` + req + `)).Code;`, "200", false},
		{"caught", `var r = []; for (var i = 0; i < 3; i++) { try { r.push(JSON.parse(TykMakeHttpRequest(` + req + `)).Code); } catch (e) { r.push((e instanceof Error) + ":" + e.message); } } return r.join("|");`,
			"200|200|true:TykMakeHttpRequest: vm: outbound request limit exceeded (max_outbound_requests = 2, this call has made 2, wanted 1 more)", false},
		{"uncaught", `for (var i = 0; i < 3; i++) { TykMakeHttpRequest(` + req + `); } return "unreachable";`, "max_outbound_requests = 2", true},
		{"batch counts items", `TykMakeHttpRequest(` + req + `); try { TykBatchRequest(JSON.stringify({requests: [{method: "GET", relative_url: ` + js(srv.URL) + `}, {method: "GET", relative_url: ` + js(srv.URL) + `}]})); } catch (e) { return e.message; }`,
			"TykBatchRequest: vm: outbound request limit exceeded (max_outbound_requests = 2, this call has made 1, wanted 2 more)", false},
		{"bad requests are not counted", `TykMakeHttpRequest("{"); TykMakeHttpRequest("{"); return JSON.parse(TykMakeHttpRequest(` + req + `)).Code;`, "200", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := runVE(t, limit, tc.body)
			if tc.wantErr {
				if !errors.Is(err, vm.ErrScript) || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want a script error naming %q", err, tc.want)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestMakeHttpRequestLimitPerCall: the count starts again with each call.
func TestMakeHttpRequestLimitPerCall(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(srv.Close)
	p := newTestPool(t, func(c *vm.PoolConfig) { c.Limits.MaxOutboundRequests = 1; c.MaxRuntimes = 1; c.Prewarm = 1 },
		veSource(`return JSON.parse(TykMakeHttpRequest(JSON.stringify({Domain: `+js(srv.URL)+`}))).Code;`))
	for i := 0; i < 3; i++ {
		if resp, err := call(t, p, "run", nil); err != nil || resp.Body != "200" {
			t.Fatalf("call %d: %+v, %v", i, resp, err)
		}
	}
}

func TestMakeHttpRequestBodyCap(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := strings.Repeat("x", len(r.URL.Query().Get("n")))
		if r.URL.Query().Get("stream") != "" {
			w.(http.Flusher).Flush() // chunked: no Content-Length to check up front
		}
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		name, query string
		ok          bool
	}{
		{"at cap", "n=1234567890123456", true},
		{"over cap", "n=12345678901234567", false},
		{"over cap streamed", "n=12345678901234567&stream=1", false},
		{"at cap streamed", "n=1234567890123456&stream=1", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := captureLogger()
			got, err := runVE(t, func(c *vm.PoolConfig) { c.Limits.MaxOutboundResponseBody = 16; c.Logger = logger },
				`var r = TykMakeHttpRequest(JSON.stringify({Domain: `+js(srv.URL+"/?"+tc.query)+`})); return r === undefined ? "undefined" : JSON.parse(r).Body.length;`)
			if err != nil {
				t.Fatal(err)
			}
			if tc.ok && got != "16" {
				t.Fatalf("got %q, want 16:\n%s", got, logs)
			}
			if !tc.ok && (got != "undefined" || !strings.Contains(logs.String(), "exceeds max_outbound_response_body (16 bytes)")) {
				t.Fatalf("got %q, want undefined and a log:\n%s", got, logs)
			}
		})
	}
}

func TestMakeHttpRequestTLS(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, tls.VersionName(r.TLS.Version))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake
	srv.StartTLS()
	t.Cleanup(srv.Close)
	body := `var r = TykMakeHttpRequest(JSON.stringify({Domain: ` + js(srv.URL) + `})); return r === undefined ? "undefined" : JSON.parse(r).Body;`
	for _, tc := range []struct {
		name string
		tls  outbound.Transport
		want string
	}{
		{"verification on by default", outbound.Transport{}, "undefined"},
		{"insecure skip verify", outbound.Transport{InsecureSkipVerify: true}, "TLS 1.3"},
		{"max version", outbound.Transport{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS12}, "TLS 1.2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := runVE(t, func(c *vm.PoolConfig) { c.Host = &vm.Host{OutboundTransport: tc.tls} }, body)
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestMakeHttpRequestLoading: in isolated mode every call sees the top level
// a new runtime would, so a top level that makes a request makes it again
// for every call (the runtime is replaced after each; see isolation.go).
func TestMakeHttpRequestLoading(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	p := newTestPool(t, func(c *vm.PoolConfig) { c.MaxRuntimes = 1; c.Prewarm = 1 },
		`TykMakeHttpRequest(JSON.stringify({Domain: `+js(srv.URL)+`}));`+veSource(`return "ok";`))
	before := hits.Load()
	// Each reset runs after its call returned (off the response path):
	// wait for it, so a slow rebuild (under -race) cannot exhaust the
	// one-runtime pool before the next call.
	for i := 0; i < 3; i++ {
		if _, err := call(t, p, "run", nil); err != nil {
			t.Fatal(err)
		}
		testutil.WaitFor(t, func() bool { return p.Stats().InUse == 0 }, func() string { return "the reset did not finish" })
	}
	if n := hits.Load() - before; n != 3 {
		t.Errorf("resets made %d requests, want one per call (3)", n)
	}
}
