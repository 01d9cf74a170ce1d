package tykapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/vm"
)

// batchServer answers /slow after a delay and echoes the method, the
// X-Echo header and the body; it drops the Date header so replies are
// byte-stable.
func batchServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d, err := time.ParseDuration(r.URL.Query().Get("sleep")); err == nil {
			time.Sleep(d)
		}
		b, _ := io.ReadAll(r.Body)
		w.Header()["Date"] = nil
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, r.Method+" "+r.Header.Get("X-Echo")+" "+string(b))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestBatchRequestShape(t *testing.T) {
	t.Parallel()
	srv := batchServer(t)
	u := srv.URL + "/a?x=<1>"
	got, err := runVE(t, nil, `return TykBatchRequest(JSON.stringify({requests: [
		{method: "POST", headers: {"x-echo": "h&"}, body: "b", relative_url: `+js(u)+`}
	], suppress_parallel_execution: true}));`)
	if err != nil {
		t.Fatal(err)
	}
	// json.Marshal of Tyk's []BatchReplyUnit, written out by hand.
	want := `[{"relative_url":"` + srv.URL + `/a?x=\u003c1\u003e","code":202,"headers":{"Content-Length":["9"],"Content-Type":["text/plain"]},"body":"POST h\u0026 b"}]`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestBatchRequestOrdering(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		suppress  bool
		wantOrder string
		parallel  bool // more than one request in flight at once
	}{
		// Completion order, as Tyk returns it.
		{"parallel", false, "/3,/2,/1", true},
		{"suppressed", true, "/1,/2,/3", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var inFlight, maxInFlight atomic.Int64
			allArrived := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := inFlight.Add(1)
				defer inFlight.Add(-1)
				for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
				}
				if tc.parallel {
					// Hold every request until all three are in flight, so
					// that parallelism is observed, not hoped for; the
					// sleeps below then set the completion order.
					if n == 3 {
						close(allArrived)
					}
					select {
					case <-allArrived:
					case <-r.Context().Done():
						return
					}
				}
				if d, err := time.ParseDuration(r.URL.Query().Get("sleep")); err == nil {
					time.Sleep(d)
				}
			}))
			t.Cleanup(srv.Close)
			items := `[
				{method: "GET", relative_url: ` + js(srv.URL+"/1?sleep=300ms") + `},
				{method: "GET", relative_url: ` + js(srv.URL+"/2?sleep=150ms") + `},
				{method: "GET", relative_url: ` + js(srv.URL+"/3") + `}]`
			start := time.Now()
			got, err := runVE(t, nil, `var r = JSON.parse(TykBatchRequest(JSON.stringify({requests: `+items+`, suppress_parallel_execution: `+strconv.FormatBool(tc.suppress)+`})));
				return r.map(function (x) { return x.relative_url.replace(`+js(srv.URL)+`, "").replace(/\?.*/, ""); }).join(",");`)
			elapsed := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.wantOrder {
				t.Errorf("order %s, want %s", got, tc.wantOrder)
			}
			if m := maxInFlight.Load(); (m > 1) != tc.parallel {
				t.Errorf("at most %d requests in flight, want parallel=%v", m, tc.parallel)
			}
			if tc.suppress && elapsed < 450*time.Millisecond {
				t.Errorf("sequential batch took only %v", elapsed)
			}
		})
	}
}

func TestBatchRequestFailures(t *testing.T) {
	t.Parallel()
	srv := batchServer(t)
	closed := closedAddr(t)
	for _, tc := range []struct {
		name, input string
		want        string // exact result; "undefined" for none
		wantLog     string
	}{
		{"failed item gives a zero entry", `JSON.stringify({requests: [{method: "GET", relative_url: "http://` + closed + `/x"}, {method: "GET", relative_url: "http://169.254.169.254/"}], suppress_parallel_execution: true})`,
			`[{"relative_url":"","code":0,"headers":null,"body":""},{"relative_url":"","code":0,"headers":null,"body":""}]`, "169.254.169.254:80"},
		{"empty batch", `JSON.stringify({requests: []})`, `[]`, ""},
		{"no requests key", `"{}"`, `[]`, ""},
		{"undecodable", `"{"`, "undefined", "decoding batch request"},
		{"missing argument", ``, "undefined", "decoding batch request"},
		{"bad method fails the batch", `JSON.stringify({requests: [{method: "GET", relative_url: ` + js(srv.URL) + `}, {method: "B AD", relative_url: ` + js(srv.URL) + `}]})`,
			"undefined", "requests[1]"},
		{"keys match case-insensitively", `JSON.stringify({Requests: [{METHOD: "PUT", Relative_URL: ` + js(srv.URL+"/k") + `, Body: "z"}], SUPPRESS_PARALLEL_EXECUTION: true})`,
			`[{"relative_url":"` + srv.URL + `/k","code":202,"headers":{"Content-Length":["6"],"Content-Type":["text/plain"]},"body":"PUT  z"}]`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := captureLogger()
			got, err := runVE(t, func(c *vm.PoolConfig) { c.Logger = logger }, `return TykBatchRequest(`+tc.input+`);`)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if tc.wantLog != "" && !strings.Contains(logs.String(), tc.wantLog) {
				t.Errorf("log lacks %q:\n%s", tc.wantLog, logs)
			}
		})
	}
}

// TestBatchRequestNoLeak: a batch cut short by the deadline leaves no
// goroutine behind once the call has returned, and a whole one returns every
// reply. Not parallel: it inspects every goroutine in the process.
func TestBatchRequestNoLeak(t *testing.T) {
	srv := batchServer(t)
	p := newTestPool(t, nil, veSource(`return TykBatchRequest(JSON.stringify({requests: [
		{method: "GET", relative_url: `+js(srv.URL+"/?sleep=150ms")+`},
		{method: "GET", relative_url: `+js(srv.URL+"/?sleep=160ms")+`},
		{method: "GET", relative_url: `+js(srv.URL+"/?sleep=170ms")+`}]}));`))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := p.Call(ctx, &vm.Call{Function: "run", Request: &vm.Request{URL: "/"}, Session: []byte("null")}); !errors.Is(err, vm.ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	if strings.Contains(string(buf[:n]), "tykapi.doBatchItem") {
		t.Fatalf("batch goroutines outlived the call:\n%s", buf[:n])
	}
	resp, err := call(t, p, "run", nil)
	if err != nil {
		t.Fatal(err)
	}
	var replies []struct {
		Code int `json:"code"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &replies); err != nil || len(replies) != 3 {
		t.Fatalf("replies %q: %v", resp.Body, err)
	}
	for _, r := range replies {
		if r.Code != http.StatusAccepted {
			t.Errorf("reply %+v", r)
		}
	}
}
