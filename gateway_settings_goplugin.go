//go:build goplugin

package main

import (
	"encoding/json"
	"os"

	"github.com/TykTechnologies/tyk/config"
	"github.com/TykTechnologies/tyk/log"
	"github.com/TykTechnologies/tyk/user"

	"github.com/tyk-ve/tyk-ve/plugin"
)

// gatewayConfig is the part of the gateway's tyk.conf that shapes virtual
// endpoint semantics. It is read from the JSON form of config.Global() so
// that field renames between gateway versions cannot break the build.
type gatewayConfig struct {
	JSVMTimeout                  int    `json:"jsvm_timeout"`
	DisableVirtualPathBlobs      bool   `json:"disable_virtual_path_blobs"`
	IgnoreEndpointCase           bool   `json:"ignore_endpoint_case"`
	IgnoreCanonicalMIMEHeaderKey bool   `json:"ignore_canonical_mime_header_key"`
	MiddlewarePath               string `json:"middleware_path"`
	ListenAddress                string `json:"listen_address"`
	ListenPort                   int    `json:"listen_port"`
	ControlAPIHostname           string `json:"control_api_hostname"`
	ControlAPIPort               int    `json:"control_api_port"`
	Secret                       string `json:"secret"`
	HTTPServerOptions            struct {
		UseSSL                   bool `json:"use_ssl"`
		EnablePathPrefixMatching bool `json:"enable_path_prefix_matching"`
		EnablePathSuffixMatching bool `json:"enable_path_suffix_matching"`
	} `json:"http_server_options"`
}

func readGatewayConfig() gatewayConfig {
	var gc gatewayConfig
	if config.Global == nil {
		return gc
	}
	raw, err := json.Marshal(config.Global())
	if err == nil {
		err = json.Unmarshal(raw, &gc)
	}
	if err != nil {
		log.Get().WithError(err).Warn("tyk-ve: cannot read the gateway configuration; using defaults")
	}
	return gc
}

// gatewaySettings derives tyk-ve's node settings from the gateway's config,
// with TYKVE_* environment variables taking precedence.
func gatewaySettings() plugin.Settings {
	gc := readGatewayConfig()
	s := plugin.SettingsFromGateway(plugin.GatewayConfig{
		JSVMTimeoutSeconds:     gc.JSVMTimeout,
		DisableBlobs:           gc.DisableVirtualPathBlobs,
		IgnoreEndpointCase:     gc.IgnoreEndpointCase,
		IgnoreCanonicalHeaders: gc.IgnoreCanonicalMIMEHeaderKey,
		PathPrefix:             gc.HTTPServerOptions.EnablePathPrefixMatching,
		PathSuffix:             gc.HTTPServerOptions.EnablePathSuffixMatching,
		MiddlewarePath:         gc.MiddlewarePath,
		ListenAddress:          gc.ListenAddress,
		ListenPort:             gc.ListenPort,
		ControlAPIHostname:     gc.ControlAPIHostname,
		ControlAPIPort:         gc.ControlAPIPort,
		UseSSL:                 gc.HTTPServerOptions.UseSSL,
		Secret:                 gc.Secret,
	}, os.LookupEnv)
	if empty, err := json.Marshal(&user.SessionState{}); err == nil {
		s.EmptySession = empty
	}
	return s
}
