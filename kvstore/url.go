package kvstore

import (
	"fmt"
	"net"
	"strconv"

	"github.com/redis/go-redis/v9"
)

// ParseRedisURL reads a redis:// or rediss:// URL
// (redis://[user[:password]@]host[:port][/db]) into a RedisConfig; the
// dev server's --redis flag takes one.
func ParseRedisURL(raw string) (RedisConfig, error) {
	opts, err := redis.ParseURL(raw)
	if err != nil {
		return RedisConfig{}, fmt.Errorf("redis URL: %w", err)
	}
	host, port, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return RedisConfig{}, fmt.Errorf("redis URL: address %q: %w", opts.Addr, err)
	}
	p, err := strconv.Atoi(port)
	if err != nil || p <= 0 || p > 65535 {
		return RedisConfig{}, fmt.Errorf("redis URL: port %q is not a port", port)
	}
	cfg := RedisConfig{
		Host:     host,
		Port:     p,
		Username: opts.Username,
		Password: opts.Password,
		Database: opts.DB,
		UseSSL:   opts.TLSConfig != nil,
	}
	if opts.TLSConfig != nil {
		cfg.SSLInsecureSkipVerify = opts.TLSConfig.InsecureSkipVerify
	}
	if err := cfg.Validate(); err != nil {
		return RedisConfig{}, fmt.Errorf("redis URL: %w", err)
	}
	return cfg, nil
}
