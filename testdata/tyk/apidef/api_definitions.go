package apidef

// SourceMode says where a virtual endpoint's JavaScript comes from.
type SourceMode string

// MiddlewareDriver names a custom plugin driver.
type MiddlewareDriver string

// Source modes of VirtualMeta.FunctionSourceType.
const (
	UseBlob SourceMode = "blob"
	UseFile SourceMode = "file"
)

// Middleware drivers of MiddlewareSection.Driver.
const (
	OttoDriver     MiddlewareDriver = "otto"
	PythonDriver   MiddlewareDriver = "python"
	LuaDriver      MiddlewareDriver = "lua"
	GrpcDriver     MiddlewareDriver = "grpc"
	GoPluginDriver MiddlewareDriver = "goplugin"
)

// VirtualMeta configures one virtual endpoint.
type VirtualMeta struct {
	Disabled             bool       `bson:"disabled" json:"disabled"`
	ResponseFunctionName string     `bson:"response_function_name" json:"response_function_name"`
	FunctionSourceType   SourceMode `bson:"function_source_type" json:"function_source_type"`
	FunctionSourceURI    string     `bson:"function_source_uri" json:"function_source_uri"`
	Path                 string     `bson:"path" json:"path"`
	Method               string     `bson:"method" json:"method"`
	UseSession           bool       `bson:"use_session" json:"use_session"`
	ProxyOnError         bool       `bson:"proxy_on_error" json:"proxy_on_error"`
}

// GoPluginMeta configures one per-endpoint Go plugin.
type GoPluginMeta struct {
	Disabled   bool   `bson:"disabled" json:"disabled"`
	Path       string `bson:"path" json:"path"`
	Method     string `bson:"method" json:"method"`
	PluginPath string `bson:"plugin_path" json:"plugin_path"`
	SymbolName string `bson:"func_name" json:"func_name"`
}

// ExtendedPathsSet holds the per-endpoint middleware of a version. Only the
// lists tyk-ve reads are declared.
type ExtendedPathsSet struct {
	Virtual  []VirtualMeta  `bson:"virtual" json:"virtual,omitempty"`
	GoPlugin []GoPluginMeta `bson:"go_plugin" json:"go_plugin,omitempty"`
}

// VersionInfo is one API version.
type VersionInfo struct {
	Name             string           `bson:"name" json:"name"`
	Expires          string           `bson:"expires" json:"expires"`
	UseExtendedPaths bool             `bson:"use_extended_paths" json:"use_extended_paths"`
	ExtendedPaths    ExtendedPathsSet `bson:"extended_paths" json:"extended_paths"`
}

// VersionData holds the versions of a Classic API.
type VersionData struct {
	NotVersioned   bool                   `bson:"not_versioned" json:"not_versioned"`
	DefaultVersion string                 `bson:"default_version" json:"default_version"`
	Versions       map[string]VersionInfo `bson:"versions" json:"versions"`
}

// MiddlewareDefinition is one custom plugin hook.
type MiddlewareDefinition struct {
	Disabled       bool   `bson:"disabled" json:"disabled"`
	Name           string `bson:"name" json:"name"`
	Path           string `bson:"path" json:"path"`
	RequireSession bool   `bson:"require_session" json:"require_session"`
	RawBodyOnly    bool   `bson:"raw_body_only" json:"raw_body_only"`
}

// MiddlewareIdExtractor configures the custom-auth ID extractor.
type MiddlewareIdExtractor struct {
	Disabled        bool                   `bson:"disabled" json:"disabled"`
	ExtractFrom     string                 `bson:"extract_from" json:"extract_from"`
	ExtractWith     string                 `bson:"extract_with" json:"extract_with"`
	ExtractorConfig map[string]interface{} `bson:"extractor_config" json:"extractor_config"`
}

// MiddlewareSection lists an API's custom plugin hooks.
type MiddlewareSection struct {
	Pre         []MiddlewareDefinition `bson:"pre" json:"pre"`
	Post        []MiddlewareDefinition `bson:"post" json:"post"`
	PostKeyAuth []MiddlewareDefinition `bson:"post_key_auth" json:"post_key_auth"`
	AuthCheck   MiddlewareDefinition   `bson:"auth_check" json:"auth_check"`
	Response    []MiddlewareDefinition `bson:"response" json:"response"`
	Driver      MiddlewareDriver       `bson:"driver" json:"driver"`
	IdExtractor MiddlewareIdExtractor  `bson:"id_extractor" json:"id_extractor"`
}

// ProxyTransport holds the upstream transport settings. In Tyk it is an
// anonymous struct inside ProxyConfig; it is named here only for
// readability, which does not change the JSON.
type ProxyTransport struct {
	SSLInsecureSkipVerify   bool     `bson:"ssl_insecure_skip_verify" json:"ssl_insecure_skip_verify"`
	SSLCipherSuites         []string `bson:"ssl_ciphers" json:"ssl_ciphers"`
	SSLMinVersion           uint16   `bson:"ssl_min_version" json:"ssl_min_version"`
	SSLMaxVersion           uint16   `bson:"ssl_max_version" json:"ssl_max_version"`
	SSLForceCommonNameCheck bool     `json:"ssl_force_common_name_check"`
	ProxyURL                string   `bson:"proxy_url" json:"proxy_url"`
}

// ProxyConfig configures how requests reach the upstream.
type ProxyConfig struct {
	PreserveHostHeader  bool           `bson:"preserve_host_header" json:"preserve_host_header"`
	ListenPath          string         `bson:"listen_path" json:"listen_path"`
	TargetURL           string         `bson:"target_url" json:"target_url"`
	DisableStripSlash   bool           `bson:"disable_strip_slash" json:"disable_strip_slash"`
	StripListenPath     bool           `bson:"strip_listen_path" json:"strip_listen_path"`
	EnableLoadBalancing bool           `bson:"enable_load_balancing" json:"enable_load_balancing"`
	Targets             []string       `bson:"target_list" json:"target_list"`
	Transport           ProxyTransport `bson:"transport" json:"transport"`
}

// CacheOptions configures response caching.
type CacheOptions struct {
	CacheTimeout               int64    `bson:"cache_timeout" json:"cache_timeout"`
	EnableCache                bool     `bson:"enable_cache" json:"enable_cache"`
	CacheAllSafeRequests       bool     `bson:"cache_all_safe_requests" json:"cache_all_safe_requests"`
	CacheOnlyResponseCodes     []int    `bson:"cache_response_codes" json:"cache_response_codes"`
	EnableUpstreamCacheControl bool     `bson:"enable_upstream_cache_control" json:"enable_upstream_cache_control"`
	CacheControlTTLHeader      string   `bson:"cache_control_ttl_header" json:"cache_control_ttl_header"`
	CacheByHeaders             []string `bson:"cache_by_headers" json:"cache_by_headers"`
}

// AnalyticsPluginConfig configures an analytics Go plugin.
type AnalyticsPluginConfig struct {
	Enabled    bool   `bson:"enable" json:"enable,omitempty"`
	PluginPath string `bson:"plugin_path" json:"plugin_path,omitempty"`
	FuncName   string `bson:"func_name" json:"func_name,omitempty"`
}

// APIDefinition is a Tyk Classic API definition. Fields appear in the order
// Tyk declares them.
type APIDefinition struct {
	Name                           string                 `bson:"name" json:"name"`
	Slug                           string                 `bson:"slug" json:"slug"`
	APIID                          string                 `bson:"api_id" json:"api_id"`
	OrgID                          string                 `bson:"org_id" json:"org_id"`
	UseKeylessAccess               bool                   `bson:"use_keyless" json:"use_keyless"`
	UpstreamCertificates           map[string]string      `bson:"upstream_certificates" json:"upstream_certificates"`
	UpstreamCertificatesDisabled   bool                   `bson:"upstream_certificates_disabled" json:"upstream_certificates_disabled,omitempty"`
	VersionData                    VersionData            `bson:"version_data" json:"version_data"`
	Proxy                          ProxyConfig            `bson:"proxy" json:"proxy"`
	CustomMiddleware               MiddlewareSection      `bson:"custom_middleware" json:"custom_middleware"`
	CustomMiddlewareBundle         string                 `bson:"custom_middleware_bundle" json:"custom_middleware_bundle"`
	CustomMiddlewareBundleDisabled bool                   `bson:"custom_middleware_bundle_disabled" json:"custom_middleware_bundle_disabled"`
	CacheOptions                   CacheOptions           `bson:"cache_options" json:"cache_options"`
	Active                         bool                   `bson:"active" json:"active"`
	Internal                       bool                   `bson:"internal" json:"internal"`
	Domain                         string                 `bson:"domain" json:"domain"`
	ConfigData                     map[string]interface{} `bson:"config_data" json:"config_data"`
	ConfigDataDisabled             bool                   `bson:"config_data_disabled" json:"config_data_disabled"`
	AnalyticsPlugin                AnalyticsPluginConfig  `bson:"analytics_plugin" json:"analytics_plugin,omitempty"`
	Tags                           []string               `bson:"tags" json:"tags"`
	// IsOAS is true when the API was created in, or migrated to, Tyk OAS.
	IsOAS bool `bson:"is_oas" json:"is_oas,omitempty"`
	// VersionName is set by the gateway at request time; it is never
	// marshalled.
	VersionName string `bson:"-" json:"-"`
}
