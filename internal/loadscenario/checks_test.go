package loadscenario

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"
)

// ep builds an endpoint's stats: count responses of one status over window.
func ep(name string, clients, count, status int, msg string, window, mean time.Duration) EndpointStats {
	e := EndpointStats{Endpoint: name, Clients: clients, Count: count, Window: window, Mean: mean, P50: mean, P99: mean,
		Statuses: map[int]int{status: count}, Errors: map[string]int{}}
	if status >= 300 {
		e.Errors[msg] = count
	}
	return e
}

// target builds a target whose representative endpoint does alone req/s
// alone and the given rates in the loaded phases.
func syntheticTarget(alone, withSlow, withSpin float64, slow EndpointStats, spin, alloc EndpointStats) TargetResult {
	rep := func(rate float64) EndpointStats {
		return ep(Representative, 16, int(rate*10), http.StatusOK, "", 10*time.Second, time.Millisecond)
	}
	return TargetResult{Name: "synthetic", Phases: []PhaseResult{
		{Name: "alone", Endpoints: []EndpointStats{rep(alone)}},
		{Name: "slowio", Endpoints: []EndpointStats{rep(withSlow), slow}},
		{Name: "spin", Endpoints: []EndpointStats{rep(withSpin), spin}},
		{Name: "alloc", Endpoints: []EndpointStats{rep(alone / 2), alloc}, HeapPeak: 300 << 20},
	}}
}

func TestChecks(t *testing.T) {
	t.Parallel()
	opts := DefaultOptions()
	goodSlow := ep(SlowIO, 8, 80, http.StatusOK, "", 10050*time.Millisecond, 1005*time.Millisecond)
	goodSpin := ep(Spin, 4, 300, http.StatusInternalServerError, TimeoutMessage, 10*time.Second, 110*time.Millisecond)
	goodAlloc := ep(Alloc, 2, 30, http.StatusServiceUnavailable, "node over its heap limit", 10*time.Second, 500*time.Millisecond)
	tests := []struct {
		name      string
		target    TargetResult
		heapLimit string
		fail      []string // names of the checks that must fail; all others pass
	}{
		{"all good", syntheticTarget(6000, 4800, 3000, goodSlow, goodSpin, goodAlloc), "", nil},
		{"just at the thresholds", syntheticTarget(1000, 800, 500,
			ep(SlowIO, 8, 72, http.StatusOK, "", 10*time.Second, 1200*time.Millisecond), goodSpin, goodAlloc), "", nil},
		{"just under the ratios", syntheticTarget(1000, 799, 499, goodSlow, goodSpin, goodAlloc), "", []string{
			"representative with /slowio keeps its throughput", "representative with /spin keeps its throughput"}},
		{"today's pool", syntheticTarget(6891, 15.9, 177.8,
			ep(SlowIO, 8, 40, http.StatusOK, "", 10*time.Second, 1990*time.Millisecond), goodSpin, goodAlloc), "", []string{
			"representative with /slowio keeps its throughput", "/slowio serves its clients in parallel",
			"/slowio latency ≈ the upstream's", "representative with /spin keeps its throughput"}},
		{"slow endpoint errors", syntheticTarget(1000, 900, 900,
			ep(SlowIO, 8, 80, http.StatusServiceUnavailable, "busy", 10*time.Second, time.Second), goodSpin, goodAlloc), "",
			[]string{"/slowio answers 200"}},
		{"spinners answered by something else", syntheticTarget(1000, 900, 900, goodSlow,
			ep(Spin, 4, 300, http.StatusInternalServerError, "virtual endpoint script error", 10*time.Second, 110*time.Millisecond), goodAlloc), "",
			[]string{"/spin answered with the timeout error"}},
		{"allocator answered 200", syntheticTarget(1000, 900, 900, goodSlow, goodSpin,
			ep(Alloc, 2, 30, http.StatusOK, "", 10*time.Second, 500*time.Millisecond)), "",
			[]string{"/alloc answered with JSON errors"}},
		{"heap under the limit", syntheticTarget(1000, 900, 900, goodSlow, goodSpin, goodAlloc), "300MiB", nil},
		{"heap over the limit", syntheticTarget(1000, 900, 900, goodSlow, goodSpin, goodAlloc), "256MiB",
			[]string{"Go heap stays under the heap limit"}},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := opts
			o.HeapLimit = tc.heapLimit
			r := &Report{Options: o, Targets: []TargetResult{tc.target}}
			checks := r.Checks()
			want := 11
			if tc.heapLimit != "" {
				want++
			}
			if len(checks) != want {
				t.Fatalf("%d checks, want %d: %+v", len(checks), want, checks)
			}
			mustFail := map[string]bool{}
			for _, n := range tc.fail {
				mustFail[n] = true
			}
			for _, c := range checks {
				if c.Pass == mustFail[c.Name] {
					t.Errorf("check %q: pass %v (want %q, got %q)", c.Name, c.Pass, c.Want, c.Got)
				}
				delete(mustFail, c.Name)
			}
			for n := range mustFail {
				t.Errorf("no check named %q", n)
			}
			if r.Failed() != (len(tc.fail) > 0) {
				t.Errorf("Failed() = %v", r.Failed())
			}
		})
	}
}

func TestChecksTargetNotRun(t *testing.T) {
	t.Parallel()
	r := &Report{Options: DefaultOptions(), Targets: []TargetResult{{Name: TargetPlugin, Err: "test host exited"}}}
	checks := r.Checks()
	if len(checks) != 1 || checks[0].Pass || checks[0].Got != "test host exited" || !r.Failed() {
		t.Fatalf("checks = %+v", checks)
	}
	var b bytes.Buffer
	r.Markdown(&b)
	if !strings.Contains(b.String(), "not run: test host exited") || !strings.Contains(b.String(), "| FAIL |") {
		t.Fatalf("report:\n%s", b.String())
	}
}

func TestRepRatio(t *testing.T) {
	t.Parallel()
	tr := syntheticTarget(2000, 500, 1500, EndpointStats{}, EndpointStats{}, EndpointStats{})
	for phase, want := range map[string]float64{"alone": 1, "slowio": 0.25, "spin": 0.75, "alloc": 0.5, "missing": 0} {
		if got := tr.RepRatio(phase); got < want-1e-9 || got > want+1e-9 {
			t.Errorf("RepRatio(%q) = %v, want %v", phase, got, want)
		}
	}
}
