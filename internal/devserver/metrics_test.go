package devserver

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
)

// TestMetricsEndpoint: after known requests, /__tyk-ve/metrics shows them,
// and the Prometheus parser reads the page.
func TestMetricsEndpoint(t *testing.T) {
	t.Parallel()
	ts := newExampleServer(t)
	for _, path := range []string{"/example/hello?name=a", "/example/hello?name=b", "/example/users/7", "/example/other"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
	}
	resp, err := http.Get(ts.URL + MetricsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("metrics: %d %s", resp.StatusCode, body)
	}
	var p expfmt.TextParser
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("the Prometheus parser rejects the page: %v", err)
	}
	calls := map[string]float64{}
	for _, m := range fams["tyk_ve_calls_total"].GetMetric() {
		fn := ""
		for _, l := range m.Label {
			if l.GetName() == "function" {
				fn = l.GetValue()
			}
		}
		calls[fn] = m.GetCounter().GetValue()
	}
	// The pass-through request hit no endpoint: not a call.
	if calls["hello"] != 2 || calls["getUser"] != 1 || calls["echoBody"] != 0 || len(calls) != 3 {
		t.Errorf("calls by function: %v, want hello 2, getUser 1, echoBody 0", calls)
	}
	if !strings.Contains(string(body), `tyk_ve_pool_runtimes{api_id="tyk-ve-example",state="live"}`) {
		t.Error("no pool figures for the example API")
	}
}
