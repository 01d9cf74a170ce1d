package plugin

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/sirupsen/logrus/hooks/test"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// testLogger returns a silent logger whose entries a test can inspect.
func testLogger() (*logrus.Logger, *test.Hook) {
	l, hook := test.NewNullLogger()
	l.SetLevel(logrus.DebugLevel)
	return l, hook
}

// loggedErrors joins the errors of every log entry, one per line.
func loggedErrors(hook *test.Hook) string {
	logged := ""
	for _, e := range hook.AllEntries() {
		if err, ok := e.Data["error"].(error); ok {
			logged += err.Error() + "\n"
		}
	}
	return logged
}

// classicAPI builds a Classic API definition with the given tyk_ve config.
func classicAPI(t testing.TB, id string, tykVE interface{}) []byte {
	t.Helper()
	def := map[string]interface{}{
		"api_id": id, "org_id": "org-1", "name": id,
		"proxy":       map[string]interface{}{"listen_path": "/" + id + "/", "target_url": "http://upstream.invalid"},
		"config_data": map[string]interface{}{"tyk_ve": tykVE, "greeting": "hi"},
	}
	b, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// inline returns an endpoint with inline JavaScript.
func inline(method, path, fn, src string) map[string]interface{} {
	return map[string]interface{}{"method": method, "path": path, "response_function_name": fn,
		"function_source_type": "inline", "function_source": src}
}

func blob(method, path, fn, src string) map[string]interface{} {
	return map[string]interface{}{"method": method, "path": path, "response_function_name": fn,
		"function_source_type": "blob", "function_source_uri": base64.StdEncoding.EncodeToString([]byte(src))}
}

// fakeSession is an in-memory Session.
type fakeSession struct {
	json  []byte
	meta  map[string]interface{}
	saved int
}

func (s *fakeSession) JSON() ([]byte, error)                { return s.json, nil }
func (s *fakeSession) MetaData() map[string]interface{}     { return s.meta }
func (s *fakeSession) SetMetaData(m map[string]interface{}) { s.meta = m; s.saved++ }

// serve runs one request through a handler for the definition.
func serve(t testing.TB, h *Handler, def []byte, method, target, body string, sess Session) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	w := httptest.NewRecorder()
	key := string(def)
	h.Serve(w, r, Source{Key: key, Load: func() ([]byte, error) { return def, nil }}, sess)
	return w
}

func newTestHandler(t testing.TB) (*Handler, *test.Hook) {
	t.Helper()
	logger, hook := testLogger()
	h, err := NewHandler(Settings{}, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h, hook
}

// waitNoRuntimeInUse waits until no pool of h holds a runtime: calls hand
// theirs back and the prewarm filler (counted in InUse while it creates one)
// finishes, before a test reads the counters.
func waitNoRuntimeInUse(t testing.TB, h *Handler) {
	t.Helper()
	testutil.WaitFor(t, func() bool {
		for _, api := range h.Registry().APIs() {
			if api.Stats().InUse != 0 {
				return false
			}
		}
		return true
	}, func() string {
		s := ""
		for _, api := range h.Registry().APIs() {
			s += fmt.Sprintf(" %+v", api.Stats())
		}
		return "a runtime is still in use:" + s
	})
}
