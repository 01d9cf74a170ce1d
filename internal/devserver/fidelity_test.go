package devserver

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/gatewayver"
)

// fidelityAPI has a loop endpoint, a session probe and a pass-through to
// upstream, which records what reaches it.
func fidelityAPI(upstream string) string {
	src := func(fn, body string) string {
		b, _ := json.Marshal("function " + fn + "(request, session, config) { " + body + " }")
		return string(b)
	}
	return fmt.Sprintf(`{"name": "fidelity", "api_id": "fid", "org_id": "o", "use_keyless": true, "active": true,
  "proxy": {"listen_path": "/fid/", "target_url": %q, "strip_listen_path": true},
  "version_data": {"not_versioned": true, "versions": {"Default": {"name": "Default"}}},
  "custom_middleware": {"driver": "goplugin", "post": [{"name": "VirtualEndpoint", "path": "tyk-ve.so"}]},
  "config_data": {"tyk_ve": {"endpoints": [
    {"path": "/loop", "method": "GET", "response_function_name": "loop", "function_source_type": "inline",
     "function_source": %s},
    {"path": "/session", "method": "GET", "response_function_name": "probe", "function_source_type": "inline",
     "function_source": %s}]}}}`, upstream,
		src("loop", `return TykJsResponse({Code: 302, Headers: {"Location": "tyk://self/up?from=ve"}}, null)`),
		src("probe", `return TykJsResponse({Code: 200, Body: JSON.stringify({keys: Object.keys(session).length, smoothing: "smoothing" in session, meta: typeof session.meta_data})}, null)`))
}

func newFidelityServer(t *testing.T, gw gatewayver.Version, upstream string) *httptest.Server {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fid.json"), []byte(fidelityAPI(upstream)), 0o644); err != nil {
		t.Fatal(err)
	}
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	srv, err := New(Options{AppsDir: dir, Logger: logger, Gateway: gw}, "http://unused")
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	return ts
}

// TestLoopKeepsTheLoopURLsQuery: inside the gateway a Go plugin's tyk://
// loop reaches its target with the loop URL's query (the gateway restores
// the original query only for its own virtual endpoints).
func TestLoopKeepsTheLoopURLsQuery(t *testing.T) {
	t.Parallel()
	seen := make(chan string, 1)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- r.URL.Path + "?" + r.URL.RawQuery
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer up.Close()
	ts := newFidelityServer(t, gatewayver.Newest, up.URL)
	resp, err := http.Get(ts.URL + "/fid/loop?orig=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := <-seen; got != "/up?from=ve" {
		t.Fatalf("upstream saw %q, want /up?from=ve", got)
	}
}

// TestEmptySessionPerGateway: an endpoint without use_session gets the
// empty session of the gateway generation the server emulates.
func TestEmptySessionPerGateway(t *testing.T) {
	t.Parallel()
	tests := []struct {
		gw   gatewayver.Version
		want string
	}{
		{gatewayver.V58, `{"keys":37,"smoothing":false,"meta":"object"}`},
		{gatewayver.V59, `{"keys":38,"smoothing":true,"meta":"object"}`},
		{gatewayver.Master, `{"keys":0,"smoothing":false,"meta":"undefined"}`},
		{"", `{"keys":0,"smoothing":false,"meta":"undefined"}`},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(string(tc.gw), func(t *testing.T) {
			t.Parallel()
			ts := newFidelityServer(t, tc.gw, "http://127.0.0.1:1")
			resp, err := http.Get(ts.URL + "/fid/session")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if string(b) != tc.want {
				t.Fatalf("body %s, want %s", b, tc.want)
			}
		})
	}
}
