package kvstore

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ParseRedisURL reads the dev server's --redis URL into a RedisConfig:
//
//	redis://[user[:password]@]host[:port][/database][?skip_verify=true]
//
// rediss:// connects with TLS (skip_verify=true skips verifying the
// server's certificate). Anything else is an error naming the part.
func ParseRedisURL(raw string) (RedisConfig, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return RedisConfig{}, fmt.Errorf("redis URL: %w", err)
	}
	var cfg RedisConfig
	switch u.Scheme {
	case "redis":
	case "rediss":
		cfg.UseSSL = true
	default:
		return RedisConfig{}, fmt.Errorf("redis URL: scheme %q is not redis or rediss", u.Scheme)
	}
	if u.Opaque != "" || u.Host == "" {
		return RedisConfig{}, fmt.Errorf("redis URL %q: no host", raw)
	}
	cfg.Host, cfg.Port = u.Hostname(), defaultRedisPort
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return RedisConfig{}, fmt.Errorf("redis URL: port %q is not a port", p)
		}
		cfg.Port = n
	} else if strings.HasSuffix(u.Host, ":") {
		return RedisConfig{}, fmt.Errorf("redis URL: empty port")
	}
	if cfg.Host == "" {
		return RedisConfig{}, fmt.Errorf("redis URL %q: no host", raw)
	}
	if u.User != nil {
		cfg.Username = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	if db := strings.TrimPrefix(u.Path, "/"); db != "" {
		n, err := strconv.Atoi(db)
		if err != nil || n < 0 {
			return RedisConfig{}, fmt.Errorf("redis URL: database %q is not a number >= 0", db)
		}
		cfg.Database = n
	}
	if err := cfg.urlOptions(u.Query()); err != nil {
		return RedisConfig{}, err
	}
	if err := cfg.Validate(); err != nil {
		return RedisConfig{}, fmt.Errorf("redis URL: %w", err)
	}
	return cfg, nil
}

// urlOptions applies the query options of a Redis URL.
func (c *RedisConfig) urlOptions(q url.Values) error {
	for name, values := range q {
		if name != "skip_verify" || len(values) != 1 {
			return fmt.Errorf("redis URL: unknown option %q (only skip_verify)", name)
		}
		v, err := strconv.ParseBool(values[0])
		if err != nil || !c.UseSSL {
			return fmt.Errorf("redis URL: skip_verify=%q needs rediss:// and true or false", values[0])
		}
		c.SSLInsecureSkipVerify = v
	}
	return nil
}
