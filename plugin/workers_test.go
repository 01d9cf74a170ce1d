package plugin

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tyk-ve/tyk-ve/jsbuild"
	"github.com/tyk-ve/tyk-ve/vm"
)

func workersEndpoint(method, path, object, src string) map[string]interface{} {
	ep := inline(method, path, object, src)
	ep["handler"] = HandlerFetch
	return ep
}

func TestHandlerWorkersStyle(t *testing.T) {
	t.Parallel()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"from":%q}`, r.URL.Path)
	}))
	defer up.Close()
	def := classicAPI(t, "wk", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/tyk", "tyk", `function tyk(r, s, c) { return TykJsResponse({Body: "tyk " + c.config_data.greeting, Code: 200, Headers: {"X-Kind": "tyk"}}, s.meta_data) }`),
		workersEndpoint("POST", "/echo", "", `var __tykve_default = { async fetch(request, env, ctx) {
			return Response.json({method: request.method, url: request.url, body: await request.text(),
				h: request.headers.get("x-in"), greeting: env.config.greeting}, {status: 201, headers: {"X-Kind": "workers"}});
		} };`),
		workersEndpoint("GET", "/agg", "agg", `var agg = { async fetch() {
			const parts = await Promise.all(["/a", "/b", "/c"].map(p => fetch("`+up.URL+`" + p).then(r => r.json())));
			return new Response(parts.map(p => p.from).join(","), {headers: {"Content-Type": "text/plain"}});
		} };`),
		workersEndpoint("GET", "/throw", "bad", `var bad = { async fetch() { throw new Error("boom") } };`),
		workersEndpoint("GET", "/notresponse", "nr", `var nr = { fetch() { return "text" } };`),
		workersEndpoint("GET", "/cookies", "ck", `var ck = { fetch() {
			const h = new Headers([["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x-multi", "1"], ["x-multi", "2"]]);
			return new Response("c", {headers: h});
		} };`),
		workersEndpoint("GET", "/refused", "rf", `var rf = { async fetch() {
			try { await fetch("http://169.254.169.254/latest/meta-data/") } catch (e) { return new Response(e.name, {status: 502}) }
		} };`),
	}})
	h, _ := newTestHandler(t)
	tests := []struct {
		method, target, body string
		code                 int
		wantBody             string
		header               map[string][]string
	}{
		{"GET", "/wk/tyk", "", 200, "tyk hi", map[string][]string{"X-Kind": {"tyk"}}},
		{"POST", "/wk/echo?q=1", "payload", 201, `{"method":"POST","url":"http://example.com/wk/echo?q=1","body":"payload","h":"v","greeting":"hi"}`,
			map[string][]string{"X-Kind": {"workers"}, "Content-Type": {"application/json"}, "Server": {"tyk"}}},
		{"GET", "/wk/agg", "", 200, "/a,/b,/c", map[string][]string{"Content-Type": {"text/plain"}}},
		{"GET", "/wk/cookies", "", 200, "c", map[string][]string{"Set-Cookie": {"a=1", "b=2"}, "X-Multi": {"1, 2"}}},
		{"GET", "/wk/refused", "", 502, "TypeError", nil},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			var rd io.Reader
			if tc.body != "" {
				rd = strings.NewReader(tc.body)
			}
			r := httptest.NewRequest(tc.method, tc.target, rd)
			r.Header.Set("X-In", "v")
			w := httptest.NewRecorder()
			h.Serve(w, r, Source{Key: "wk", Load: func() ([]byte, error) { return def, nil }}, nil)
			if w.Code != tc.code || w.Body.String() != tc.wantBody {
				t.Fatalf("got %d %q, want %d %q", w.Code, w.Body.String(), tc.code, tc.wantBody)
			}
			for k, v := range tc.header {
				if got := w.Header().Values(k); strings.Join(got, "|") != strings.Join(v, "|") {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
	for _, target := range []string{"/wk/throw", "/wk/notresponse"} {
		w := serve(t, h, def, "GET", target, "", nil)
		var body map[string]interface{}
		if w.Code != 500 || json.Unmarshal(w.Body.Bytes(), &body) != nil {
			t.Errorf("%s: got %d %q, want the JSON 500", target, w.Code, w.Body.String())
		}
	}
}

func TestHandlerWorkersLoopAndSession(t *testing.T) {
	t.Parallel()
	ep := workersEndpoint("GET", "/s", "", `var __tykve_default = { fetch(request, env) {
		return new Response(env.session.meta_data.user);
	} };`)
	ep["use_session"] = true
	def := classicAPI(t, "wks", map[string]interface{}{"endpoints": []interface{}{
		ep,
		workersEndpoint("GET", "/loop", "lp", `var lp = { fetch() { return Response.redirect("tyk://other-api/path?x=1", 302) } };`),
	}})
	h, _ := newTestHandler(t)
	s := &fakeSession{json: []byte(`{"meta_data":{"user":"ann"}}`), meta: map[string]interface{}{"user": "ann"}}
	w := serve(t, h, def, "GET", "/wks/s", "", s)
	if w.Code != 200 || w.Body.String() != "ann" || s.saved != 0 || s.meta["user"] != "ann" {
		t.Fatalf("session: %d %q saved=%d meta=%v", w.Code, w.Body.String(), s.saved, s.meta)
	}
	r := httptest.NewRequest("GET", "/wks/loop", nil)
	w = httptest.NewRecorder()
	h.Serve(w, r, Source{Key: "wks", Load: func() ([]byte, error) { return def, nil }}, nil)
	if w.Body.Len() != 0 || r.URL.Scheme != "tyk" || r.URL.Host != "other-api" || r.URL.Path != "/path" {
		t.Fatalf("loop not handed to the gateway: url %v body %q", r.URL, w.Body.String())
	}
}

func TestConfigHandler(t *testing.T) {
	t.Parallel()
	base := func(handler, fn string) EndpointConfig {
		return EndpointConfig{Path: "/p", Method: "GET", ResponseFunctionName: fn, Handler: handler,
			FunctionSourceType: SourceInline, FunctionSource: "var x"}
	}
	tests := []struct {
		name string
		ep   EndpointConfig
		want string
	}{
		{"default function", base("", "f"), ""},
		{"function", base("function", "f"), ""},
		{"fetch default export", base("fetch", ""), ""},
		{"fetch named object", base("fetch", "worker"), ""},
		{"function needs a name", base("function", ""), "tyk_ve.endpoints[0].response_function_name: must be a JavaScript function name"},
		{"fetch bad name", base("fetch", "a b"), "tyk_ve.endpoints[0].response_function_name: must name the global object with the fetch method"},
		{"unknown handler", base("module", "f"), `tyk_ve.endpoints[0].handler: must be "function" (Tyk-style function, the default) or "fetch" (Workers-style fetch(request, env, ctx)), got "module"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.ep.Validate("tyk_ve.endpoints[0]")
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestDefaultExportGlobalMatchesJSBuild: the global a Workers-style
// endpoint without response_function_name calls is where tyk-ve build puts
// a module's default export.
func TestDefaultExportGlobalMatchesJSBuild(t *testing.T) {
	if vm.DefaultExportGlobal != jsbuild.DefaultExportGlobal {
		t.Fatalf("vm.DefaultExportGlobal = %q, jsbuild.DefaultExportGlobal = %q", vm.DefaultExportGlobal, jsbuild.DefaultExportGlobal)
	}
}

// TestWorkersTypeScriptModule: a TypeScript module whose default export is
// a Workers-style handler, built with package jsbuild (as tyk-ve build
// does), serves an endpoint with handler "fetch" and no function name.
func TestWorkersTypeScriptModule(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	write := func(rel, body string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(work, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, rel), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("src/greet.ts", "export function greet(greeting: string, name: string): string { return `${greeting}, ${name}`; }\n")
	write("src/worker.ts", `import { greet } from "./greet";
interface Env { config: { greeting: string } }
export default {
  async fetch(request: Request, env: Env, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<Response> {
    const name = new URL(request.url).searchParams.get("name") ?? "nobody";
    return Response.json({ message: greet(env.config.greeting, name), method: request.method });
  },
};
`)
	res, err := jsbuild.Build(jsbuild.Options{Entry: filepath.Join(work, "src/worker.ts")})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Write(); err != nil {
		t.Fatal(err)
	}
	def := classicAPI(t, "tsw", map[string]interface{}{"endpoints": []interface{}{map[string]interface{}{
		"method": "GET", "path": "/hello", "handler": "fetch",
		"function_source_type": "file", "function_source_uri": "src/worker.ts"}}})
	logger, _ := testLogger()
	h, err := NewHandler(Settings{Sources: SourceResolver{WorkDir: work}}, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	w := serve(t, h, def, "GET", "/tsw/hello?name=ann", "", nil)
	if w.Code != 200 || w.Body.String() != `{"message":"hi, ann","method":"GET"}` || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("got %d %q %v", w.Code, w.Body.String(), w.Header())
	}
}
