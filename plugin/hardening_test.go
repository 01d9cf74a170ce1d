package plugin

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// panickySession panics when the core asks for the session.
type panickySession struct{}

func (panickySession) JSON() ([]byte, error)            { panic("session store exploded") }
func (panickySession) MetaData() map[string]interface{} { return nil }
func (panickySession) SetMetaData(map[string]interface{}) {
}

func TestHardeningPanicIsContained(t *testing.T) {
	t.Parallel()
	ep := inline("GET", "/s", "s", `function s(r, sess) { return TykJsResponse({Body: "ok", Code: 200}, sess.meta_data) }`)
	ep["use_session"] = true
	def := classicAPI(t, "panicky", map[string]interface{}{"endpoints": []interface{}{ep}})
	h, hook := newTestHandler(t)
	w := serve(t, h, def, "GET", "/panicky/s", "", panickySession{})
	if w.Code != 500 || !strings.Contains(w.Body.String(), `"id":"`) {
		t.Fatalf("panic answered %d %s", w.Code, w.Body.String())
	}
	logged := false
	for _, e := range hook.AllEntries() {
		if strings.Contains(e.Message, "panic") && e.Data["id"] != nil {
			logged = true
		}
	}
	if !logged {
		t.Fatal("the panic was not logged with a request id")
	}
	if w := serve(t, h, def, "GET", "/panicky/s", "", &fakeSession{json: []byte(`{"meta_data":{}}`)}); w.Code != 200 {
		t.Fatalf("next request: %d %s", w.Code, w.Body.String())
	}
}

// TestHardeningReloadWhileInFlight: calls running on the old definition
// finish on the old pool with the old code; requests with the new definition
// use the new one; the old pool is closed once drained. The old calls wait on
// an upstream the test holds, so they are certainly in flight during the
// reload.
func TestHardeningReloadWhileInFlight(t *testing.T) {
	t.Parallel()
	const inFlight = 3
	up := testutil.NewGateUpstream(t)
	slow := `function v() { TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: ` + strconv.Quote(up.URL) + `})); return TykJsResponse({Body: "old", Code: 200}) }`
	v1 := classicAPI(t, "inflight", map[string]interface{}{"pool": map[string]interface{}{"max_runtimes": inFlight},
		"endpoints": []interface{}{inline("GET", "/v", "v", slow)}})
	v2 := classicAPI(t, "inflight", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/v", "v", `function v() { return TykJsResponse({Body: "new", Code: 200}) }`)}})
	h, _ := newTestHandler(t)
	oldKey, newKey := new(int), new(int)
	get := func(key interface{}, def []byte) string {
		w := httptest.NewRecorder()
		h.Serve(w, httptest.NewRequest("GET", "/inflight/v", nil), Source{Key: key, Load: func() ([]byte, error) { return def, nil }}, nil)
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
	up.WaitArrived(t, inFlight)
	if got := get(newKey, v2); got != "new" {
		t.Fatalf("new definition answered %q", got)
	}
	up.Open()
	wg.Wait()
	for i, r := range results {
		if r != "old" {
			t.Fatalf("in-flight request %d answered %q, want the old code's answer", i, r)
		}
	}
	testutil.WaitFor(t, func() bool { return oldAPI.Stats().Live == 0 }, func() string { return fmt.Sprintf("old pool not closed: %+v", oldAPI.Stats()) })
}

func TestHardeningPoolExhaustedAnswers503(t *testing.T) {
	t.Parallel()
	up := testutil.NewGateUpstream(t)
	slow := inline("GET", "/slow", "slow", `function slow() { TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: `+strconv.Quote(up.URL)+`})); return TykJsResponse({Body: "done", Code: 200}) }`)
	def := classicAPI(t, "busy", map[string]interface{}{"pool": map[string]interface{}{"max_runtimes": 1, "acquire_timeout": "50ms"},
		"endpoints": []interface{}{slow}})
	h, _ := newTestHandler(t)
	done := make(chan int)
	go func() { done <- serve(t, h, def, "GET", "/busy/slow", "", nil).Code }()
	up.WaitArrived(t, 1) // the only runtime is held
	start := time.Now()
	w := serve(t, h, def, "GET", "/busy/slow", "", nil)
	if w.Code != 503 || time.Since(start) > time.Second {
		t.Fatalf("exhausted pool answered %d after %v: %s", w.Code, time.Since(start), w.Body.String())
	}
	up.Open()
	if code := <-done; code != 200 {
		t.Fatalf("the running call answered %d", code)
	}
	if w := serve(t, h, def, "GET", "/busy/slow", "", nil); w.Code != 200 {
		t.Fatalf("after the burst: %d", w.Code)
	}
}
