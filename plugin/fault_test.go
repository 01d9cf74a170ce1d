package plugin

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fault tests through the Handler: every failure answers a JSON error with
// an id within the endpoint's deadline, the next request is served, and no
// runtime stays in use. Complements hardening_test.go.

// faultSlack absorbs scheduling noise under -race on a loaded box.
const faultSlack = time.Second

// faultSession misbehaves in the way its fields say.
type faultSession struct {
	panicJSON, panicMeta, panicSet bool
	jsonErr                        error
}

func (s *faultSession) JSON() ([]byte, error) {
	if s.panicJSON {
		panic("session store exploded")
	}
	if s.jsonErr != nil {
		return nil, s.jsonErr
	}
	return []byte(`{"meta_data":{"n":1}}`), nil
}

func (s *faultSession) MetaData() map[string]interface{} {
	if s.panicMeta {
		panic("meta_data unreadable")
	}
	return map[string]interface{}{"n": 1}
}

func (s *faultSession) SetMetaData(map[string]interface{}) {
	if s.panicSet {
		panic("session not writable")
	}
}

// assertJSONError fails unless w is a JSON error body with an id and the
// wanted status and message.
func assertJSONError(t *testing.T, w *httptest.ResponseRecorder, status int, msg string) {
	t.Helper()
	var body struct{ Error, ID string }
	if w.Code != status || w.Header().Get("Content-Type") != "application/json" ||
		json.Unmarshal(w.Body.Bytes(), &body) != nil || body.ID == "" || !strings.Contains(body.Error, msg) {
		t.Fatalf("got %d %q %s; want %d and a JSON error with an id naming %q",
			w.Code, w.Header().Get("Content-Type"), w.Body.String(), status, msg)
	}
}

// TestFaultSessionPanicsAreContained: a session whose methods panic (or fail)
// gets a 500 JSON error, the panic is logged with the id the client got, and
// the next request on the same API is served.
func TestFaultSessionPanicsAreContained(t *testing.T) {
	t.Parallel()
	// The function changes the metadata so that it is written back.
	ep := inline("GET", "/s", "s", `function s(r, sess) { return TykJsResponse({Body: "ok", Code: 200}, {n: 2}) }`)
	ep["use_session"] = true
	for _, tc := range []struct {
		name string
		sess *faultSession
		msg  string
	}{
		{"JSON panics", &faultSession{panicJSON: true}, "virtual endpoint error"},
		{"MetaData panics", &faultSession{panicMeta: true}, "virtual endpoint error"},
		{"SetMetaData panics", &faultSession{panicSet: true}, "virtual endpoint error"},
		{"JSON fails", &faultSession{jsonErr: errors.New("redis down")}, "virtual endpoint error"},
	} {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			def := classicAPI(t, "sess", map[string]interface{}{"endpoints": []interface{}{ep}})
			h, hook := newTestHandler(t)
			w := serve(t, h, def, "GET", "/sess/s", "", tc.sess)
			assertJSONError(t, w, http.StatusInternalServerError, tc.msg)
			var body struct{ ID string }
			_ = json.Unmarshal(w.Body.Bytes(), &body)
			logged := false
			for _, e := range hook.AllEntries() {
				if e.Data["id"] == body.ID {
					logged = true
				}
			}
			if !logged {
				t.Fatalf("no log entry carries the id %s the client got", body.ID)
			}
			if w := serve(t, h, def, "GET", "/sess/s", "", &faultSession{}); w.Code != http.StatusOK || w.Body.String() != "ok" {
				t.Fatalf("next request: %d %s", w.Code, w.Body.String())
			}
			// the pool's filler may still be creating its prewarmed runtime
			// (counted in use until it is idle): poll, do not read once
			for _, api := range h.Registry().APIs() {
				for deadline := time.Now().Add(5 * time.Second); api.Stats().InUse != 0; time.Sleep(time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatalf("a runtime is still in use: %+v", api.Stats())
					}
				}
			}
		})
	}
}

// TestFaultEndpointFailures: script faults reach the client as JSON errors
// within the endpoint's timeout, and the API keeps serving.
func TestFaultEndpointFailures(t *testing.T) {
	t.Parallel()
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(hang.Close)
	for _, tc := range []struct {
		name, src string
		timeout   time.Duration
		status    int
		msg       string
	}{
		{"endless loop", `for (;;) {}`, 50 * time.Millisecond, 500, "timed out"},
		{"loop that swallows exceptions", `for (;;) { try { for (;;) {} } catch (e) {} finally { continue } }`, 50 * time.Millisecond, 500, "timed out"},
		{"endless recursion", `function r() { return r() } r()`, 5 * time.Second, 500, "maximum call stack depth"},
		{"hanging upstream", `TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: ` + strconv.Quote(hang.URL) + `}))`, 100 * time.Millisecond, 500, "timed out"},
		{"throw", `throw new Error("boom")`, 5 * time.Second, 500, "script error"},
		{"invalid status", `return TykJsResponse({Body: "", Code: 1000})`, 5 * time.Second, 500, "invalid response"},
		{"response over max_response_body", `return TykJsResponse({Body: "x".repeat(2048), Code: 200})`, 5 * time.Second, 500, "too large"},
	} {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fault := inline("GET", "/fault", "fault", `function fault() { `+tc.src+`; return TykJsResponse({Body: "survived", Code: 200}) }`)
			fault["timeout"] = tc.timeout.String()
			def := classicAPI(t, "ep", map[string]interface{}{
				"limits":    map[string]interface{}{"max_response_body": 1024},
				"pool":      map[string]interface{}{"max_runtimes": 1},
				"endpoints": []interface{}{fault, inline("GET", "/ok", "ok", `function ok() { return TykJsResponse({Body: "ok", Code: 200}) }`)}})
			h, _ := newTestHandler(t)
			start := time.Now()
			w := serve(t, h, def, "GET", "/ep/fault", "", nil)
			if elapsed := time.Since(start); elapsed > tc.timeout+faultSlack {
				t.Fatalf("answered after %v with a %v timeout", elapsed, tc.timeout)
			}
			assertJSONError(t, w, tc.status, tc.msg)
			if w := serve(t, h, def, "GET", "/ep/ok", "", nil); w.Code != http.StatusOK || w.Body.String() != "ok" {
				t.Fatalf("next request: %d %s", w.Code, w.Body.String())
			}
			if s := h.Registry().APIs()[0].Stats(); s.InUse != 0 || s.Live > 1 {
				t.Fatalf("pool after the fault: %+v", s)
			}
		})
	}
}

// TestFaultReloadWhileInFlight: with calls running on the old definition, a
// request carrying the changed definition is served at once by a new pool;
// the in-flight calls finish on the old pool with the old code; a request
// still carrying the old definition is sent to the new API; and the old
// pool is closed once drained.
func TestFaultReloadWhileInFlight(t *testing.T) {
	t.Parallel()
	const inFlight = 3
	slow := `function v() { var end = Date.now() + 300; while (Date.now() < end) {} return TykJsResponse({Body: "old", Code: 200}) }`
	v1 := classicAPI(t, "reload", map[string]interface{}{"pool": map[string]interface{}{"max_runtimes": inFlight},
		"endpoints": []interface{}{inline("GET", "/v", "v", slow)}})
	v2 := classicAPI(t, "reload", map[string]interface{}{"pool": map[string]interface{}{"max_runtimes": inFlight},
		"endpoints": []interface{}{inline("GET", "/v", "v", `function v() { return TykJsResponse({Body: "new", Code: 200}) }`)}})
	h, _ := newTestHandler(t)
	oldKey, newKey := new(int), new(int)
	get := func(key interface{}, def []byte) string {
		w := httptest.NewRecorder()
		h.Serve(w, httptest.NewRequest("GET", "/reload/v", nil), Source{Key: key, Load: func() ([]byte, error) { return def, nil }}, nil)
		return w.Body.String()
	}
	oldAPI, err := h.Registry().Get(Source{Key: oldKey, Load: func() ([]byte, error) { return v1, nil }})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]string, inFlight)
	for i := range results {
		wg.Add(1)
		go func(i int) { defer wg.Done(); results[i] = get(oldKey, v1) }(i)
	}
	// Calls counts calls that hold a runtime (InUse also counts runtimes the
	// prewarm filler is still creating).
	for deadline := time.Now().Add(5 * time.Second); oldAPI.Stats().Calls < inFlight; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("in-flight calls never started: %+v", oldAPI.Stats())
		}
	}
	start := time.Now()
	if got := get(newKey, v2); got != "new" {
		t.Fatalf("the new definition answered %q", got)
	}
	if elapsed := time.Since(start); elapsed > 200*time.Millisecond+faultSlack {
		t.Fatalf("the new definition waited %v for the old calls", elapsed)
	}
	newAPI := h.Registry().APIs()[0]
	if newAPI == oldAPI || newAPI.Stats().Created == 0 {
		t.Fatalf("no new pool: old %p new %p %+v", oldAPI, newAPI, newAPI.Stats())
	}
	wg.Wait()
	for i, r := range results {
		if r != "old" {
			t.Fatalf("in-flight request %d answered %q, want the old code's answer", i, r)
		}
	}
	if got := get(oldKey, v1); got != "new" {
		t.Fatalf("a late request with the old definition answered %q", got)
	}
	for deadline := time.Now().Add(5 * time.Second); oldAPI.Stats().Live != 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the old pool was not closed: %+v", oldAPI.Stats())
		}
	}
	if s := oldAPI.Stats(); s.InUse != 0 || s.Created != s.Destroyed || s.Calls != inFlight {
		t.Fatalf("old pool after the reload: %+v", s)
	}
	if n := len(h.Registry().APIs()); n != 1 {
		t.Fatalf("registry holds %d APIs, want 1", n)
	}
}
