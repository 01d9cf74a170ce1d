package ottoengine

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const emptySession = `{"meta_data":null,"quota_max":0,"quota_remaining":0,"quota_renews":0}`

func newVM(t *testing.T, opts Options, scripts ...string) *VM {
	t.Helper()
	if opts.APIID == "" {
		opts.APIID = "api"
	}
	v, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, src := range scripts {
		if err := v.Load("script"+string(rune('0'+i))+".js", src); err != nil {
			t.Fatalf("load: %v", err)
		}
	}
	return v
}

func serve(t *testing.T, v *VM, fn string, r *http.Request) (*httptest.ResponseRecorder, Outcome) {
	t.Helper()
	w := httptest.NewRecorder()
	out := v.Serve(w, r, Endpoint{Function: fn}, []byte(emptySession))
	return w, out
}

// TestGatewayDefects pins each behaviour of Tyk's otto engine the migration
// report recognises: each was read from the gateway's and otto's source.
func TestGatewayDefects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, fn, path string
		wantBody            string
		wantHeader          map[string]string
	}{
		{
			name:     "JSON.stringify sorts keys",
			src:      `function f(r, s, c) { return TykJsResponse({Body: JSON.stringify({b: 1, a: 2, "10": 3, "9": 4}), Code: 200}, {}) }`,
			wantBody: `{"10":3,"9":4,"a":2,"b":1}`,
		},
		{
			name:     "JSON.stringify escapes <>& like Go",
			src:      `function f(r, s, c) { return TykJsResponse({Body: JSON.stringify({html: "<b>&</b>", ls: "\u2028"}), Code: 200}, {}) }`,
			wantBody: `{"html":"\u003cb\u003e\u0026\u003c/b\u003e","ls":"\u2028"}`,
		},
		{
			name:     "lone surrogates become U+FFFD",
			src:      `function f(r, s, c) { return TykJsResponse({Body: JSON.stringify(["\ud800", "😀"]), Code: 200}, {}) }`,
			wantBody: "[\"\uFFFD\",\"😀\"]",
		},
		{
			name:     "request, session and config as Go marshals them",
			src:      `function f(r, s, c) { return TykJsResponse({Body: r.URL + "|" + r.Params.a[0] + "|" + s.meta_data + "|" + c.APIID + "|" + c.config_data.k, Code: 200}, {}) }`,
			path:     "/x?a=%3C1%3E",
			wantBody: "/x?a=%3C1%3E|<1>|null|api|v",
		},
		{
			name:       "headers canonical, Server and rate limits set",
			src:        `function f(r, s, c) { return TykJsResponse({Body: "", Code: 201, Headers: {"x-one": "1", "server": "me"}}, {}) }`,
			wantHeader: map[string]string{"X-One": "1", "Server": "tyk", "X-Ratelimit-Limit": "0", "X-Ratelimit-Reset": "0"},
		},
		{
			name:     "top-level state from load is seen by every request",
			src:      `var loads = {n: 0}; loads.n++; function f(r, s, c) { loads.n += 10; return TykJsResponse({Body: String(loads.n), Code: 200}, {}) }`,
			wantBody: "11",
		},
		{
			name:     "underscore is defined",
			src:      `function f(r, s, c) { return TykJsResponse({Body: String(_.size([1, 2, 3])), Code: 200}, {}) }`,
			wantBody: "3",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := newVM(t, Options{ConfigData: map[string]interface{}{"k": "v"}}, tc.src)
			path := tc.path
			if path == "" {
				path = "/x"
			}
			for i := 0; i < 2; i++ { // the second request sees the same state
				w, out := serve(t, v, "f", httptest.NewRequest("GET", path, nil))
				if out.Kind != Responded {
					t.Fatalf("outcome %v: %v", out.Kind, out.Err)
				}
				if tc.wantBody != "" && w.Body.String() != tc.wantBody {
					t.Fatalf("request %d: body %q, want %q", i, w.Body.String(), tc.wantBody)
				}
				for k, want := range tc.wantHeader {
					if got := w.Header().Get(k); got != want {
						t.Errorf("header %s = %q, want %q", k, got, want)
					}
				}
			}
		})
	}
}

func TestOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		proxy     bool
		want      Kind
		wantErr   string
	}{
		{"exception", `function f() { throw new Error("boom") }`, false, Failed, "boom"},
		{"exception with proxy_on_error", `function f() { throw new Error("boom") }`, true, Proxied, "boom"},
		{"undefined return", `function f() { }`, false, Failed, "decode"},
		{"null return gives code 0", `function f() { return null }`, false, Dropped, "code 0"},
		{"tyk loop", `function f() { return TykJsResponse({Code: 302, Headers: {Location: "tyk://self/other"}}, {}) }`, false, Looped, ""},
		{"string code", `function f() { return TykJsResponse({Code: "200"}, {}) }`, false, Failed, "decode"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := newVM(t, Options{}, tc.src)
			w := httptest.NewRecorder()
			out := v.Serve(w, httptest.NewRequest("GET", "/x", nil), Endpoint{Function: "f", ProxyOnError: tc.proxy}, []byte(emptySession))
			if out.Kind != tc.want {
				t.Fatalf("outcome %v (%v), want %v", out.Kind, out.Err, tc.want)
			}
			if tc.wantErr != "" && (out.Err == nil || !strings.Contains(out.Err.Error(), tc.wantErr)) {
				t.Fatalf("error %v, want it to mention %q", out.Err, tc.wantErr)
			}
			if tc.want == Failed && (w.Code != 500 || w.Body.String() != ErrorBody) {
				t.Fatalf("error answer %d %q", w.Code, w.Body.String())
			}
			if tc.want != Failed && tc.want != Responded && w.Body.Len() != 0 {
				t.Fatalf("%v wrote %q", tc.want, w.Body.String())
			}
		})
	}
}

func TestES5ParseError(t *testing.T) {
	t.Parallel()
	v := newVM(t, Options{})
	err := v.Load("modern.js", "const f = (r) => TykJsResponse({Body: `x`, Code: 200}, {});")
	var le *LoadError
	if !errors.As(err, &le) || !le.Parse {
		t.Fatalf("want a parse LoadError, got %v", err)
	}
	// The gateway carries on: the function is simply not defined.
	_, out := serve(t, v, "f", httptest.NewRequest("GET", "/x", nil))
	if out.Kind != Failed || !strings.Contains(out.Err.Error(), "ReferenceError") {
		t.Fatalf("outcome %v %v, want a ReferenceError failure", out.Kind, out.Err)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	v := newVM(t, Options{Timeout: 50 * time.Millisecond}, `function f() { for (;;) {} }`)
	_, out := serve(t, v, "f", httptest.NewRequest("GET", "/x", nil))
	if out.Kind != Failed || !strings.Contains(out.Err.Error(), "timed out after 50ms") {
		t.Fatalf("outcome %v %v", out.Kind, out.Err)
	}
}

func TestMakeHTTPRequest(t *testing.T) {
	t.Parallel()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Up", "<1>")
		_, _ = w.Write([]byte(r.Method + " " + r.URL.RequestURI() + " " + r.Header.Get("X-A")))
	}))
	t.Cleanup(up.Close)
	v := newVM(t, Options{ConfigData: map[string]interface{}{"up": up.URL}}, `function f(r, s, c) {
		var raw = TykMakeHttpRequest(JSON.stringify({Method: "POST", Domain: c.config_data.up, Resource: "/p?q=1", Headers: {"x-a": "b"}, Body: "x"}));
		var resp = JSON.parse(raw);
		return TykJsResponse({Body: resp.Code + " " + resp.body + " " + resp.Headers["X-Up"][0] + " " + (raw.indexOf("\\u003c1\\u003e") > 0), Code: 200}, {});
	}`)
	w, out := serve(t, v, "f", httptest.NewRequest("GET", "/x", nil))
	if out.Kind != Responded {
		t.Fatalf("outcome %v %v", out.Kind, out.Err)
	}
	if want := "200 POST /p?q=1 b <1> true"; w.Body.String() != want {
		t.Fatalf("body %q, want %q", w.Body.String(), want)
	}
}

func TestBatchRequest(t *testing.T) {
	t.Parallel()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(r.Method + " " + r.URL.Path))
	}))
	t.Cleanup(up.Close)
	v := newVM(t, Options{ConfigData: map[string]interface{}{"up": up.URL}}, `function f(r, s, c) {
		var out = TykBatchRequest(JSON.stringify({suppress_parallel_execution: true, requests: [
			{method: "GET", relative_url: c.config_data.up + "/a"},
			{method: "POST", relative_url: "http://127.0.0.1:1/refused"},
			{method: "PUT", relative_url: c.config_data.up + "/b", body: "x"}]}));
		var bad = TykBatchRequest(JSON.stringify({requests: [{method: "GET", relative_url: "%zz"}]}));
		var replies = JSON.parse(out);
		return TykJsResponse({Body: replies.map(function(x) { return x.code + " " + x.body; }).join("|") + "|" + bad, Code: 200}, {});
	}`)
	w, out := serve(t, v, "f", httptest.NewRequest("GET", "/x", nil))
	if out.Kind != Responded {
		t.Fatalf("outcome %v %v", out.Kind, out.Err)
	}
	if want := "200 GET /a|0 |200 PUT /b|undefined"; w.Body.String() != want {
		t.Fatalf("body %q, want %q", w.Body.String(), want)
	}
}
