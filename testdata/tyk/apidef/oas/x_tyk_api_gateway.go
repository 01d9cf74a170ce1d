package oas

import (
	"encoding/json"

	"github.com/TykTechnologies/tyk/apidef"
)

// XTykAPIGateway is the content of the x-tyk-api-gateway extension. Only the
// members tyk-ve reads are modelled; the rest survive a marshal round trip
// (see OAS.MarshalJSON) but are not visible here.
type XTykAPIGateway struct {
	// Info holds the API's identity and state.
	Info Info `bson:"info" json:"info"`
	// Upstream holds the upstream settings.
	Upstream Upstream `bson:"upstream" json:"upstream"`
	// Server holds the listen settings.
	Server Server `bson:"server" json:"server"`
	// Middleware holds API-level and per-operation middleware.
	Middleware *Middleware `bson:"middleware,omitempty" json:"middleware,omitempty"`
}

// Info is the API's identity. Tyk Classic: api_id, id, org_id, name.
type Info struct {
	ID         string `bson:"id" json:"id,omitempty"`
	DBID       string `bson:"dbId" json:"dbId,omitempty"`
	OrgID      string `bson:"orgId" json:"orgId,omitempty"`
	Name       string `bson:"name" json:"name"`
	Expiration string `bson:"expiration,omitempty" json:"expiration,omitempty"`
	State      State  `bson:"state" json:"state"`
}

// State says whether the API is active and internal.
type State struct {
	Active   bool `bson:"active" json:"active"`
	Internal bool `bson:"internal,omitempty" json:"internal,omitempty"`
}

// Upstream holds the upstream settings. Tyk Classic: proxy.target_url.
type Upstream struct {
	URL string `bson:"url" json:"url"`
}

// Server holds the listen settings.
type Server struct {
	ListenPath ListenPath `bson:"listenPath" json:"listenPath"`
	Slug       string     `bson:"slug,omitempty" json:"slug,omitempty"`
}

// ListenPath is the API's base path. Tyk Classic: proxy.listen_path and
// proxy.strip_listen_path.
type ListenPath struct {
	Value string `bson:"value" json:"value"`
	Strip bool   `bson:"strip,omitempty" json:"strip,omitempty"`
}

// Middleware holds Tyk's middleware settings.
type Middleware struct {
	// Global holds API-level middleware.
	Global *Global `bson:"global,omitempty" json:"global,omitempty"`
	// Operations holds per-operation middleware keyed by operationId.
	Operations Operations `bson:"operations,omitempty" json:"operations,omitempty"`
}

// Global holds API-level middleware.
type Global struct {
	PluginConfig              *PluginConfig `bson:"pluginConfig,omitempty" json:"pluginConfig,omitempty"`
	PrePlugins                CustomPlugins `bson:"prePlugins,omitempty" json:"prePlugins,omitempty"`
	PostAuthenticationPlugins CustomPlugins `bson:"postAuthenticationPlugins,omitempty" json:"postAuthenticationPlugins,omitempty"`
	PostPlugins               CustomPlugins `bson:"postPlugins,omitempty" json:"postPlugins,omitempty"`
	ResponsePlugins           CustomPlugins `bson:"responsePlugins,omitempty" json:"responsePlugins,omitempty"`
}

// PluginConfig holds the common custom plugin settings.
type PluginConfig struct {
	// Driver is custom_middleware.driver.
	Driver apidef.MiddlewareDriver `bson:"driver,omitempty" json:"driver,omitempty"`
	// Bundle is custom_middleware_bundle(_disabled).
	Bundle *PluginBundle `bson:"bundle,omitempty" json:"bundle,omitempty"`
	// Data is config_data(_disabled).
	Data *PluginConfigData `bson:"data,omitempty" json:"data,omitempty"`
}

// PluginBundle configures a plugin bundle.
type PluginBundle struct {
	Enabled bool   `bson:"enabled" json:"enabled"`
	Path    string `bson:"path" json:"path"`
}

// PluginConfigData is the API's config data, handed to plugins.
type PluginConfigData struct {
	Enabled bool                   `bson:"enabled" json:"enabled"`
	Value   map[string]interface{} `bson:"value" json:"value"`
}

// CustomPlugin is one API-level plugin hook.
type CustomPlugin struct {
	Enabled        bool   `bson:"enabled" json:"enabled"`
	FunctionName   string `bson:"functionName" json:"functionName"`
	Path           string `bson:"path" json:"path"`
	RawBodyOnly    bool   `bson:"rawBodyOnly,omitempty" json:"rawBodyOnly,omitempty"`
	RequireSession bool   `bson:"requireSession,omitempty" json:"requireSession,omitempty"`
}

// CustomPlugins is a list of CustomPlugin, run in order.
type CustomPlugins []CustomPlugin

// Operations maps operationId to its middleware.
type Operations map[string]*Operation

// Operation holds one operation's middleware.
type Operation struct {
	// VirtualEndpoint is the operation's virtual endpoint.
	VirtualEndpoint *VirtualEndpoint `bson:"virtualEndpoint,omitempty" json:"virtualEndpoint,omitempty"`
	// PostPlugins are per-endpoint Go plugins; only element 0 is used.
	PostPlugins EndpointPostPlugins `bson:"postPlugins,omitempty" json:"postPlugins,omitempty"`
}

// VirtualEndpoint configures a virtual endpoint on an operation.
type VirtualEndpoint struct {
	Enabled bool `bson:"enabled" json:"enabled"`
	// Name is the deprecated alias of FunctionName.
	Name         string `bson:"name,omitempty" json:"name,omitempty"`
	FunctionName string `bson:"functionName" json:"functionName"`
	// Path is a JS file (function_source_type file).
	Path string `bson:"path,omitempty" json:"path,omitempty"`
	// Body is base64 JS (function_source_type blob); it wins over Path.
	Body           string `bson:"body,omitempty" json:"body,omitempty"`
	ProxyOnError   bool   `bson:"proxyOnError,omitempty" json:"proxyOnError,omitempty"`
	RequireSession bool   `bson:"requireSession,omitempty" json:"requireSession,omitempty"`
}

// EndpointPostPlugin is a per-operation Go plugin.
type EndpointPostPlugin struct {
	Enabled bool `bson:"enabled" json:"enabled"`
	// Name is the deprecated alias of FunctionName.
	Name         string `bson:"name,omitempty" json:"name,omitempty"`
	FunctionName string `bson:"functionName" json:"functionName"`
	Path         string `bson:"path" json:"path"`
}

// EndpointPostPlugins is a list of EndpointPostPlugin.
type EndpointPostPlugins []EndpointPostPlugin

// MarshalJSON writes the deprecated Name as FunctionName when FunctionName is
// empty, as Tyk does.
func (v *VirtualEndpoint) MarshalJSON() ([]byte, error) {
	type plain VirtualEndpoint
	p := plain(*v)
	if p.FunctionName == "" && p.Name != "" {
		p.FunctionName, p.Name = p.Name, ""
	}
	return json.Marshal(p)
}

// MarshalJSON writes the deprecated Name as FunctionName when FunctionName is
// empty, as Tyk does.
func (ep *EndpointPostPlugin) MarshalJSON() ([]byte, error) {
	type plain EndpointPostPlugin
	p := plain(*ep)
	if p.FunctionName == "" && p.Name != "" {
		p.FunctionName, p.Name = p.Name, ""
	}
	return json.Marshal(p)
}
