package loadscenario

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestScenarioSmoke runs the whole scenario on the dev server with short
// phases and checks what holds before and after the pool rework: every
// phase ran, each endpoint answered as it must (200s, the slow upstream's
// delay as a floor, timeout errors, JSON errors) and the report has every
// check. It does not require the thresholds to pass.
func TestScenarioSmoke(t *testing.T) {
	o := DefaultOptions()
	o.DefsDir = defsDir
	o.Phase, o.Rounds, o.Warmup = 200*time.Millisecond, 2, 50*time.Millisecond
	o.RepClients, o.SlowClients, o.SpinClients, o.AllocClients = 2, 2, 1, 1
	o.SlowDelay, o.SpinTimeout, o.AllocTimeout = 100*time.Millisecond, 20*time.Millisecond, 50*time.Millisecond
	o.RequestTimeout = 10 * time.Second
	var progress bytes.Buffer
	rep, err := Run(context.Background(), o, &progress)
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	rep.Markdown(&md)
	t.Logf("progress:\n%s\nreport:\n%s", progress.String(), md.String())
	if len(rep.Targets) != 1 || rep.Targets[0].Name != TargetDev || rep.Targets[0].Err != "" {
		t.Fatalf("targets: %+v", rep.Targets)
	}
	tr := rep.Targets[0]
	var names []string
	for _, p := range tr.Phases {
		names = append(names, p.Name)
		r, ok := p.Endpoint(Representative)
		if !ok || r.Count == 0 || r.Statuses[http.StatusOK] == 0 || r.Window < 2*o.Phase {
			t.Errorf("phase %s: representative %+v", p.Name, r)
		}
		if p.HeapPeak == 0 || p.RSSPeak == 0 {
			t.Errorf("phase %s: heap peak %d, RSS peak %d", p.Name, p.HeapPeak, p.RSSPeak)
		}
	}
	if got := strings.Join(names, ","); got != "alone,slowio,spin,alloc" {
		t.Fatalf("phases %s", got)
	}
	alone, _ := tr.Phase("alone")
	if r, _ := alone.Endpoint(Representative); !r.Only(http.StatusOK, "") {
		t.Errorf("representative alone: %s", statuses(r))
	}
	slow, _ := tr.Phase("slowio")
	if s, _ := slow.Endpoint(SlowIO); !s.Only(http.StatusOK, "") || s.Clients != 2 || s.P50 < o.SlowDelay {
		t.Errorf("slowio: %s, p50 %s", statuses(s), s.P50)
	}
	spin, _ := tr.Phase("spin")
	if s, _ := spin.Endpoint(Spin); !s.Only(http.StatusInternalServerError, TimeoutMessage) || s.P50 < o.SpinTimeout {
		t.Errorf("spin: %s, p50 %s", statuses(s), s.P50)
	}
	alloc, _ := tr.Phase("alloc")
	if a, _ := alloc.Endpoint(Alloc); !jsonErrorsOnly(a) {
		t.Errorf("alloc: %s", statuses(a))
	}
	checks := rep.Checks()
	if len(checks) != 11 {
		t.Errorf("%d checks, want 11", len(checks))
	}
	for _, want := range []string{"### dev server", "| phase | endpoint | clients |", "| target | check | want | got | result |",
		"representative with /slowio keeps its throughput", "/spin answered with the timeout error"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if n := strings.Count(md.String(), "| PASS |") + strings.Count(md.String(), "| FAIL |"); n != len(checks) {
		t.Errorf("%d PASS/FAIL lines for %d checks", n, len(checks))
	}
}

// TestRunRejectsInvalidOptions: options are validated before anything
// starts.
func TestRunRejectsInvalidOptions(t *testing.T) {
	t.Parallel()
	if _, err := Run(context.Background(), Options{}, nil); err == nil || !strings.Contains(err.Error(), "phase:") {
		t.Fatalf("err = %v", err)
	}
}
