package vm

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const testSecret = "sup3r-s3cret-value"

// fakeGateway imitates the gateway's /tyk/keys endpoints.
type fakeGateway struct {
	mu       sync.Mutex
	sessions map[string]string
	requests []string
}

func (g *fakeGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b, _ := io.ReadAll(r.Body)
	g.requests = append(g.requests, r.Method+" "+r.URL.RequestURI()+" "+string(b))
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("X-Tyk-Authorization") != testSecret {
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"status":"error","message":"Attempted administrative access with invalid or missing key!"}`+"\n")
		return
	}
	key, ok := strings.CutPrefix(r.URL.EscapedPath(), "/tyk/keys/")
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	switch r.Method {
	case http.MethodGet:
		s, ok := g.sessions[key]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"status":"error","message":"Key not found"}`+"\n")
			return
		}
		_, _ = io.WriteString(w, s+"\n")
	case http.MethodPut:
		if _, ok := g.sessions[key]; !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"status":"error","message":"Key is not found"}`+"\n")
			return
		}
		g.sessions[key] = string(b)
		_, _ = io.WriteString(w, `{"key":"`+key+`","status":"ok","action":"modified"}`+"\n")
	case http.MethodPost:
		g.sessions[key] = string(b)
		_, _ = io.WriteString(w, `{"key":"`+key+`","status":"ok","action":"added"}`+"\n")
	case http.MethodDelete:
		w.WriteHeader(http.StatusInternalServerError)
	}
}

func (g *fakeGateway) log() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.requests...)
}

func newFakeGateway(t *testing.T) (*fakeGateway, *httptest.Server) {
	g := &fakeGateway{sessions: map[string]string{"key-1234": `{"org_id":"o","quota_remaining":3,"meta_data":{"a":"<b>"}}`}}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	return g, srv
}

func TestRESTKeyStoreConfigValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cfg  RESTKeyStoreConfig
		want []string
	}{
		{"ok", RESTKeyStoreConfig{URL: "http://127.0.0.1:8080/", Secret: "s"}, nil},
		{"empty", RESTKeyStoreConfig{}, []string{"url: required", "secret: required"}},
		{"relative", RESTKeyStoreConfig{URL: "gateway:8080", Secret: "s"}, []string{"url: must be an absolute http(s) URL"}},
		{"query", RESTKeyStoreConfig{URL: "http://gw/?secret=x", Secret: "s"}, []string{"url: must not carry"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.cfg.Validate()
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	if _, err := NewRESTKeyStore(RESTKeyStoreConfig{URL: "http://gw"}); err == nil || !strings.Contains(err.Error(), "rest key store: secret: required") {
		t.Errorf("NewRESTKeyStore: %v", err)
	}
}

func TestRESTKeyStore(t *testing.T) {
	t.Parallel()
	gw, srv := newFakeGateway(t)
	store, err := NewRESTKeyStore(RESTKeyStoreConfig{URL: srv.URL + "/", Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	got, err := store.GetKey(ctx, "key-1234", "api-1")
	if want := `{"org_id":"o","quota_remaining":3,"meta_data":{"a":"<b>"}}`; err != nil || got != want {
		t.Errorf("GetKey = %q, %v; want %q", got, err, want)
	}
	got, err = store.GetKey(ctx, "missing", "")
	if err != nil || got != keyNotFoundJSON {
		t.Errorf("GetKey(missing) = %q, %v", got, err)
	}
	if err := store.SetKey(ctx, "key-1234", `{"rate":2}`, true); err != nil {
		t.Errorf("SetKey(update): %v", err)
	}
	if err := store.SetKey(ctx, "new/key", `{"rate":3}`, false); err != nil {
		t.Errorf("SetKey(create): %v", err)
	}
	want := []string{
		"GET /tyk/keys/key-1234?api_id=api-1 ",
		"GET /tyk/keys/missing ",
		`PUT /tyk/keys/key-1234?suppress_reset=1 {"rate":2}`,
		`PUT /tyk/keys/new%2Fkey {"rate":3}`,
		`POST /tyk/keys/new%2Fkey {"rate":3}`,
	}
	if got := gw.log(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRESTKeyStoreSecretNeverLogged drives failures through the JS API and
// checks neither the secret nor the whole key reaches logs or errors.
func TestRESTKeyStoreSecretNeverLogged(t *testing.T) {
	t.Parallel()
	_, srv := newFakeGateway(t)
	for _, tc := range []struct {
		name, url, secret, want string
	}{
		{"wrong secret", srv.URL, "wrong-" + testSecret, "status 403"},
		{"unreachable", "http://" + closedAddr(t), testSecret, "connection refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			store, err := NewRESTKeyStore(RESTKeyStoreConfig{URL: tc.url, Secret: tc.secret})
			if err != nil {
				t.Fatal(err)
			}
			logger, logs := captureLogger()
			got, err := runVE(t, func(c *PoolConfig) { c.Host = &Host{Keys: store}; c.Logger = logger },
				`TykSetKeyData("abcdefgh-key-9876", "{}", "1"); return TykGetKeyData("abcdefgh-key-9876", "api");`)
			if err != nil {
				t.Fatal(err)
			}
			if got != keyNotFoundJSON {
				t.Errorf("got %s", got)
			}
			out := logs.String()
			if !strings.Contains(out, tc.want) || !strings.Contains(out, "****9876") {
				t.Errorf("log lacks %q or the obfuscated key:\n%s", tc.want, out)
			}
			for _, leak := range []string{testSecret, "abcdefgh"} {
				if strings.Contains(out, leak) {
					t.Errorf("log leaks %q:\n%s", leak, out)
				}
			}
		})
	}
}

// TestRESTKeyStoreThroughJS is the whole path: script → KeyStore → gateway.
func TestRESTKeyStoreThroughJS(t *testing.T) {
	t.Parallel()
	gw, srv := newFakeGateway(t)
	store, err := NewRESTKeyStore(RESTKeyStoreConfig{URL: srv.URL, Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	got, err := runVE(t, func(c *PoolConfig) { c.Host = &Host{Keys: store, APIID: "api-7"} }, `
		var s = JSON.parse(TykGetKeyData("key-1234"));
		s.quota_remaining = 10;
		TykSetKeyData("key-1234", JSON.stringify(s), "1");
		return TykGetKeyData("key-1234", "api-7") + " " + TykGetKeyData("gone", "api-7");`)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"org_id":"o","quota_remaining":10,"meta_data":{"a":"<b>"}} {"status":"error","message":"Key not found"}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if reqs := gw.log(); len(reqs) != 4 || !strings.HasPrefix(reqs[0], "GET /tyk/keys/key-1234?api_id=api-7") {
		t.Errorf("requests %q", reqs)
	}
}
