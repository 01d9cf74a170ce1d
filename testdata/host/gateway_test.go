package host

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/TykTechnologies/tyk/apidef"
	"github.com/TykTechnologies/tyk/apidef/oas"
	"github.com/TykTechnologies/tyk/ctx"
)

// These tests check the harness itself with in-process hooks; they need no
// plugin.

func echoUpstream(t *testing.T) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Upstream", "1")
		_, _ = io.WriteString(w, r.Method+" "+r.URL.RequestURI()+" "+string(b))
	}))
	t.Cleanup(s.Close)
	return s
}

func classicAPI(t *testing.T, id, listen, target string, keyless bool) *API {
	t.Helper()
	def, _ := json.Marshal(apidef.APIDefinition{
		APIID: id, Name: id, UseKeylessAccess: keyless,
		Proxy: apidef.ProxyConfig{ListenPath: listen, TargetURL: target, StripListenPath: true},
	})
	a, err := ParseAPI(def)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func serve(g *Gateway, method, target, body string, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	g.ServeHTTP(rec, req)
	return rec
}

func TestGatewayChain(t *testing.T) {
	t.Parallel()
	up := echoUpstream(t)
	tests := []struct {
		name       string
		hook       Hook
		path, body string
		wantCode   int
		wantBody   string
		wantPanics int64
	}{
		{
			name: "nothing written continues upstream with the body intact",
			hook: func(_ http.ResponseWriter, r *http.Request) { _, _ = io.ReadAll(r.Body) },
			path: "/api/items?a=1", body: "payload",
			wantCode: 200, wantBody: "POST /items?a=1 payload",
		},
		{
			name: "an answer stops the chain",
			hook: func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusCreated)
				_, _ = io.WriteString(w, "from hook")
			},
			path: "/api/x", wantCode: 201, wantBody: "from hook",
		},
		{
			name:     "a panic is recovered into a 500 and counted",
			hook:     func(http.ResponseWriter, *http.Request) { panic("boom") },
			path:     "/api/x",
			wantCode: 500, wantBody: `{"error":"Internal Server Error"}`, wantPanics: 1,
		},
		{
			name: "no API for the path",
			hook: func(http.ResponseWriter, *http.Request) {},
			path: "/other", wantCode: 404, wantBody: `{"error":"Not Found"}`,
		},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := New(tc.hook, Config{})
			g.AddAPI(classicAPI(t, "a1", "/api/", up.URL, true))
			rec := serve(g, http.MethodPost, tc.path, tc.body, nil)
			if rec.Code != tc.wantCode || strings.TrimSpace(rec.Body.String()) != tc.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body.String(), tc.wantCode, tc.wantBody)
			}
			if g.Panics() != tc.wantPanics {
				t.Errorf("panics = %d, want %d", g.Panics(), tc.wantPanics)
			}
		})
	}
}

func TestGatewaySessions(t *testing.T) {
	t.Parallel()
	touch := func(w http.ResponseWriter, r *http.Request) {
		s := ctx.GetSession(r)
		if r.URL.Query().Get("touch") == "1" {
			s.MetaData = map[string]interface{}{"seen": true}
			ctx.SetSession(r, s, true)
		}
		_, _ = io.WriteString(w, "ok")
	}
	g := New(touch, Config{})
	g.AddAPI(classicAPI(t, "keyed", "/k/", "", false))
	if err := g.Sessions().Add("key1", []byte(`{"meta_data":{"seen":false}}`)); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name      string
		auth      string
		path      string
		wantCode  int
		wantWrite int
	}{
		{"missing key", "", "/k/x", 401, 0},
		{"unknown key", "nope", "/k/x", 403, 0},
		{"untouched session is not saved", "key1", "/k/x", 200, 0},
		{"touched session is saved", "key1", "/k/x?touch=1", 200, 1},
	} {
		hdr := map[string]string{}
		if tc.auth != "" {
			hdr["Authorization"] = tc.auth
		}
		if rec := serve(g, "GET", tc.path, "", hdr); rec.Code != tc.wantCode {
			t.Fatalf("%s: code %d, want %d (%s)", tc.name, rec.Code, tc.wantCode, rec.Body)
		}
		if w := g.Sessions().Writes("key1"); w != tc.wantWrite {
			t.Fatalf("%s: writes = %d, want %d", tc.name, w, tc.wantWrite)
		}
	}
	if meta, written := g.Sessions().Stored("key1"); !written || meta["seen"] != true {
		t.Fatalf("stored meta = %v (written %v), want seen=true", meta, written)
	}
}

func TestGatewayInjectsOneDefinition(t *testing.T) {
	t.Parallel()
	var gotClassic, gotOAS bool
	hook := func(w http.ResponseWriter, r *http.Request) {
		_, gotClassic = r.Context().Value(ctx.Definition).(*apidef.APIDefinition)
		_, gotOAS = r.Context().Value(ctx.OASDefinition).(*oas.OAS)
		w.WriteHeader(http.StatusNoContent)
	}
	oasDef := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},
		"x-tyk-api-gateway":{"info":{"id":"o1","name":"o","state":{"active":true}},
		"upstream":{"url":"http://127.0.0.1:1"},"server":{"listenPath":{"value":"/oas/"}}}}`
	o, err := ParseAPI([]byte(oasDef))
	if err != nil {
		t.Fatal(err)
	}
	g := New(hook, Config{})
	g.AddAPI(o)
	g.AddAPI(classicAPI(t, "c1", "/classic/", "", true))

	serve(g, "GET", "/oas/x", "", nil)
	if gotClassic || !gotOAS {
		t.Errorf("OAS API: classic %v, oas %v; want only OAS", gotClassic, gotOAS)
	}
	serve(g, "GET", "/classic/x", "", nil)
	if !gotClassic || gotOAS {
		t.Errorf("Classic API: classic %v, oas %v; want only Classic", gotClassic, gotOAS)
	}
}

func TestGatewayLoops(t *testing.T) {
	t.Parallel()
	hook := func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a/self":
			r.URL, _ = url.Parse("tyk://self/a/done?method=PUT")
		case "/a/other":
			r.URL, _ = url.Parse("tyk://b/b/done")
		case "/a/forever":
			r.URL, _ = url.Parse("tyk://self/a/forever")
		case "/a/lost":
			r.URL, _ = url.Parse("tyk://nowhere/x")
		default:
			_, _ = io.WriteString(w, r.Method+" "+r.URL.Path+" "+ctx.GetDefinition(r).APIID)
		}
	}
	g := New(hook, Config{})
	g.AddAPI(classicAPI(t, "a", "/a/", "", true))
	g.AddAPI(classicAPI(t, "b", "/b/", "", true))
	for _, tc := range []struct{ path, want string }{
		{"/a/self", "PUT /a/done a"},
		{"/a/other", "GET /b/done b"},
		{"/a/forever", `{"error":"Loop level too deep. Found more than 5 loops in single request"}`},
		{"/a/lost", `{"error":"Can't detect loop target"}`},
	} {
		if got := strings.TrimSpace(serve(g, "GET", tc.path, "", nil).Body.String()); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestLoadHookMissingFile(t *testing.T) {
	t.Parallel()
	if _, err := LoadHook("/nonexistent/x.so", "VirtualEndpoint"); err == nil ||
		!strings.Contains(err.Error(), "opening plugin") {
		t.Fatalf("err = %v, want an opening error", err)
	}
}
