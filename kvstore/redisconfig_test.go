package kvstore

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestRedisConfigAddresses(t *testing.T) {
	tests := []struct {
		name string
		cfg  RedisConfig
		want []string
	}{
		{"defaults", RedisConfig{}, []string{"localhost:6379"}},
		{"host port", RedisConfig{Host: "redis", Port: 6380}, []string{"redis:6380"}},
		{"hosts over host", RedisConfig{Host: "x", Port: 1, Hosts: map[string]string{"b": "2", "a": "1"}}, []string{"a:1", "b:2"}},
		{"addrs over all", RedisConfig{Host: "x", Hosts: map[string]string{"a": "1"}, Addrs: []string{"n1:7000", "n2:7001"}}, []string{"n1:7000", "n2:7001"}},
		{"ipv6", RedisConfig{Host: "::1", Port: 6379}, []string{"[::1]:6379"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cfg.Addresses(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestRedisConfigFromTykConf reads a tyk.conf storage section with Tyk's
// field names.
func TestRedisConfigFromTykConf(t *testing.T) {
	raw := `{"type":"redis","host":"redis.internal","port":6380,"username":"gw","password":"pw","database":2,
		"optimisation_max_active":50,"timeout":3,"use_ssl":true,"ssl_insecure_skip_verify":true,"tls_min_version":"1.3"}`
	var cfg RedisConfig
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	opts, err := cfg.universalOptions()
	if err != nil {
		t.Fatal(err)
	}
	if opts.Addrs[0] != "redis.internal:6380" || opts.Username != "gw" || opts.Password != "pw" || opts.DB != 2 ||
		opts.PoolSize != 50 || opts.ReadTimeout != 3*time.Second || !opts.ContextTimeoutEnabled || opts.MaxRetries != -1 ||
		opts.TLSConfig == nil || !opts.TLSConfig.InsecureSkipVerify || opts.TLSConfig.MinVersion != 0x0304 {
		t.Fatalf("options = %+v", opts)
	}
}

func TestRedisConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  RedisConfig
		want string
	}{
		{"type", RedisConfig{Type: "memcached"}, "storage.type:"},
		{"port", RedisConfig{Port: 70000}, "storage.port:"},
		{"addrs", RedisConfig{Addrs: []string{"ok:1", "nope"}}, "storage.addrs[1]:"},
		{"hosts", RedisConfig{Hosts: map[string]string{"h": "x"}}, `storage.hosts["h"]:`},
		{"database", RedisConfig{Database: -1}, "storage.database:"},
		{"cluster database", RedisConfig{Database: 1, EnableCluster: true}, "storage.database:"},
		{"pool", RedisConfig{MaxActive: -1}, "storage.optimisation_max_active:"},
		{"timeout", RedisConfig{Timeout: -1}, "storage.timeout:"},
		{"tls min", RedisConfig{TLSMinVersion: "1.4"}, "storage.tls_min_version:"},
		{"tls max", RedisConfig{TLSMaxVersion: "2"}, "storage.tls_max_version:"},
		{"tls order", RedisConfig{TLSMinVersion: "1.3", TLSMaxVersion: "1.2"}, "storage.tls_min_version: above"},
		{"cert without key", RedisConfig{CertFile: "c.pem"}, "storage.cert_file:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to name %q", err, tc.want)
			}
			if _, err := NewRedis(tc.cfg); err == nil {
				t.Fatal("NewRedis accepted an invalid config")
			}
		})
	}
}

func TestRedisConfigTLSFiles(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "ca.pem")
	_ = os.WriteFile(bad, []byte("not a certificate"), 0o600)
	for _, cfg := range []RedisConfig{
		{UseSSL: true, CAFile: filepath.Join(t.TempDir(), "missing.pem")},
		{UseSSL: true, CAFile: bad},
		{UseSSL: true, CertFile: bad, KeyFile: bad},
	} {
		if _, err := NewRedis(cfg); err == nil {
			t.Errorf("NewRedis(%+v) accepted unreadable TLS files", cfg)
		}
	}
}

func TestParseRedisURL(t *testing.T) {
	tests := []struct {
		url  string
		want RedisConfig
		err  bool
	}{
		{url: "redis://localhost:6379", want: RedisConfig{Host: "localhost", Port: 6379}},
		{url: "redis://u:p@127.0.0.1:7000/3", want: RedisConfig{Host: "127.0.0.1", Port: 7000, Username: "u", Password: "p", Database: 3}},
		{url: "redis://:secret@redis", want: RedisConfig{Host: "redis", Port: 6379, Password: "secret"}},
		{url: "rediss://redis:6380/0?skip_verify=true", want: RedisConfig{Host: "redis", Port: 6380, UseSSL: true, SSLInsecureSkipVerify: true}},
		{url: "http://redis:6379", err: true},
		{url: "redis://redis:notaport", err: true},
		{url: "redis://redis:6379/x", err: true},
		{url: "", err: true},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			got, err := ParseRedisURL(tc.url)
			if tc.err {
				if err == nil {
					t.Fatalf("accepted: %+v", got)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}
