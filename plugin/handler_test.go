package plugin

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

const echoJS = `function echo(request, session, config) {
	return TykJsResponse({Body: JSON.stringify({url: request.URL, params: request.Params, body: request.Body,
		headers: request.Headers, scheme: request.Scheme, config: config}), Code: 200,
		Headers: {"content-type": "application/json", "Server": "not-tyk"}}, session.meta_data);
}`

func TestHandlerServe(t *testing.T) {
	t.Parallel()
	cfg := map[string]interface{}{"timeout": "300ms", "endpoints": []interface{}{
		inline("GET", "/echo/{id}", "echo", echoJS),
		inline("POST", "/form", "echo", echoJS),
		blob("GET", "/blob", "fromBlob", `function fromBlob() { return TykJsResponse({Body: "blob", Code: 202}, null) }`),
		inline("GET", "/throw", "boom", `function boom() { throw new Error("kaput") }`),
		map[string]interface{}{"method": "GET", "path": "/proxy", "response_function_name": "boom2", "function_source_type": "inline",
			"function_source": `function boom2() { throw new Error("x") }`, "proxy_on_error": true},
		inline("GET", "/spin", "spin", `function spin() { for (;;) {} }`),
		inline("GET", "/code0", "code0", `function code0() { return TykJsResponse({Body: "x"}, null) }`),
		inline("GET", "/undef", "undef", `function undef() { }`),
		inline("GET", "/string", "str", `function str() { return JSON.stringify({response: {body: "lower", code: 203, headers: {"x-a": "1"}}}) }`),
		inline("GET", "/loop", "loop", `function loop() { return TykJsResponse({Code: 302, Headers: {"Location": "tyk://self/other?x=1"}}, null) }`),
		inline("GET", "/headers", "hdrs", `function hdrs() { return TykJsResponse({Body: "h", Code: 200, Headers: {"x-custom-thing": "v", "Content-Length": "999"}}, null) }`),
	}}
	def := classicAPI(t, "api1", cfg)
	h, _ := newTestHandler(t)
	tests := []struct {
		name, method, target, body, ctype string
		status                            int
		contains                          []string
		headers                           map[string]string
		passThrough                       bool
	}{
		{name: "echo with param", method: "GET", target: "/api1/echo/7?a=1&a=2", status: 200,
			contains: []string{`"url":"/api1/echo/7?a=1&a=2"`, `"params":{"a":["1","2"]}`, `"scheme":"http"`,
				`"config":{"APIID":"api1","OrgID":"org-1","config_data":{"greeting":"hi"}}`},
			headers: map[string]string{"Content-Type": "application/json", "Server": "tyk"}},
		{name: "form body merges into params", method: "POST", target: "/api1/form?b=q", body: "b=f&c=3",
			ctype: "application/x-www-form-urlencoded", status: 200, contains: []string{`"params":{"b":["f","q"],"c":["3"]}`, `"body":"b=f&c=3"`}},
		{name: "blob", method: "GET", target: "/api1/blob", status: 202, contains: []string{"blob"}},
		{name: "unmatched path passes through", method: "GET", target: "/api1/nothing", passThrough: true},
		{name: "method must match", method: "POST", target: "/api1/blob", passThrough: true},
		{name: "exception answers 500 json", method: "GET", target: "/api1/throw", status: 500,
			contains: []string{`"error":"virtual endpoint script error"`, `"id":"`}, headers: map[string]string{"Content-Type": "application/json"}},
		{name: "proxy_on_error writes nothing", method: "GET", target: "/api1/proxy", passThrough: true},
		{name: "timeout answers 500", method: "GET", target: "/api1/spin", status: 500, contains: []string{"timed out"}},
		{name: "status 0 answers 500", method: "GET", target: "/api1/code0", status: 500, contains: []string{"invalid response"}},
		{name: "undefined answers 500", method: "GET", target: "/api1/undef", status: 500, contains: []string{"invalid response"}},
		{name: "own JSON string with lower-case keys", method: "GET", target: "/api1/string", status: 203, contains: []string{"lower"},
			headers: map[string]string{"X-A": "1"}},
		{name: "tyk loop writes nothing", method: "GET", target: "/api1/loop", passThrough: true},
		{name: "headers canonical, content-length real", method: "GET", target: "/api1/headers", status: 200,
			headers: map[string]string{"X-Custom-Thing": "v", "Content-Length": "1"}},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var rd io.Reader
			if tc.body != "" {
				rd = strings.NewReader(tc.body)
			}
			r := httptest.NewRequest(tc.method, tc.target, rd)
			if tc.ctype != "" {
				r.Header.Set("Content-Type", tc.ctype)
			}
			w := httptest.NewRecorder()
			h.Serve(w, r, Source{Key: "api1", Load: func() ([]byte, error) { return def, nil }}, nil)
			if tc.passThrough {
				if w.Code != 200 || w.Body.Len() != 0 || len(w.Header()) != 0 {
					t.Fatalf("wrote a response: %d %q %v", w.Code, w.Body.String(), w.Header())
				}
				return
			}
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d; body %s", w.Code, tc.status, w.Body.String())
			}
			for _, want := range tc.contains {
				if !strings.Contains(w.Body.String(), want) {
					t.Errorf("body %s does not contain %s", w.Body.String(), want)
				}
			}
			for k, v := range tc.headers {
				if got := w.Header().Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestHandlerLoopRewritesURL(t *testing.T) {
	t.Parallel()
	def := classicAPI(t, "loop", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/start", "go", `function go() { return TykJsResponse({Code: 301, Headers: {"Location": "tyk://other-api/path?x=1"}}, null) }`)}})
	h, _ := newTestHandler(t)
	r := httptest.NewRequest("GET", "/loop/start", nil)
	w := httptest.NewRecorder()
	h.Serve(w, r, Source{Key: 1, Load: func() ([]byte, error) { return def, nil }}, nil)
	if w.Body.Len() != 0 || r.URL.Scheme != "tyk" || r.URL.Host != "other-api" || r.URL.Path != "/path" {
		t.Fatalf("loop not handed to the gateway: url %v body %q", r.URL, w.Body.String())
	}
}

func TestHandlerProxyOnErrorKeepsBody(t *testing.T) {
	t.Parallel()
	ep := inline("POST", "/p", "f", `function f() { throw new Error("no") }`)
	ep["proxy_on_error"] = true
	def := classicAPI(t, "poe", map[string]interface{}{"endpoints": []interface{}{ep}})
	h, _ := newTestHandler(t)
	r := httptest.NewRequest("POST", "/poe/p", strings.NewReader("payload"))
	w := httptest.NewRecorder()
	h.Serve(w, r, Source{Key: 1, Load: func() ([]byte, error) { return def, nil }}, nil)
	b, _ := io.ReadAll(r.Body)
	if w.Body.Len() != 0 || string(b) != "payload" {
		t.Fatalf("body not intact for the upstream: %q (wrote %q)", b, w.Body.String())
	}
}

func TestHandlerSessionWriteBack(t *testing.T) {
	t.Parallel()
	useSession := func(ep map[string]interface{}) map[string]interface{} { ep["use_session"] = true; return ep }
	def := classicAPI(t, "sess", map[string]interface{}{"endpoints": []interface{}{
		useSession(inline("GET", "/keep", "keep", `function keep(r, s) { return TykJsResponse({Body: s.meta_data.user, Code: 200}, s.meta_data) }`)),
		useSession(inline("GET", "/change", "change", `function change(r, s) { s.meta_data.n = s.meta_data.n + 1; return TykJsResponse({Body: "", Code: 200}, s.meta_data) }`)),
		useSession(inline("GET", "/wipe", "wipe", `function wipe(r, s) { return TykJsResponse({Body: "", Code: 200}) }`)),
		inline("GET", "/nosession", "nos", `function nos(r, s) { return TykJsResponse({Body: String(s.meta_data), Code: 200}, {x: 1}) }`),
	}})
	h, hook := newTestHandler(t)
	newSess := func() *fakeSession {
		return &fakeSession{json: []byte(`{"meta_data":{"user":"ann","n":1}}`), meta: map[string]interface{}{"user": "ann", "n": float64(1)}}
	}
	tests := []struct {
		path      string
		wantSaved int
		wantMeta  map[string]interface{}
		wantBody  string
	}{
		{"/sess/keep", 0, map[string]interface{}{"user": "ann", "n": float64(1)}, "ann"},
		{"/sess/change", 1, map[string]interface{}{"user": "ann", "n": float64(2)}, ""},
		{"/sess/wipe", 1, nil, ""},
		{"/sess/nosession", 0, map[string]interface{}{"user": "ann", "n": float64(1)}, "undefined"},
	}
	for _, tc := range tests {
		s := newSess()
		w := serve(t, h, def, "GET", tc.path, "", s)
		if w.Code != 200 || w.Body.String() != tc.wantBody || s.saved != tc.wantSaved {
			t.Fatalf("%s: %d %q saved=%d", tc.path, w.Code, w.Body.String(), s.saved)
		}
		got, _ := json.Marshal(s.meta)
		want, _ := json.Marshal(tc.wantMeta)
		if string(got) != string(want) {
			t.Fatalf("%s: meta %s, want %s", tc.path, got, want)
		}
	}
	warned := false
	for _, e := range hook.AllEntries() {
		if strings.Contains(e.Message, "wiped") {
			warned = true
		}
	}
	if !warned {
		t.Fatal("wiping metadata was not logged")
	}
}

func TestHandlerKeylessUseSessionIsCleanError(t *testing.T) {
	t.Parallel()
	ep := inline("GET", "/m", "m", `function m(r, s) { return TykJsResponse({Body: s.meta_data.x, Code: 200}, s.meta_data) }`)
	ep["use_session"] = true
	def := classicAPI(t, "keyless", map[string]interface{}{"endpoints": []interface{}{ep}})
	h, _ := newTestHandler(t)
	w := serve(t, h, def, "GET", "/keyless/m", "", nil)
	if w.Code != 500 || !strings.Contains(w.Body.String(), "script error") {
		t.Fatalf("got %d %s", w.Code, w.Body.String())
	}
}

func TestHandlerBadConfigFailsClosed(t *testing.T) {
	t.Parallel()
	def := classicAPI(t, "bad", map[string]interface{}{"endpoints": []interface{}{
		map[string]interface{}{"method": "get", "path": "/x", "response_function_name": "f", "function_source_type": "nope"}}})
	h, hook := newTestHandler(t)
	w := serve(t, h, def, "GET", "/bad/anything", "", nil)
	if w.Code != 500 || !strings.Contains(w.Body.String(), "configuration error") {
		t.Fatalf("got %d %s", w.Code, w.Body.String())
	}
	logged := loggedErrors(hook)
	for _, want := range []string{"tyk_ve.endpoints[0].method", "tyk_ve.endpoints[0].function_source_type"} {
		if !strings.Contains(logged, want) {
			t.Errorf("log does not name %s:\n%s", want, logged)
		}
	}
}

func TestHandlerBrokenScriptFailsOnlyItsEndpoint(t *testing.T) {
	t.Parallel()
	def := classicAPI(t, "partial", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/broken", "broken", `function broken( {`),
		inline("GET", "/throws-at-load", "tl", `throw new Error("at load"); function tl() {}`),
		inline("GET", "/ok", "ok", `function ok() { return TykJsResponse({Body: "fine", Code: 200}, null) }`),
	}})
	h, _ := newTestHandler(t)
	if w := serve(t, h, def, "GET", "/partial/ok", "", nil); w.Code != 200 || w.Body.String() != "fine" {
		t.Fatalf("ok endpoint: %d %s", w.Code, w.Body.String())
	}
	for _, p := range []string{"/partial/broken", "/partial/throws-at-load"} {
		if w := serve(t, h, def, "GET", p, "", nil); w.Code != 500 || !strings.Contains(w.Body.String(), "configuration error") {
			t.Fatalf("%s: %d %s", p, w.Code, w.Body.String())
		}
	}
}

func TestHandlerRequestBodyLimit(t *testing.T) {
	t.Parallel()
	def := classicAPI(t, "lim", map[string]interface{}{"limits": map[string]interface{}{"max_request_body": 4},
		"endpoints": []interface{}{inline("POST", "/b", "b", `function b(r) { return TykJsResponse({Body: r.Body, Code: 200}, null) }`)}})
	h, _ := newTestHandler(t)
	if w := serve(t, h, def, "POST", "/lim/b", "1234", nil); w.Code != 200 || w.Body.String() != "1234" {
		t.Fatalf("at limit: %d %s", w.Code, w.Body.String())
	}
	if w := serve(t, h, def, "POST", "/lim/b", "12345", nil); w.Code != 413 {
		t.Fatalf("over limit: %d %s", w.Code, w.Body.String())
	}
}

func TestHandlerReloadKeepsOrReplacesPool(t *testing.T) {
	t.Parallel()
	h, _ := newTestHandler(t)
	v1 := classicAPI(t, "rl", map[string]interface{}{"endpoints": []interface{}{inline("GET", "/v", "v", `function v() { return TykJsResponse({Body: "1", Code: 200}) }`)}})
	v2 := classicAPI(t, "rl", map[string]interface{}{"endpoints": []interface{}{inline("GET", "/v", "v", `function v() { return TykJsResponse({Body: "2", Code: 200}) }`)}})
	get := func(key interface{}, def []byte) string {
		w := httptest.NewRecorder()
		h.Serve(w, httptest.NewRequest("GET", "/rl/v", nil), Source{Key: key, Load: func() ([]byte, error) { return def, nil }}, nil)
		return w.Body.String()
	}
	a, b, c := new(int), new(int), new(int)
	if get(a, v1) != "1" || get(b, v1) != "1" || get(c, v2) != "2" {
		t.Fatal("reload did not serve the new definition")
	}
	if n := len(h.Registry().APIs()); n != 1 {
		t.Fatalf("registry holds %d APIs, want 1", n)
	}
}

// TestHandlerStaleDefinitionDoesNotReinstall: a request that still carries
// the definition a reload replaced is served by the new API and does not
// close the new pool.
func TestHandlerStaleDefinitionDoesNotReinstall(t *testing.T) {
	t.Parallel()
	h, _ := newTestHandler(t)
	v1 := classicAPI(t, "stale", map[string]interface{}{"endpoints": []interface{}{inline("GET", "/v", "v", `function v() { return TykJsResponse({Body: "1", Code: 200}) }`)}})
	v2 := classicAPI(t, "stale", map[string]interface{}{"endpoints": []interface{}{inline("GET", "/v", "v", `function v() { return TykJsResponse({Body: "2", Code: 200}) }`)}})
	get := func(key interface{}, def []byte) string {
		w := httptest.NewRecorder()
		h.Serve(w, httptest.NewRequest("GET", "/stale/v", nil), Source{Key: key, Load: func() ([]byte, error) { return def, nil }}, nil)
		return w.Body.String()
	}
	old, cur := new(int), new(int)
	if got := get(old, v1); got != "1" {
		t.Fatalf("v1: %s", got)
	}
	if got := get(cur, v2); got != "2" {
		t.Fatalf("v2: %s", got)
	}
	for i := 0; i < 3; i++ {
		if got := get(old, v1); got != "2" {
			t.Fatalf("stale request %d: %s, want the current API's answer", i, got)
		}
		if got := get(cur, v2); got != "2" {
			t.Fatalf("current request %d after a stale one: %s", i, got)
		}
	}
}

// TestHandlerBadProxyURLFailsClosed: an unusable proxy.transport.proxy_url
// (which TykMakeHttpRequest would use) answers a configuration error whose
// logged reason names the field.
func TestHandlerBadProxyURLFailsClosed(t *testing.T) {
	t.Parallel()
	var def map[string]interface{}
	if err := json.Unmarshal(classicAPI(t, "badproxy", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/x", "x", `function x() { return TykJsResponse({Body: "ok", Code: 200}, null) }`)}}), &def); err != nil {
		t.Fatal(err)
	}
	def["proxy"].(map[string]interface{})["transport"] = map[string]interface{}{"proxy_url": "ftp://proxy.internal"}
	raw, _ := json.Marshal(def)
	h, hook := newTestHandler(t)
	w := serve(t, h, raw, "GET", "/badproxy/x", "", nil)
	if w.Code != 500 || !strings.Contains(w.Body.String(), "configuration error") {
		t.Fatalf("got %d %s", w.Code, w.Body.String())
	}
	logged := loggedErrors(hook)
	if !strings.Contains(logged, "proxy.transport.proxy_url") {
		t.Fatalf("log does not name proxy.transport.proxy_url:\n%s", logged)
	}
}
