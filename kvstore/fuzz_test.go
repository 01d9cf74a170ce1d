package kvstore

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzParseRedisURL: any text gives a valid config or an error, never a panic.
func FuzzParseRedisURL(f *testing.F) {
	for _, s := range []string{"redis://localhost:6379", "rediss://u:p@h:1/2?skip_verify=true", "redis://[::1]:6379/0",
		"redis://h:0", "unix:///tmp/redis.sock", "redis://%zz", "redis://h:6379/99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		cfg, err := ParseRedisURL(raw)
		if err != nil {
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("ParseRedisURL(%q) returned an invalid config: %v", raw, err)
		}
		if len(cfg.Addresses()) != 1 {
			t.Fatalf("ParseRedisURL(%q): %d addresses", raw, len(cfg.Addresses()))
		}
	})
}

// FuzzRedisConfig: a storage section from JSON validates or names a field;
// a valid one always makes options.
func FuzzRedisConfig(f *testing.F) {
	for _, s := range []string{`{"host":"h","port":6379}`, `{"addrs":["a:1","b"],"enable_cluster":true,"database":1}`,
		`{"hosts":{"h":"x"},"tls_min_version":"1.4"}`, `{"use_ssl":true,"tls_max_version":"1.2"}`, `{"timeout":-1}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var cfg RedisConfig
		if json.Unmarshal([]byte(raw), &cfg) != nil {
			return
		}
		cfg.CAFile, cfg.CertFile, cfg.KeyFile = "", "", "" // no file reads
		if err := cfg.Validate(); err != nil {
			if !strings.Contains(err.Error(), "storage.") {
				t.Fatalf("error names no field: %v", err)
			}
			return
		}
		if _, err := cfg.universalOptions(); err != nil {
			t.Fatalf("valid config %q: %v", raw, err)
		}
	})
}
