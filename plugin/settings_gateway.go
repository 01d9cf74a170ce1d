package plugin

import (
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/tyk-ve/tyk-ve/capacity"
)

// GatewayConfig carries the gateway settings (tyk.conf) that shape virtual
// endpoint semantics, as plain values.
type GatewayConfig struct {
	JSVMTimeoutSeconds     int    // jsvm_timeout; <= 0 means 5s
	DisableBlobs           bool   // disable_virtual_path_blobs
	IgnoreEndpointCase     bool   // ignore_endpoint_case
	IgnoreCanonicalHeaders bool   // ignore_canonical_mime_header_key
	PathPrefix, PathSuffix bool   // http_server_options.enable_path_{prefix,suffix}_matching
	MiddlewarePath         string // middleware_path
	ListenAddress          string // listen_address
	ListenPort             int    // listen_port
	ControlAPIHostname     string // control_api_hostname
	ControlAPIPort         int    // control_api_port (the REST API's own port, if set)
	UseSSL                 bool   // http_server_options.use_ssl
	Secret                 string // secret (the gateway REST API key)
}

// Environment variables that override gateway-derived settings.
const (
	EnvDisableBlobs   = "TYKVE_DISABLE_VIRTUAL_PATH_BLOBS"
	EnvTimeout        = "TYKVE_TIMEOUT"
	EnvGatewayURL     = "TYKVE_GATEWAY_URL"
	EnvGatewaySecret  = "TYKVE_GATEWAY_SECRET"
	EnvMiddlewarePath = "TYKVE_MIDDLEWARE_PATH"
	EnvNodeMaxMemory  = "TYKVE_NODE_MAX_MEMORY"
	EnvHeapLimit      = "TYKVE_HEAP_LIMIT"
	EnvMetricsAddr    = "TYKVE_METRICS_ADDR"
)

// SettingsFromGateway derives node settings from the gateway's config; the
// environment (looked up with lookup, e.g. os.LookupEnv) overrides it.
func SettingsFromGateway(gc GatewayConfig, lookup func(string) (string, bool)) Settings {
	s := Settings{
		DefaultTimeout:         time.Duration(gc.JSVMTimeoutSeconds) * time.Second,
		IgnoreCanonicalHeaders: gc.IgnoreCanonicalHeaders,
		PathPrefix:             gc.PathPrefix,
		PathSuffix:             gc.PathSuffix,
		IgnoreCase:             gc.IgnoreEndpointCase,
		Sources:                SourceResolver{DisableBlobs: gc.DisableBlobs, MiddlewarePath: gc.MiddlewarePath},
		KeyAPISecret:           gc.Secret,
	}
	s.KeyAPIURL = gatewayAPIURL(gc)
	if v, ok := lookup(EnvDisableBlobs); ok {
		s.Sources.DisableBlobs, _ = strconv.ParseBool(v)
	}
	if v, ok := lookup(EnvTimeout); ok {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			s.DefaultTimeout = d
		}
	}
	if v, ok := lookup(EnvGatewayURL); ok && v != "" {
		s.KeyAPIURL = v
	}
	if v, ok := lookup(EnvGatewaySecret); ok && v != "" {
		s.KeyAPISecret = v
	}
	if v, ok := lookup(EnvMiddlewarePath); ok && v != "" {
		s.Sources.MiddlewarePath = v
	}
	if v, ok := lookup(EnvNodeMaxMemory); ok && v != "" {
		n, err := ParseNodeMaxMemory(v)
		if err != nil {
			s.invalid = append(s.invalid, fmt.Errorf("%s: %w", EnvNodeMaxMemory, err))
		}
		s.NodeMaxMemory = n
	}
	if v, ok := lookup(EnvHeapLimit); ok {
		s.HeapLimit = v
	}
	if v, ok := lookup(EnvMetricsAddr); ok {
		s.MetricsAddr = v
	}
	return s
}

// gatewayAPIURL is where the gateway serves its REST API (/tyk/...): the
// control API port when one is set, the listen port otherwise; a wildcard
// listen address is reached on loopback.
func gatewayAPIURL(gc GatewayConfig) string {
	host, port := gc.ListenAddress, gc.ListenPort
	if gc.ControlAPIPort > 0 {
		host, port = gc.ControlAPIHostname, gc.ControlAPIPort
	}
	if port <= 0 {
		return ""
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	scheme := "http"
	if gc.UseSSL {
		scheme = "https"
	}
	return fmt.Sprintf("%s://%s", scheme, net.JoinHostPort(host, strconv.Itoa(port)))
}

// ParseNodeMaxMemory reads a node memory budget (TYKVE_NODE_MAX_MEMORY,
// `tyk-ve dev --node-max-memory`): a size, or "off" (or -1) for none.
func ParseNodeMaxMemory(v string) (int64, error) {
	switch v {
	case "off", "-1":
		return -1, nil
	}
	n, err := capacity.ParseSize(v)
	if err == nil && n == 0 {
		err = fmt.Errorf("must be a size above 0 (or \"off\"), got %q", v)
	}
	return n, err
}
