package loadscenario

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Endpoint names: the response_function_name of each endpoint in api.json,
// which is also its path under the listen path.
const (
	Representative = "representative"
	SlowIO         = "slowio"
	Spin           = "spin"
	Alloc          = "alloc"
)

// definitionFile is the API definition in DefsDir.
const definitionFile = "api.json"

// listenPath is api.json's listen path.
const listenPath = "/load/"

// writeDefinition copies DefsDir's api.json and scripts into dir, pointing
// the copy's upstreams at upstream and applying the endpoint overrides of
// opts. Both targets load the result.
func writeDefinition(dir, upstream string, opts Options) error {
	raw, err := os.ReadFile(filepath.Join(opts.DefsDir, definitionFile))
	if err != nil {
		return fmt.Errorf("reading the scenario API: %w", err)
	}
	out, err := patchDefinition(raw, upstream, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(opts.DefsDir, definitionFile), err)
	}
	if err := os.WriteFile(filepath.Join(dir, definitionFile), out, 0o600); err != nil {
		return fmt.Errorf("writing the scenario API: %w", err)
	}
	scripts, err := filepath.Glob(filepath.Join(opts.DefsDir, "*.js"))
	if err != nil {
		return fmt.Errorf("listing scenario scripts: %w", err)
	}
	for _, s := range scripts {
		b, err := os.ReadFile(s)
		if err != nil {
			return fmt.Errorf("reading scenario script: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(s)), b, 0o600); err != nil {
			return fmt.Errorf("writing scenario script: %w", err)
		}
	}
	return nil
}

// patchDefinition returns the definition with target_url and
// config_data.slow_upstream set to upstream, the spin and alloc timeouts of
// opts, and max_concurrent on the misbehaving endpoints when opts sets it.
func patchDefinition(raw []byte, upstream string, opts Options) ([]byte, error) {
	var def map[string]interface{}
	if err := json.Unmarshal(raw, &def); err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	proxy, ok := def["proxy"].(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("proxy: missing")
	}
	proxy["target_url"] = upstream
	if lp, _ := proxy["listen_path"].(string); lp != listenPath {
		return nil, fmt.Errorf("proxy.listen_path: %q, want %q", lp, listenPath)
	}
	cd, ok := def["config_data"].(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("config_data: missing")
	}
	cd["slow_upstream"] = upstream
	ve, ok := cd["tyk_ve"].(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("config_data.tyk_ve: missing")
	}
	eps, _ := ve["endpoints"].([]interface{})
	seen := map[string]bool{}
	for i, e := range eps {
		ep, ok := e.(map[string]interface{})
		if !ok {
			return nil, fmt.Errorf("config_data.tyk_ve.endpoints[%d]: not an object", i)
		}
		name, _ := ep["response_function_name"].(string)
		seen[name] = true
		switch name {
		case Spin:
			ep["timeout"] = opts.SpinTimeout.String()
		case Alloc:
			ep["timeout"] = opts.AllocTimeout.String()
		}
		if opts.MaxConcurrent > 0 && name != Representative {
			ep["max_concurrent"] = opts.MaxConcurrent
		}
	}
	var missing []string
	for _, n := range []string{Representative, SlowIO, Spin, Alloc} {
		if !seen[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("config_data.tyk_ve.endpoints: no endpoint for %s", strings.Join(missing, ", "))
	}
	return json.MarshalIndent(def, "", "  ")
}
