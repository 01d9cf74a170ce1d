package plugin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
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

// TestHardeningHostileScriptsAnswer5xx: the two scripts of issue 11 that
// killed the process (an array nested in its second element, then
// flat(Infinity); 300,000 nested proxies, then a lookup) answer a JSON 500
// through the handler, in a child process whose Go stack is capped at
// 32 MiB (where they crashed an unguarded runtime), and the next request
// is served.
func TestHardeningHostileScriptsAnswer5xx(t *testing.T) {
	if os.Getenv("TYKVE_PLUGIN_HOSTILE_CHILD") == "1" {
		debug.SetMaxStack(32 << 20)
		hostileEndpointsChild(t)
		return
	}
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs a child process")
	}
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHardeningHostileScriptsAnswer5xx$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "TYKVE_PLUGIN_HOSTILE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "plugin-hostile: served") {
		lines := strings.SplitN(string(out), "\n", 30)
		t.Fatalf("the child process failed (%v):\n%s", err, strings.Join(lines[:len(lines)-1], "\n"))
	}
}

func hostileEndpointsChild(t *testing.T) {
	crashers := map[string]string{
		"flat":  `var o = []; for (var i = 0; i < 300000; i++) o = [[], o]; return TykJsResponse({Body: String(o.flat(Infinity).length), Code: 200})`,
		"proxy": `var p = {}; for (var i = 0; i < 300000; i++) p = new Proxy(p, {}); return TykJsResponse({Body: String(p.x), Code: 200})`,
	}
	var eps []interface{}
	for name, body := range crashers {
		eps = append(eps, inline("GET", "/"+name, name, "function "+name+"(request, session, config) { "+body+" }"))
	}
	eps = append(eps, inline("GET", "/ok", "ok", `function ok() { return TykJsResponse({Body: "ok", Code: 200}) }`))
	def := classicAPI(t, "hostile", map[string]interface{}{"timeout": "20s", "endpoints": eps})
	h, _ := newTestHandler(t)
	for name := range crashers {
		w := serve(t, h, def, "GET", "/hostile/"+name, "", nil)
		var body struct{ Error, ID string }
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code < 500 || body.Error == "" || body.ID == "" {
			t.Fatalf("%s answered %d %q, want a JSON 5xx", name, w.Code, w.Body.String())
		}
		fmt.Printf("plugin-hostile: %s answered %d %s\n", name, w.Code, w.Body.String())
		if w := serve(t, h, def, "GET", "/hostile/ok", "", nil); w.Code != 200 || w.Body.String() != "ok" {
			t.Fatalf("after %s: %d %s", name, w.Code, w.Body.String())
		}
	}
	fmt.Println("plugin-hostile: served")
}

// TestHardeningDeadlineExceptionIsATimeout: a deadline that surfaces as an
// exception the script does not catch — here JSON.stringify's RangeError,
// after a toJSON (TykGetKeyData, whose gateway call hangs) returned past the
// deadline — answers "virtual endpoint timed out", as any timeout does.
func TestHardeningDeadlineExceptionIsATimeout(t *testing.T) {
	t.Parallel()
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	src := `function s() {
		var a = [{toJSON: TykGetKeyData}];
		for (var i = 0; i < 5000; i++) a.push(i);
		return TykJsResponse({Body: JSON.stringify(a), Code: 200});
	}`
	def := classicAPI(t, "deadline", map[string]interface{}{
		"timeout":   "100ms",
		"key_api":   map[string]interface{}{"url": hang.URL, "secret": "s"},
		"endpoints": []interface{}{inline("GET", "/s", "s", src)},
	})
	h, hook := newTestHandler(t)
	w := serve(t, h, def, "GET", "/deadline/s", "", nil)
	if w.Code != 500 || !strings.Contains(w.Body.String(), "virtual endpoint timed out") {
		t.Fatalf("answered %d %s, want the timeout error; log: %s", w.Code, w.Body.String(), loggedErrors(hook))
	}
	for _, api := range h.Registry().APIs() {
		if s := api.Stats(); s.Timeouts != 1 {
			t.Fatalf("the pool counted %d timeouts, want 1: %+v", s.Timeouts, s)
		}
	}
}
