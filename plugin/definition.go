package plugin

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Definition is what tyk-ve needs from a Tyk API definition, Classic or OAS,
// read from its JSON form (what the gateway's app_path holds and what the
// gateway's own types marshal to).
type Definition struct {
	APIID, OrgID, Name string
	IsOAS              bool
	ListenPath         string
	StripListenPath    bool
	TargetURL          string
	// ConfigData is config_data (Classic) or pluginConfig.data.value (OAS).
	ConfigData map[string]interface{}
	// ConfigDataDisabled is config_data_disabled, or an OAS API without
	// pluginConfig.data / with data.enabled false.
	ConfigDataDisabled bool
	// DefinitionEndpoints are the API's own virtual endpoints
	// (extended_paths.virtual or OAS virtualEndpoint operations).
	DefinitionEndpoints []EndpointConfig
	// HookPaths are the paths of the API's goplugin hooks (custom_middleware
	// or OAS global plugins); with a bundle the gateway rewrites them into
	// the bundle directory.
	HookPaths []string
	// Bundle is custom_middleware_bundle (empty when disabled).
	Bundle string
	// TLS is the API's upstream transport settings, used for outbound calls.
	TLS TransportTLS
	// Digest hashes every field above: two definitions with the same
	// digest behave the same under tyk-ve.
	Digest [32]byte `json:"-"`
}

// TransportTLS is the part of proxy.transport that outbound calls honour.
type TransportTLS struct {
	InsecureSkipVerify bool
	MaxVersion         uint16
	ProxyURL           string
}

// ParseDefinition reads a Classic or OAS API definition.
func ParseDefinition(raw []byte) (*Definition, error) {
	var probe struct {
		OpenAPI string          `json:"openapi"`
		Tyk     json.RawMessage `json:"x-tyk-api-gateway"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, fmt.Errorf("api definition: %w", err)
	}
	var (
		def *Definition
		err error
	)
	if probe.OpenAPI != "" || len(probe.Tyk) > 0 {
		def, err = parseOAS(raw)
	} else {
		def, err = parseClassic(raw)
	}
	if err != nil {
		return nil, err
	}
	canonical, err := json.Marshal(def)
	if err != nil {
		return nil, fmt.Errorf("api definition: %w", err)
	}
	def.Digest = sha256.Sum256(canonical)
	return def, nil
}

// RawConfig returns the tyk_ve value from the config data, or nil.
func (d *Definition) RawConfig() (json.RawMessage, error) {
	v, ok := d.ConfigData[ConfigKey]
	if !ok || d.ConfigData == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ConfigKey, err)
	}
	return b, nil
}

type classicDefinition struct {
	APIID              string                 `json:"api_id"`
	OrgID              string                 `json:"org_id"`
	Name               string                 `json:"name"`
	ConfigData         map[string]interface{} `json:"config_data"`
	ConfigDataDisabled bool                   `json:"config_data_disabled"`
	Bundle             string                 `json:"custom_middleware_bundle"`
	BundleDisabled     bool                   `json:"custom_middleware_bundle_disabled"`
	Proxy              struct {
		ListenPath      string `json:"listen_path"`
		TargetURL       string `json:"target_url"`
		StripListenPath bool   `json:"strip_listen_path"`
		Transport       struct {
			InsecureSkipVerify bool   `json:"ssl_insecure_skip_verify"`
			MaxVersion         uint16 `json:"ssl_max_version"`
			ProxyURL           string `json:"proxy_url"`
		} `json:"transport"`
	} `json:"proxy"`
	VersionData struct {
		DefaultVersion string `json:"default_version"`
		Versions       map[string]struct {
			ExtendedPaths struct {
				Virtual []EndpointConfig `json:"virtual"`
			} `json:"extended_paths"`
		} `json:"versions"`
	} `json:"version_data"`
	CustomMiddleware struct {
		Driver string `json:"driver"`
		Post   []struct {
			Disabled bool   `json:"disabled"`
			Name     string `json:"name"`
			Path     string `json:"path"`
		} `json:"post"`
	} `json:"custom_middleware"`
}

func parseClassic(raw []byte) (*Definition, error) {
	var c classicDefinition
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("classic api definition: %w", err)
	}
	d := &Definition{
		APIID: c.APIID, OrgID: c.OrgID, Name: c.Name,
		ListenPath: c.Proxy.ListenPath, TargetURL: c.Proxy.TargetURL, StripListenPath: c.Proxy.StripListenPath,
		ConfigData: c.ConfigData, ConfigDataDisabled: c.ConfigDataDisabled,
		TLS: TransportTLS{InsecureSkipVerify: c.Proxy.Transport.InsecureSkipVerify,
			MaxVersion: c.Proxy.Transport.MaxVersion, ProxyURL: c.Proxy.Transport.ProxyURL},
	}
	if !c.BundleDisabled {
		d.Bundle = c.Bundle
	}
	for _, h := range c.CustomMiddleware.Post {
		if !h.Disabled && h.Path != "" {
			d.HookPaths = append(d.HookPaths, h.Path)
		}
	}
	// The default version first, then the others by name, so matching
	// order is stable.
	names := make([]string, 0, len(c.VersionData.Versions))
	for name := range c.VersionData.Versions {
		if name != c.VersionData.DefaultVersion {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if _, ok := c.VersionData.Versions[c.VersionData.DefaultVersion]; ok {
		names = append([]string{c.VersionData.DefaultVersion}, names...)
	}
	for _, name := range names {
		for _, ve := range c.VersionData.Versions[name].ExtendedPaths.Virtual {
			if ve.FunctionSourceType == "" {
				ve.FunctionSourceType = SourceFile
			}
			d.DefinitionEndpoints = append(d.DefinitionEndpoints, ve)
		}
	}
	if d.APIID == "" {
		return nil, errors.New("classic api definition: api_id: required")
	}
	return d, nil
}

type oasDefinition struct {
	Paths map[string]map[string]json.RawMessage `json:"paths"`
	Tyk   struct {
		Info struct {
			ID    string `json:"id"`
			OrgID string `json:"orgId"`
			Name  string `json:"name"`
		} `json:"info"`
		Upstream struct {
			URL string `json:"url"`
		} `json:"upstream"`
		Server struct {
			ListenPath struct {
				Value string `json:"value"`
				Strip bool   `json:"strip"`
			} `json:"listenPath"`
		} `json:"server"`
		Middleware struct {
			Global struct {
				PluginConfig struct {
					Bundle *struct {
						Enabled bool   `json:"enabled"`
						Path    string `json:"path"`
					} `json:"bundle"`
					Data *struct {
						Enabled bool                   `json:"enabled"`
						Value   map[string]interface{} `json:"value"`
					} `json:"data"`
				} `json:"pluginConfig"`
				PostPlugins []struct {
					Enabled bool   `json:"enabled"`
					Path    string `json:"path"`
				} `json:"postPlugins"`
			} `json:"global"`
			Operations map[string]struct {
				VirtualEndpoint *oasVirtualEndpoint `json:"virtualEndpoint"`
			} `json:"operations"`
		} `json:"middleware"`
	} `json:"x-tyk-api-gateway"`
}

type oasVirtualEndpoint struct {
	Enabled        bool   `json:"enabled"`
	Name           string `json:"name"`
	FunctionName   string `json:"functionName"`
	Body           string `json:"body"`
	Path           string `json:"path"`
	ProxyOnError   bool   `json:"proxyOnError"`
	RequireSession bool   `json:"requireSession"`
}

func parseOAS(raw []byte) (*Definition, error) {
	var o oasDefinition
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, fmt.Errorf("oas api definition: %w", err)
	}
	t := o.Tyk
	d := &Definition{
		APIID: t.Info.ID, OrgID: t.Info.OrgID, Name: t.Info.Name, IsOAS: true,
		ListenPath: t.Server.ListenPath.Value, StripListenPath: t.Server.ListenPath.Strip, TargetURL: t.Upstream.URL,
		ConfigDataDisabled: true,
	}
	if data := t.Middleware.Global.PluginConfig.Data; data != nil {
		d.ConfigData, d.ConfigDataDisabled = data.Value, !data.Enabled
	}
	if b := t.Middleware.Global.PluginConfig.Bundle; b != nil && b.Enabled {
		d.Bundle = b.Path
	}
	for _, h := range t.Middleware.Global.PostPlugins {
		if h.Enabled && h.Path != "" {
			d.HookPaths = append(d.HookPaths, h.Path)
		}
	}
	d.DefinitionEndpoints = oasEndpoints(o)
	if d.APIID == "" {
		return nil, errors.New("oas api definition: x-tyk-api-gateway.info.id: required")
	}
	return d, nil
}

// oasEndpoints resolves each operation's virtualEndpoint to a path and
// method through the OpenAPI paths. Paths with fewer {parameters} come first,
// so a static path wins over a templated one, as in Tyk's OAS router; each
// pattern is anchored because OAS paths are exact templates.
func oasEndpoints(o oasDefinition) []EndpointConfig {
	type op struct{ path, method, id string }
	var ops []op
	for path, item := range o.Paths {
		for method, raw := range item {
			var meta struct {
				OperationID string `json:"operationId"`
			}
			if json.Unmarshal(raw, &meta) == nil && meta.OperationID != "" {
				ops = append(ops, op{path, strings.ToUpper(method), meta.OperationID})
			}
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		pi, pj := strings.Count(ops[i].path, "{"), strings.Count(ops[j].path, "{")
		if pi != pj {
			return pi < pj
		}
		if ops[i].path != ops[j].path {
			return ops[i].path < ops[j].path
		}
		return ops[i].method < ops[j].method
	})
	var out []EndpointConfig
	for _, op := range ops {
		ve := o.Tyk.Middleware.Operations[op.id].VirtualEndpoint
		if ve == nil {
			continue
		}
		out = append(out, ve.endpoint(op.path, op.method))
	}
	return out
}

func (ve *oasVirtualEndpoint) endpoint(path, method string) EndpointConfig {
	fn := ve.FunctionName
	if fn == "" {
		fn = ve.Name
	}
	e := EndpointConfig{
		Path: "^" + path + "$", Method: method, ResponseFunctionName: fn,
		UseSession: ve.RequireSession, ProxyOnError: ve.ProxyOnError, Disabled: !ve.Enabled,
		FunctionSourceType: SourceFile, FunctionSourceURI: ve.Path,
	}
	if ve.Body != "" {
		e.FunctionSourceType, e.FunctionSourceURI = SourceBlob, ve.Body
	}
	return e
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
