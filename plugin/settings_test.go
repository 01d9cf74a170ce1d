package plugin

import (
	"testing"
	"time"
)

func TestSettingsFromGateway(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	s := SettingsFromGateway(GatewayConfig{JSVMTimeoutSeconds: 3, ListenPort: 8080, Secret: "s3cr3t", DisableBlobs: true,
		PathPrefix: true, IgnoreEndpointCase: true}, lookup)
	if s.DefaultTimeout != 3*time.Second || s.KeyAPIURL != "http://127.0.0.1:8080" || s.KeyAPISecret != "s3cr3t" ||
		!s.Sources.DisableBlobs || !s.PathPrefix || !s.IgnoreCase {
		t.Fatalf("from gateway: %+v", s)
	}
	s = SettingsFromGateway(GatewayConfig{ListenPort: 8080, ControlAPIPort: 9696, UseSSL: true}, lookup)
	if s.KeyAPIURL != "https://127.0.0.1:9696" {
		t.Fatalf("control API port: %s", s.KeyAPIURL)
	}
	env[EnvTimeout], env[EnvGatewayURL], env[EnvDisableBlobs] = "750ms", "http://gw:1", "false"
	s = SettingsFromGateway(GatewayConfig{JSVMTimeoutSeconds: 3, DisableBlobs: true}, lookup)
	if s.DefaultTimeout != 750*time.Millisecond || s.KeyAPIURL != "http://gw:1" || s.Sources.DisableBlobs {
		t.Fatalf("environment overrides: %+v", s)
	}
}
