package devserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"
)

func newExampleServer(t *testing.T) *httptest.Server {
	t.Helper()
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	var srv *Server
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	ts.Start()
	var err error
	srv, err = New(Options{Logger: logger}, ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	return ts
}

func TestExampleAPI(t *testing.T) {
	t.Parallel()
	ts := newExampleServer(t)
	tests := []struct {
		name, method, path, body string
		status                   int
		contains                 string
		header                   [2]string
	}{
		{"hello", "GET", "/example/hello?name=tyk", "", 200, `"message":"hello tyk"`, [2]string{"Server", "tyk"}},
		{"modern js", "GET", "/example/users/7", "", 200, `"name":"user-7"`, [2]string{"Content-Type", "application/json"}},
		{"post echo", "POST", "/example/echo?x=1", `{"a":1}`, 201, `"received":{"a":1}`, [2]string{"X-Handled-By", "tyk-ve"}},
		{"pass-through", "GET", "/example/other?q=2", "", 200, `"upstream":"tyk-ve dev echo"`, [2]string{"X-Upstream", "tyk-ve-dev-echo"}},
		{"no api", "GET", "/nothing", "", 404, `"error"`, [2]string{"Content-Type", "application/json"}},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || !strings.Contains(string(b), tc.contains) {
				t.Fatalf("%s %s: %d %s", tc.method, tc.path, resp.StatusCode, b)
			}
			if got := resp.Header.Get(tc.header[0]); got != tc.header[1] {
				t.Fatalf("header %s = %q, want %q", tc.header[0], got, tc.header[1])
			}
			if tc.status < 300 && !json.Valid(b) {
				t.Fatalf("body is not JSON: %s", b)
			}
		})
	}
}
