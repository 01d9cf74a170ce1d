package migrate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tyk-ve/tyk-ve/plugin"
)

// apiFile is one API definition of the apps folder.
type apiFile struct {
	file string
	raw  []byte // after substitution
	def  *plugin.Definition
	// endpoints are tyk_ve.endpoints, then the definition's own, as tyk-ve
	// matches them, with tyk-ve's labels.
	endpoints []endpoint
}

type endpoint struct {
	label string
	conf  plugin.EndpointConfig
}

// loadAPIs reads every *.json file of dir that is an API definition, with
// ${NAME} placeholders replaced. Files that are not definitions are
// returned as skipped, with the reason.
func loadAPIs(dir string, vars map[string]string) (apis []*apiFile, skipped []Skipped, err error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	sort.Strings(names)
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, fmt.Errorf("reading %s: %w", name, err)
		}
		raw = substitute(raw, vars)
		a, err := parseAPI(filepath.Base(name), raw)
		if err != nil {
			skipped = append(skipped, Skipped{File: filepath.Base(name), Reason: err.Error()})
			continue
		}
		apis = append(apis, a)
	}
	return apis, skipped, nil
}

func substitute(raw []byte, vars map[string]string) []byte {
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		raw = bytes.ReplaceAll(raw, []byte("${"+k+"}"), []byte(vars[k]))
	}
	return raw
}

func parseAPI(file string, raw []byte) (*apiFile, error) {
	def, err := plugin.ParseDefinition(raw)
	if err != nil {
		return nil, err
	}
	a := &apiFile{file: file, raw: raw, def: def}
	if rc, err := def.RawConfig(); err == nil && rc != nil {
		if cfg, err := plugin.ParseConfig(rc); err == nil {
			for i, e := range cfg.Endpoints {
				a.endpoints = append(a.endpoints, endpoint{fmt.Sprintf("%s.endpoints[%d]", plugin.ConfigKey, i), e})
			}
		}
	}
	for i, e := range def.DefinitionEndpoints {
		label := fmt.Sprintf("extended_paths.virtual[%d]", i)
		if def.IsOAS {
			label = fmt.Sprintf("virtualEndpoint[%d]", i)
		}
		a.endpoints = append(a.endpoints, endpoint{label, e})
	}
	return a, nil
}

// forTykVE returns the definition as tyk-ve should load it for the report:
// tyk_ve.serve_definition_endpoints on (so the definition's own endpoints
// are served) and the API on one runtime, so every call after the first
// meets the state an earlier call left (and results do not depend on which
// runtime a request lands on). OAS definitions without pluginConfig.data get
// it disabled, so the scripts' config object is unchanged.
func forTykVE(a *apiFile) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(a.raw))
	dec.UseNumber()
	var m map[string]interface{}
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", a.file, err)
	}
	var holder map[string]interface{}
	if a.def.IsOAS {
		pc := child(child(child(child(m, "x-tyk-api-gateway"), "middleware"), "global"), "pluginConfig")
		data, ok := pc["data"].(map[string]interface{})
		if !ok {
			data = map[string]interface{}{"enabled": false}
			pc["data"] = data
		}
		holder = child(data, "value")
	} else {
		holder = child(m, "config_data")
	}
	tv := child(holder, plugin.ConfigKey)
	tv["serve_definition_endpoints"] = true
	pool := child(tv, "pool")
	pool["max_runtimes"] = 1
	pool["prewarm"] = 1
	pool["endpoint_share"] = 1
	delete(pool, "max_memory")
	return json.Marshal(m)
}

// child returns m[key] as an object, creating it when missing or not an
// object.
func child(m map[string]interface{}, key string) map[string]interface{} {
	c, ok := m[key].(map[string]interface{})
	if !ok {
		c = map[string]interface{}{}
		m[key] = c
	}
	return c
}

// describe is the endpoint's method and path as a user wrote them.
func (e endpoint) describe() string {
	p := strings.TrimSuffix(strings.TrimPrefix(e.conf.Path, "^"), "$")
	return e.conf.Method + " " + p
}
