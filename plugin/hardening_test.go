package plugin

import (
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
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
// finish on the old pool; requests with the new definition use the new one;
// the old pool is closed once drained.
func TestHardeningReloadWhileInFlight(t *testing.T) {
	t.Parallel()
	slow := `function v() { var end = Date.now() + 150; while (Date.now() < end) {} return TykJsResponse({Body: "old", Code: 200}) }`
	v1 := classicAPI(t, "inflight", map[string]interface{}{"endpoints": []interface{}{inline("GET", "/v", "v", slow)}})
	v2 := classicAPI(t, "inflight", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/v", "v", `function v() { return TykJsResponse({Body: "new", Code: 200}) }`)}})
	h, _ := newTestHandler(t)
	oldKey, newKey := new(int), new(int)
	get := func(key interface{}, def []byte) string {
		w := httptest.NewRecorder()
		h.Serve(w, httptest.NewRequest("GET", "/inflight/v", nil), Source{Key: key, Load: func() ([]byte, error) { return def, nil }}, nil)
		return w.Body.String()
	}
	get(oldKey, v1) // load v1
	oldAPI := h.Registry().APIs()[0]
	var wg sync.WaitGroup
	results := make([]string, 3)
	for i := range results {
		wg.Add(1)
		go func(i int) { defer wg.Done(); results[i] = get(oldKey, v1) }(i)
	}
	time.Sleep(30 * time.Millisecond)
	if got := get(newKey, v2); got != "new" {
		t.Fatalf("new definition answered %q", got)
	}
	wg.Wait()
	for i, r := range results {
		if r != "old" && r != "new" {
			t.Fatalf("in-flight request %d answered %q", i, r)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for oldAPI.Stats().Live != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("old pool not closed: %+v", oldAPI.Stats())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestHardeningPoolExhaustedAnswers503(t *testing.T) {
	t.Parallel()
	slow := inline("GET", "/slow", "slow", `function slow() { var end = Date.now() + 300; while (Date.now() < end) {} return TykJsResponse({Body: "done", Code: 200}) }`)
	def := classicAPI(t, "busy", map[string]interface{}{"pool": map[string]interface{}{"max_runtimes": 1, "acquire_timeout": "50ms"},
		"endpoints": []interface{}{slow}})
	h, _ := newTestHandler(t)
	done := make(chan int)
	go func() { done <- serve(t, h, def, "GET", "/busy/slow", "", nil).Code }()
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	w := serve(t, h, def, "GET", "/busy/slow", "", nil)
	if w.Code != 503 || time.Since(start) > time.Second {
		t.Fatalf("exhausted pool answered %d after %v: %s", w.Code, time.Since(start), w.Body.String())
	}
	if code := <-done; code != 200 {
		t.Fatalf("the running call answered %d", code)
	}
	if w := serve(t, h, def, "GET", "/busy/slow", "", nil); w.Code != 200 {
		t.Fatalf("after the burst: %d", w.Code)
	}
}
