package kvstore

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/kvstore/redistest"
)

// TestRedisTLS connects with the gateway's TLS settings (use_ssl, ca_file,
// cert_file, key_file, ssl_insecure_skip_verify, TLS versions) to a
// redis-server that requires client certificates.
func TestRedisTLS(t *testing.T) {
	addr, files := redistest.StartTLS(t)
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	base := RedisConfig{Host: host, Port: p, UseSSL: true}
	with := func(f func(*RedisConfig)) RedisConfig { c := base; f(&c); return c }
	tests := []struct {
		name string
		cfg  RedisConfig
		ok   bool
	}{
		{"ca and client certificate", with(func(c *RedisConfig) { c.CAFile, c.CertFile, c.KeyFile = files.CA, files.ClientCert, files.ClientKey }), true},
		{"tls 1.3 only", with(func(c *RedisConfig) {
			c.CAFile, c.CertFile, c.KeyFile, c.TLSMinVersion = files.CA, files.ClientCert, files.ClientKey, "1.3"
		}), true},
		{"skip verify with client certificate", with(func(c *RedisConfig) {
			c.SSLInsecureSkipVerify, c.CertFile, c.KeyFile = true, files.ClientCert, files.ClientKey
		}), true},
		{"unknown CA", with(func(c *RedisConfig) { c.CertFile, c.KeyFile = files.ClientCert, files.ClientKey }), false},
		{"no client certificate", with(func(c *RedisConfig) { c.CAFile = files.CA }), false},
		{"plain TCP to a TLS port", RedisConfig{Host: host, Port: p}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewRedis(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			err = r.Set(ctx, "tls-key", "v", 0)
			if tc.ok && err != nil {
				t.Fatalf("set over TLS: %v", err)
			}
			if !tc.ok && err == nil {
				t.Fatal("connected although it should not")
			}
			if tc.ok {
				if v, _, err := r.Get(ctx, "tls-key"); v != "v" || err != nil {
					t.Fatalf("get over TLS: %q %v", v, err)
				}
			}
		})
	}
}
