//go:build goplugin

package main

import (
	"encoding/json"
	"os"

	"github.com/TykTechnologies/tyk/config"
	"github.com/TykTechnologies/tyk/log"
	"github.com/TykTechnologies/tyk/user"

	"github.com/tyk-ve/tyk-ve/kvstore"
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
	// Storage is the gateway's Redis (tyk.conf storage), read apart so a
	// field whose type differs between gateway versions cannot spoil the
	// rest.
	Storage json.RawMessage `json:"storage"`
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
	s.Storage = gatewayStorage(gc.Storage)
	return s
}

// gatewayStorage connects TykStorage* to the gateway's own Redis, as Tyk
// master does (lazily: nothing is dialled until a script uses storage). An
// unusable storage section is logged and leaves storage unavailable (the
// functions throw), never the plugin.
func gatewayStorage(raw json.RawMessage) kvstore.Store {
	var cfg kvstore.RedisConfig
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &cfg); err != nil {
			log.Get().WithError(err).Error("tyk-ve: cannot read the gateway's storage section; TykStorage* will throw")
			return nil
		}
	}
	store, err := kvstore.NewRedis(cfg)
	if err != nil {
		log.Get().WithError(err).Error("tyk-ve: cannot use the gateway's storage section; TykStorage* will throw")
		return nil
	}
	return store
}
