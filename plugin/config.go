package plugin

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/tyk-ve/tyk-ve/capacity"
	"github.com/tyk-ve/tyk-ve/vm"
)

// ConfigKey is the config_data key that holds tyk-ve's configuration.
const ConfigKey = "tyk_ve"

// Defaults.
const (
	DefaultTimeout        = 5 * time.Second // Tyk's default jsvm_timeout
	DefaultMaxRequestBody = 10 << 20
	DefaultMaxRespBody    = 10 << 20
)

// Config is the "tyk_ve" object in an API's config_data (Classic) or in
// x-tyk-api-gateway.middleware.global.pluginConfig.data.value (OAS).
type Config struct {
	// Endpoints are the virtual endpoints, in match order.
	Endpoints []EndpointConfig `json:"endpoints,omitempty"`
	// Timeout bounds each call unless the endpoint sets its own (default 5s).
	Timeout Duration `json:"timeout,omitempty"`
	// ServeDefinitionEndpoints also serves the API's own virtual endpoints
	// (extended_paths.virtual, or OAS virtualEndpoint operations) after the
	// ones above, for drop-in migration from Tyk's built-in JSVM.
	ServeDefinitionEndpoints bool `json:"serve_definition_endpoints,omitempty"`
	// State is "isolated" (default: every call sees fresh top-level state)
	// or "shared" (module-level state persists within a runtime).
	State string `json:"state,omitempty"`
	// Pool sizes the API's runtime pool.
	Pool PoolOptions `json:"pool,omitempty"`
	// Limits bound what one call may do.
	Limits LimitOptions `json:"limits,omitempty"`
	// IgnoreCanonicalHeaders keeps response header names as written
	// (Tyk's ignore_canonical_mime_header_key); unset follows the gateway.
	IgnoreCanonicalHeaders *bool `json:"ignore_canonical_mime_header_key,omitempty"`
	// PathMatching anchors endpoint paths; unset fields follow the gateway.
	PathMatching PathMatching `json:"path_matching,omitempty"`
	// KeyAPI configures TykGetKeyData/TykSetKeyData (the gateway REST API).
	KeyAPI KeyAPIConfig `json:"key_api,omitempty"`
	// Outbound restricts TykMakeHttpRequest/TykBatchRequest destinations.
	Outbound OutboundConfig `json:"outbound,omitempty"`
	// Storage configures the shared storage functions (TykStorage*, KV).
	Storage StorageConfig `json:"storage,omitempty"`
}

// EndpointConfig is one virtual endpoint, with Tyk's own field names so an
// extended_paths.virtual entry can be pasted unchanged.
type EndpointConfig struct {
	// Path is the path pattern: {name} segments, /* wildcards, regex.
	Path string `json:"path"`
	// Method is the HTTP method, compared exactly as Tyk does.
	Method string `json:"method"`
	// ResponseFunctionName is the global JavaScript function to call.
	ResponseFunctionName string `json:"response_function_name"`
	// FunctionSourceType is "blob" (base64 in function_source_uri), "file"
	// (a path in function_source_uri) or "inline" (text in function_source).
	FunctionSourceType string `json:"function_source_type"`
	// FunctionSourceURI is the base64 source or the file path.
	FunctionSourceURI string `json:"function_source_uri,omitempty"`
	// FunctionSource is the JavaScript text for "inline".
	FunctionSource string `json:"function_source,omitempty"`
	// UseSession passes the key's session and writes meta_data back.
	UseSession bool `json:"use_session,omitempty"`
	// ProxyOnError lets the request continue to the upstream on failure.
	ProxyOnError bool `json:"proxy_on_error,omitempty"`
	// Disabled skips the endpoint.
	Disabled bool `json:"disabled,omitempty"`
	// Timeout overrides Config.Timeout for this endpoint.
	Timeout Duration `json:"timeout,omitempty"`
	// MaxConcurrent bounds this endpoint's calls in flight; over it the
	// client gets a 503 with Retry-After at once. 0: the API's
	// pool.endpoint_share of its runtimes when it has several endpoints.
	MaxConcurrent int `json:"max_concurrent,omitempty"`
}

// PoolOptions size an API's pool; zero values take the defaults.
type PoolOptions struct {
	// MaxMemory is the API's memory budget for runtimes (default "128MiB":
	// 256 runtimes of the default runtime_memory).
	MaxMemory Size `json:"max_memory,omitempty"`
	// RuntimeMemory is what one runtime is counted for in max_memory and
	// in the node's budget (default "512KiB"; raise it for scripts whose
	// top level holds large data).
	RuntimeMemory Size `json:"runtime_memory,omitempty"`
	// MaxRuntimes, when set, bounds the runtimes directly instead of
	// max_memory / runtime_memory.
	MaxRuntimes int `json:"max_runtimes,omitempty"`
	// Prewarm is how many runtimes are kept ready (default GOMAXPROCS).
	Prewarm *int `json:"prewarm,omitempty"`
	// IdleTimeout retires runtimes above prewarm idle this long (default 1m).
	IdleTimeout Duration `json:"idle_timeout,omitempty"`
	// AcquireTimeout bounds the wait for a free runtime when all are busy,
	// also bounded by the call's deadline (default 1s).
	AcquireTimeout Duration `json:"acquire_timeout,omitempty"`
	// MaxUses retires a runtime after this many calls (default 10000).
	MaxUses int `json:"max_uses,omitempty"`
	// CPUHeavyAfter is how long an endpoint's calls must keep a CPU busy on
	// average to count as CPU-heavy; such calls share half the node's
	// cores (default 10ms; a long duration such as "1h" turns it off).
	CPUHeavyAfter Duration `json:"cpu_heavy_after,omitempty"`
	// EndpointShare is the share of the API's runtimes one endpoint may
	// hold when the API has several endpoints (default 0.5; 1 turns the
	// share rule off). An endpoint's max_concurrent overrides it.
	EndpointShare float64 `json:"endpoint_share,omitempty"`
}

// LimitOptions bound one call; zero values take defaults.
type LimitOptions struct {
	MaxStackDepth           int   `json:"max_stack_depth,omitempty"`
	MaxOutboundRequests     int   `json:"max_outbound_requests,omitempty"`
	MaxOutboundResponseBody int64 `json:"max_outbound_response_body,omitempty"`
	MaxRequestBody          int64 `json:"max_request_body,omitempty"`
	MaxResponseBody         int64 `json:"max_response_body,omitempty"`
}

// PathMatching mirrors the gateway's http_server_options path matching.
type PathMatching struct {
	Prefix     *bool `json:"prefix,omitempty"`
	Suffix     *bool `json:"suffix,omitempty"`
	IgnoreCase *bool `json:"ignore_case,omitempty"`
}

// KeyAPIConfig points TykGetKeyData/TykSetKeyData at the gateway REST API.
// Empty fields fall back to TYKVE_GATEWAY_URL / TYKVE_GATEWAY_SECRET.
type KeyAPIConfig struct {
	URL    string `json:"url,omitempty"`
	Secret string `json:"secret,omitempty"`
}

// OutboundConfig restricts outbound requests from scripts.
type OutboundConfig struct {
	Allow          []string `json:"allow,omitempty"`
	Deny           []string `json:"deny,omitempty"`
	AllowLinkLocal bool     `json:"allow_link_local,omitempty"`
}

var (
	methodRe     = regexp.MustCompile(`^[A-Z][A-Z-]*$`)
	identifierRe = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$`)
)

// ParseConfig decodes the tyk_ve value (any JSON value), rejecting unknown
// fields, and validates it. Every problem is reported at once, each named by
// its path below "tyk_ve".
func ParseConfig(raw json.RawMessage) (*Config, error) {
	var cfg Config
	if err := decodeStrict(raw, &cfg, ConfigKey); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// Validate reports every problem at once.
func (c *Config) Validate() error {
	var errs []error
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("%s.timeout: must be > 0", ConfigKey))
	}
	if c.State != "" && c.State != "isolated" && c.State != "shared" {
		errs = append(errs, fmt.Errorf("%s.state: must be \"isolated\" or \"shared\", got %q", ConfigKey, c.State))
	}
	errs = append(errs, prefixEach(ConfigKey+".outbound.", c.outboundPolicy().Validate())...)
	errs = append(errs, c.Pool.validate()...)
	errs = append(errs, c.Limits.validate()...)
	errs = append(errs, c.Storage.validate()...)
	for i := range c.Endpoints {
		if err := c.Endpoints[i].Validate(fmt.Sprintf("%s.endpoints[%d]", ConfigKey, i)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Validate reports every problem of one endpoint, each prefixed with field
// (e.g. "tyk_ve.endpoints[2]").
func (e *EndpointConfig) Validate(field string) error {
	var errs []error
	bad := func(name, format string, args ...interface{}) {
		errs = append(errs, fmt.Errorf("%s.%s: %s", field, name, fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(e.Path) == "" {
		bad("path", "required")
	} else if _, err := compilePathPattern(e.Path, PathMatching{}); err != nil {
		bad("path", "%v", err)
	}
	switch {
	case e.Method == "":
		bad("method", "required")
	case !methodRe.MatchString(e.Method):
		bad("method", "must be an upper-case HTTP method (Tyk compares methods exactly), got %q", e.Method)
	}
	if !identifierRe.MatchString(e.ResponseFunctionName) {
		bad("response_function_name", "must be a JavaScript function name, got %q", e.ResponseFunctionName)
	}
	switch e.FunctionSourceType {
	case SourceBlob:
		if e.FunctionSourceURI == "" {
			bad("function_source_uri", "required for function_source_type \"blob\" (base64 JavaScript)")
		} else if _, err := decodeBlob(e.FunctionSourceURI); err != nil {
			bad("function_source_uri", "not valid base64: %v", err)
		}
	case SourceFile:
		if e.FunctionSourceURI == "" {
			bad("function_source_uri", "required for function_source_type \"file\" (a path)")
		}
	case SourceInline:
		if strings.TrimSpace(e.FunctionSource) == "" {
			bad("function_source", "required for function_source_type \"inline\"")
		}
	default:
		bad("function_source_type", "must be \"blob\", \"file\" or \"inline\", got %q", e.FunctionSourceType)
	}
	if e.Timeout < 0 {
		bad("timeout", "must be > 0")
	}
	if e.MaxConcurrent < 0 {
		bad("max_concurrent", "must be >= 0, got %d", e.MaxConcurrent)
	}
	return errors.Join(errs...)
}

func (p PoolOptions) validate() []error {
	var errs []error
	if p.MaxRuntimes < 0 {
		errs = append(errs, fmt.Errorf("%s.pool.max_runtimes: must be >= 1", ConfigKey))
	}
	if p.Prewarm != nil && (*p.Prewarm < 0 || (p.MaxRuntimes > 0 && *p.Prewarm > p.MaxRuntimes)) {
		errs = append(errs, fmt.Errorf("%s.pool.prewarm: must be between 0 and max_runtimes", ConfigKey))
	}
	if p.AcquireTimeout < 0 {
		errs = append(errs, fmt.Errorf("%s.pool.acquire_timeout: must be > 0", ConfigKey))
	}
	if p.MaxUses < 0 {
		errs = append(errs, fmt.Errorf("%s.pool.max_uses: must be >= 0", ConfigKey))
	}
	if p.CPUHeavyAfter < 0 {
		errs = append(errs, fmt.Errorf("%s.pool.cpu_heavy_after: must be > 0", ConfigKey))
	}
	if p.IdleTimeout < 0 {
		errs = append(errs, fmt.Errorf("%s.pool.idle_timeout: must be > 0", ConfigKey))
	}
	if p.EndpointShare < 0 || p.EndpointShare > 1 {
		errs = append(errs, fmt.Errorf("%s.pool.endpoint_share: must be above 0 and at most 1, got %g", ConfigKey, p.EndpointShare))
	}
	rtm := int64(p.RuntimeMemory)
	if rtm == 0 {
		rtm = vm.DefaultRuntimeMemory
	}
	if p.MaxRuntimes == 0 && p.MaxMemory > 0 && int64(p.MaxMemory) < rtm {
		errs = append(errs, fmt.Errorf("%s.pool.max_memory: %s is less than one runtime (runtime_memory %s)",
			ConfigKey, capacity.FormatSize(int64(p.MaxMemory)), capacity.FormatSize(rtm)))
	}
	return errs
}

func (l LimitOptions) validate() []error {
	var errs []error
	check := func(name string, v int64) {
		if v < 0 {
			errs = append(errs, fmt.Errorf("%s.limits.%s: must be >= 0", ConfigKey, name))
		}
	}
	check("max_stack_depth", int64(l.MaxStackDepth))
	check("max_outbound_requests", int64(l.MaxOutboundRequests))
	check("max_outbound_response_body", l.MaxOutboundResponseBody)
	check("max_request_body", l.MaxRequestBody)
	check("max_response_body", l.MaxResponseBody)
	return errs
}

// prefixEach names every error joined in err with prefix.
func prefixEach(prefix string, err error) []error {
	if err == nil {
		return nil
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{fmt.Errorf("%s%w", prefix, err)}
	}
	var out []error
	for _, e := range joined.Unwrap() {
		out = append(out, prefixEach(prefix, e)...)
	}
	return out
}
