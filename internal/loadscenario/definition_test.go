package loadscenario

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/plugin"
)

const defsDir = "../../testdata/loadscenario"

// TestRepresentativeScriptIsTheRepositorys: the scenario's representative
// endpoint is the benchmarks' script, byte for byte.
func TestRepresentativeScriptIsTheRepositorys(t *testing.T) {
	t.Parallel()
	ours, err := os.ReadFile(filepath.Join(defsDir, "representative.js"))
	if err != nil {
		t.Fatal(err)
	}
	bench, err := os.ReadFile("../../vm/testdata/representative.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ours, bench) {
		t.Fatal("testdata/loadscenario/representative.js differs from vm/testdata/representative.js; copy it again")
	}
}

// TestWriteDefinition: the written definition is valid for the plugin
// (without the pool rework's settings), points at the upstream and carries
// the timeouts of the options.
func TestWriteDefinition(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	o := DefaultOptions()
	o.DefsDir = defsDir
	o.SpinTimeout, o.AllocTimeout = 20*time.Millisecond, 300*time.Millisecond
	if err := writeDefinition(dir, "http://127.0.0.1:4567", o); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"representative.js", "slowio.js", "spin.js", "alloc.js"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("script not copied: %v", err)
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, definitionFile))
	if err != nil {
		t.Fatal(err)
	}
	def, err := plugin.ParseDefinition(raw)
	if err != nil {
		t.Fatal(err)
	}
	cfgRaw, err := def.RawConfig()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := plugin.ParseConfig(cfgRaw)
	if err != nil {
		t.Fatalf("the plugin rejects the scenario's tyk_ve: %v", err)
	}
	if len(cfg.Endpoints) != 4 {
		t.Fatalf("%d endpoints", len(cfg.Endpoints))
	}
	var probe struct {
		Proxy struct {
			TargetURL string `json:"target_url"`
		} `json:"proxy"`
		ConfigData struct {
			SlowUpstream string `json:"slow_upstream"`
			TykVE        struct {
				Endpoints []struct {
					Name          string `json:"response_function_name"`
					Timeout       string `json:"timeout"`
					MaxConcurrent *int   `json:"max_concurrent"`
				} `json:"endpoints"`
			} `json:"tyk_ve"`
		} `json:"config_data"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		t.Fatal(err)
	}
	if probe.Proxy.TargetURL != "http://127.0.0.1:4567" || probe.ConfigData.SlowUpstream != "http://127.0.0.1:4567" {
		t.Errorf("upstreams not set: %+v", probe)
	}
	timeouts := map[string]string{}
	for _, e := range probe.ConfigData.TykVE.Endpoints {
		timeouts[e.Name] = e.Timeout
		if e.MaxConcurrent != nil {
			t.Errorf("%s: max_concurrent written without the option", e.Name)
		}
	}
	if timeouts[Spin] != "20ms" || timeouts[Alloc] != "300ms" || timeouts[Representative] != "" {
		t.Errorf("timeouts %v", timeouts)
	}
}

func TestPatchDefinition(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join(defsDir, definitionFile))
	if err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	o.MaxConcurrent = 3
	out, err := patchDefinition(raw, "http://127.0.0.1:1", o)
	if err != nil {
		t.Fatal(err)
	}
	var def struct {
		ConfigData struct {
			TykVE struct {
				Endpoints []map[string]interface{} `json:"endpoints"`
			} `json:"tyk_ve"`
		} `json:"config_data"`
	}
	if err := json.Unmarshal(out, &def); err != nil {
		t.Fatal(err)
	}
	for _, e := range def.ConfigData.TykVE.Endpoints {
		_, has := e["max_concurrent"]
		if want := e["response_function_name"] != Representative; has != want || (has && e["max_concurrent"] != 3.0) {
			t.Errorf("%v: max_concurrent %v", e["response_function_name"], e["max_concurrent"])
		}
	}

	for _, tc := range []struct{ name, in string }{
		{"not JSON", `{`},
		{"no proxy", `{"config_data":{}}`},
		{"other listen path", `{"proxy":{"listen_path":"/x/"},"config_data":{"tyk_ve":{}}}`},
		{"no tyk_ve", `{"proxy":{"listen_path":"/load/"},"config_data":{}}`},
		{"an endpoint missing", `{"proxy":{"listen_path":"/load/"},"config_data":{"tyk_ve":{"endpoints":[{"response_function_name":"spin"}]}}}`},
	} {
		if _, err := patchDefinition([]byte(tc.in), "http://127.0.0.1:1", o); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}
