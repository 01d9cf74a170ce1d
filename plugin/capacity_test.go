package plugin

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/capacity"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// slowAndFastAPI has an endpoint that waits on upstream and one that
// answers at once.
func slowAndFastAPI(t *testing.T, id, upstream string, pool map[string]interface{}, slowMax int) []byte {
	slow := inline("GET", "/slow", "slow", fmt.Sprintf(`function slow(r) {
		var res = TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: %q, Resource: "/"}));
		return TykJsResponse({Body: JSON.parse(res).Body, Code: 200}, {});
	}`, upstream))
	if slowMax > 0 {
		slow["max_concurrent"] = slowMax
	}
	fast := inline("GET", "/fast", "fast", `function fast(r) { return TykJsResponse({Body: "fast", Code: 200}, {}) }`)
	cfg := map[string]interface{}{"endpoints": []interface{}{slow, fast}, "timeout": "20s"}
	if pool != nil {
		cfg["pool"] = pool
	}
	return classicAPI(t, id, cfg)
}

// startConcurrent runs n requests in goroutines and returns their results
// once all are done.
func startConcurrent(h *Handler, def []byte, target string, n int) func() []*httptest.ResponseRecorder {
	var wg sync.WaitGroup
	out := make([]*httptest.ResponseRecorder, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := httptest.NewRequest("GET", target, nil)
			out[i] = httptest.NewRecorder()
			h.Serve(out[i], r, Source{Key: string(def), Load: func() ([]byte, error) { return def, nil }}, nil)
		}(i)
	}
	return func() []*httptest.ResponseRecorder { wg.Wait(); return out }
}

// TestSlowUpstreamDoesNotBlockOtherEndpoints: with the default pool sizing,
// 8 calls waiting on a slow upstream run at once and the API's other
// endpoint keeps answering while they wait.
func TestSlowUpstreamDoesNotBlockOtherEndpoints(t *testing.T) {
	t.Parallel()
	up := testutil.NewGateUpstream(t)
	h, _ := newTestHandler(t)
	def := slowAndFastAPI(t, "mixed", up.URL, nil, 0)
	wait := startConcurrent(h, def, "/mixed/slow", 8)
	up.WaitArrived(t, 8)
	for i := 0; i < 20; i++ {
		if w := serve(t, h, def, "GET", "/mixed/fast", "", nil); w.Code != 200 || w.Body.String() != "fast" {
			t.Fatalf("fast endpoint while slow calls wait: %d %s", w.Code, w.Body.String())
		}
	}
	up.Open()
	for _, w := range wait() {
		if w.Code != 200 || !strings.Contains(w.Body.String(), "released") {
			t.Fatalf("slow call: %d %s", w.Code, w.Body.String())
		}
	}
}

// TestEndpointFairness: an endpoint over its limit (max_concurrent, or the
// default share of the API's runtimes) gets a quick 503 with Retry-After
// and the JSON error body, while the API's other endpoint keeps answering.
func TestEndpointFairness(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		pool    map[string]interface{}
		slowMax int
		limit   int
	}{
		{name: "max_concurrent", slowMax: 3, limit: 3},
		{name: "default share of 4 runtimes", pool: map[string]interface{}{"max_runtimes": 4}, limit: 2},
		{name: "endpoint_share", pool: map[string]interface{}{"max_runtimes": 10, "endpoint_share": 0.3}, limit: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			up := testutil.NewGateUpstream(t)
			h, hook := newTestHandler(t)
			def := slowAndFastAPI(t, "fair", up.URL, tc.pool, tc.slowMax)
			wait := startConcurrent(h, def, "/fair/slow", tc.limit)
			up.WaitArrived(t, int64(tc.limit))
			start := time.Now()
			w := serve(t, h, def, "GET", "/fair/slow", "", nil)
			assertJSONError(t, w, http.StatusServiceUnavailable, "too many concurrent calls")
			if w.Header().Get("Retry-After") != "1" {
				t.Errorf("Retry-After = %q, want 1", w.Header().Get("Retry-After"))
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("the refusal took %s: it must not queue", d)
			}
			if w := serve(t, h, def, "GET", "/fair/fast", "", nil); w.Code != 200 {
				t.Fatalf("the other endpoint: %d %s", w.Code, w.Body.String())
			}
			up.Open()
			for _, w := range wait() {
				if w.Code != 200 {
					t.Fatalf("call within the limit: %d %s", w.Code, w.Body.String())
				}
			}
			if w := serve(t, h, def, "GET", "/fair/slow", "", nil); w.Code != 200 {
				t.Fatalf("after the calls finished: %d %s", w.Code, w.Body.String())
			}
			if !strings.Contains(loggedErrors(hook), "endpoints[0]: endpoint at its limit") {
				t.Errorf("the refusal was not logged with the endpoint:\n%s", loggedErrors(hook))
			}
		})
	}
}

// TestPoolExhaustedFailsFast: when every runtime is busy the wait is bounded
// by acquire_timeout and answered 503 with Retry-After.
func TestPoolExhaustedFailsFast(t *testing.T) {
	t.Parallel()
	up := testutil.NewGateUpstream(t)
	h, _ := newTestHandler(t)
	def := slowAndFastAPI(t, "exhaust", up.URL,
		map[string]interface{}{"max_runtimes": 2, "acquire_timeout": "50ms", "endpoint_share": 1}, 0)
	wait := startConcurrent(h, def, "/exhaust/slow", 2)
	up.WaitArrived(t, 2)
	w := serve(t, h, def, "GET", "/exhaust/fast", "", nil)
	assertJSONError(t, w, http.StatusServiceUnavailable, "no runtime available")
	if w.Header().Get("Retry-After") != "1" {
		t.Errorf("Retry-After = %q, want 1", w.Header().Get("Retry-After"))
	}
	up.Open()
	wait()
}

func TestPoolConfigValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"bad size", `{"pool":{"max_memory":"lots"}}`, "invalid size"},
		{"budget below a runtime", `{"pool":{"max_memory":"100KiB"}}`, "tyk_ve.pool.max_memory: 100KiB is less than one runtime"},
		{"share above 1", `{"pool":{"endpoint_share":1.5}}`, "tyk_ve.pool.endpoint_share: must be above 0 and at most 1"},
		{"negative idle", `{"pool":{"idle_timeout":"-1s"}}`, "tyk_ve.pool.idle_timeout: must be > 0"},
		{"negative cpu_heavy_after", `{"pool":{"cpu_heavy_after":"-1s"}}`, "tyk_ve.pool.cpu_heavy_after: must be > 0"},
		{"negative max_concurrent", `{"endpoints":[{"path":"/x","method":"GET","response_function_name":"f","function_source_type":"inline","function_source":"function f(){}","max_concurrent":-1}]}`,
			"tyk_ve.endpoints[0].max_concurrent: must be >= 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseConfig([]byte(tc.raw))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ParseConfig(%s) = %v, want %q", tc.raw, err, tc.want)
			}
		})
	}
	cfg, err := ParseConfig([]byte(`{"pool":{"max_memory":"16MiB","runtime_memory":1048576,"idle_timeout":"10s"}}`))
	if err != nil || cfg.Pool.MaxMemory != 16<<20 || cfg.Pool.RuntimeMemory != 1<<20 {
		t.Fatalf("ParseConfig = %+v, %v", cfg, err)
	}
}

func TestNodeSettingsFromEnvironment(t *testing.T) {
	t.Parallel()
	env := map[string]string{EnvNodeMaxMemory: "2GiB", EnvHeapLimit: "70%"}
	s := SettingsFromGateway(GatewayConfig{}, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if s.NodeMaxMemory != 2<<30 || s.HeapLimit != "70%" || s.Validate() != nil {
		t.Fatalf("settings = %d %q, %v", s.NodeMaxMemory, s.HeapLimit, s.Validate())
	}
	env = map[string]string{EnvNodeMaxMemory: "plenty", EnvHeapLimit: "150%"}
	s = SettingsFromGateway(GatewayConfig{}, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	err := s.Validate()
	if err == nil || !strings.Contains(err.Error(), EnvNodeMaxMemory) || !strings.Contains(err.Error(), EnvHeapLimit) {
		t.Fatalf("Validate() = %v, want both variables named", err)
	}
	if _, err := NewHandler(s, nil); err == nil {
		t.Fatal("NewHandler accepted invalid node settings")
	}
}

// heapGuardChildEnv runs TestHeapGuardStopsRunawayScripts's scenario in a
// child process, where the heap is the scenario's alone.
const heapGuardChildEnv = "TYKVE_TEST_HEAP_GUARD_CHILD"

// TestHeapGuardStopsRunawayScripts: scripts that allocate until their
// deadline, on several concurrent calls, cannot push the heap past the
// guard's limit; they are answered 503 long before their deadline, new calls
// are refused while the heap is high, and the gateway serves again after.
func TestHeapGuardStopsRunawayScripts(t *testing.T) {
	if os.Getenv(heapGuardChildEnv) == "1" {
		heapGuardScenario(t)
		return
	}
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHeapGuardStopsRunawayScripts$", "-test.v")
	cmd.Env = append(os.Environ(), heapGuardChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestHeapGuardStopsRunawayScripts") {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	t.Logf("child:\n%s", out)
}

func heapBytes() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

func heapGuardScenario(t *testing.T) {
	const headroom = 128 << 20
	limit := heapBytes() + headroom
	logger, hook := testLogger()
	h, err := NewHandler(Settings{HeapLimit: strconv.FormatInt(limit, 10)}, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	def := classicAPI(t, "hungry", map[string]interface{}{"timeout": "60s", "endpoints": []interface{}{
		inline("GET", "/alloc", "alloc", `function alloc(r) {
			var keep = [];
			for (var i = 0; ; i++) { keep.push(new Array(256).fill(i)); }
		}`),
		inline("GET", "/ok", "ok", `function ok(r) { return TykJsResponse({Body: "ok", Code: 200}, {}) }`),
	}})
	if w := serve(t, h, def, "GET", "/hungry/ok", "", nil); w.Code != 200 {
		t.Fatalf("before: %d %s", w.Code, w.Body.String())
	}
	start := time.Now()
	results := startConcurrent(h, def, "/hungry/alloc", 4)()
	elapsed := time.Since(start)
	for _, w := range results {
		assertJSONError(t, w, http.StatusServiceUnavailable, "short of memory")
	}
	st := h.HeapGuardStats()
	t.Logf("limit %s, peak %s, stopped %d, refused %d, in %s", capacity.FormatSize(limit),
		capacity.FormatSize(st.Peak), st.Stopped, st.Refused, elapsed)
	if st.Stopped != 4 {
		t.Errorf("stopped %d calls, want 4", st.Stopped)
	}
	if slack := int64(32 << 20); st.Peak > limit+slack {
		t.Errorf("heap peaked at %s, past the limit %s by more than %s",
			capacity.FormatSize(st.Peak), capacity.FormatSize(limit), capacity.FormatSize(slack))
	}
	if elapsed > 30*time.Second {
		t.Errorf("the runaway calls took %s: the guard did not stop them", elapsed)
	}
	testutil.WaitUntil(t, "the guard to admit calls again", func() bool { return !h.HeapGuardStats().Overloaded })
	if w := serve(t, h, def, "GET", "/hungry/ok", "", nil); w.Code != 200 {
		t.Fatalf("after: %d %s", w.Code, w.Body.String())
	}
	// The runaway endpoint itself stays refused for a while (quarantine),
	// so that retrying it cannot overload the node again at once.
	assertJSONError(t, serve(t, h, def, "GET", "/hungry/alloc", "", nil), http.StatusServiceUnavailable, "short of memory")
	logged := 0
	for _, e := range hook.AllEntries() {
		if e.Message == "tyk-ve: heap guard: stopped a call to free memory" && e.Data["api_id"] == "hungry" && e.Data["function"] == "alloc" {
			logged++
		}
	}
	if logged != 4 {
		t.Errorf("%d stop lines name the API and function, want 4", logged)
	}
}
