package loadscenario

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

func TestBenchOptionsValidate(t *testing.T) {
	t.Parallel()
	o := DefaultBenchOptions()
	o.HostBin, o.PluginSO, o.StaticSO = "loadhost", "tyk-ve.so", "static.so"
	if err := o.Validate(); err != nil {
		t.Fatalf("valid options: %v", err)
	}
	err := BenchOptions{Rounds: 0, Warmup: -1, GatewayHeapMB: -1}.Validate()
	for _, f := range []string{"defs_dir:", "clients:", "round:", "rounds:", "warmup:", "gateway_heap_mb:", "request_timeout:",
		"host_bin: required", "plugin_so: required", "static_so: required"} {
		if err == nil || !strings.Contains(err.Error(), f) {
			t.Errorf("error does not name %s: %v", f, err)
		}
	}
	if _, err := Bench(context.Background(), BenchOptions{}, nil); err == nil {
		t.Error("Bench ran with invalid options")
	}
}

// rate is an EndpointStats of n 200s over one second.
func rate(n int) EndpointStats {
	return EndpointStats{Endpoint: Representative, Count: n, Window: time.Second, Statuses: map[int]int{200: n}, Errors: map[string]int{}}
}

func TestBenchReport(t *testing.T) {
	t.Parallel()
	r := &BenchReport{Options: DefaultBenchOptions(), Rounds: []BenchRound{
		{First: BenchTykVE, TykVE: rate(500), Static: rate(1000)},   // 50 %
		{First: BenchStatic, TykVE: rate(600), Static: rate(1000)},  // 60 %
		{First: BenchTykVE, TykVE: rate(900), Static: rate(1000)},   // 90 %
		{First: BenchStatic, TykVE: rate(1000), Static: rate(1000)}, // 100 %
	}, TykVE: rate(3000), Static: rate(4000)}
	if got := r.MedianRoundRatio(); got < 0.75-1e-9 || got > 0.75+1e-9 {
		t.Errorf("median of rounds %v, want 0.75", got)
	}
	r.Rounds = r.Rounds[:3]
	if got := r.MedianRoundRatio(); got != 0.6 {
		t.Errorf("median of 3 rounds %v, want 0.6", got)
	}
	if got := r.Ratio(); got != 0.75 {
		t.Errorf("ratio %v, want 0.75", got)
	}
	if !r.OK() {
		t.Error("OK() = false with only 200s")
	}
	var b bytes.Buffer
	r.Markdown(&b)
	for _, want := range []string{"| 2 | static plugin | 600 | 1000 | 60 % |", "**75 %**", "static / tyk-ve 1.33×", "| tyk-ve | 3000 | 3000 |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	r.TykVE.Statuses = map[int]int{200: 2999, 503: 1}
	b.Reset()
	r.Markdown(&b)
	if r.OK() || !strings.Contains(b.String(), "WARNING: tyk-ve did not answer only 200") {
		t.Errorf("a 503 went unnoticed:\n%s", b.String())
	}
}

func TestSummariseRounds(t *testing.T) {
	t.Parallel()
	t0 := time.Unix(0, 0)
	mk := func(last time.Duration, lat ...time.Duration) *sample {
		s := newSample()
		s.latencies, s.last, s.statuses[200] = lat, t0.Add(last), len(lat)
		return s
	}
	st := summariseRounds(Representative, []round{
		{t0, []*sample{mk(2*time.Second, time.Millisecond, 3*time.Millisecond), mk(time.Second, 2*time.Millisecond)}},
		{t0, []*sample{mk(time.Second, 4*time.Millisecond), mk(0)}},
	})
	if st.Count != 4 || st.Window != 3*time.Second || st.Clients != 2 || st.Statuses[200] != 4 || st.Max != 4*time.Millisecond {
		t.Fatalf("%+v", st)
	}
}

// TestStaticPluginAnswersTheSameBytes: the static plugin of the plugin load
// benchmark answers exactly what tyk-ve answers the representative request
// (the benchmark checks it again against the compiled plugin).
func TestStaticPluginAnswersTheSameBytes(t *testing.T) {
	t.Parallel()
	want, err := os.ReadFile("../../testdata/host/cmd/staticplugin/answer.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	o := DefaultOptions()
	o.DefsDir = defsDir
	if err := writeDefinition(dir, "http://127.0.0.1:9", o); err != nil {
		t.Fatal(err)
	}
	d, err := startDev(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	client := newClient(1, 10*time.Second)
	defer client.CloseIdleConnections()
	got, err := answer(context.Background(), client, d.base(), requests[Representative])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("tyk-ve answers\n%s\nthe static plugin\n%s", got, want)
	}
}
