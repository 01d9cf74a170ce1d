package kvstore

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisConfig is the gateway's `storage` section of tyk.conf, with Tyk's own
// JSON names, so that the plugin connects to the Redis the gateway uses the
// way the gateway does (master's storage connection handler and the
// TykTechnologies/storage redis v9 driver): addrs, else hosts, else
// host:port; a sentinel client when master_name is set, a cluster client when
// enable_cluster is, a single-node client otherwise.
type RedisConfig struct {
	// Type is "redis" (informational; Tyk accepts nothing else).
	Type string `json:"type,omitempty"`
	// Host and Port name a single Redis (default localhost:6379 when
	// neither addrs nor hosts is set).
	Host string `json:"host,omitempty"`
	Port int    `json:"port,omitempty"`
	// Hosts maps host to port (deprecated in Tyk in favour of Addrs).
	Hosts map[string]string `json:"hosts,omitempty"`
	// Addrs lists "host:port" addresses: cluster seeds, sentinels, or one
	// Redis.
	Addrs []string `json:"addrs,omitempty"`
	// MasterName selects Redis Sentinel with this master.
	MasterName string `json:"master_name,omitempty"`
	// SentinelPassword authenticates with the sentinels.
	SentinelPassword string `json:"sentinel_password,omitempty"`
	// Username and Password authenticate with Redis (ACL or AUTH).
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	// Database is the Redis database number (not with a cluster).
	Database int `json:"database,omitempty"`
	// MaxActive is the connection pool size per node (Tyk's
	// optimisation_max_active; default 500).
	MaxActive int `json:"optimisation_max_active,omitempty"`
	// Timeout is the dial, read and write timeout in seconds (default 5).
	// Each storage call is also bounded by the calling script's deadline.
	Timeout int `json:"timeout,omitempty"`
	// EnableCluster uses the Redis Cluster client.
	EnableCluster bool `json:"enable_cluster,omitempty"`
	// UseSSL connects with TLS; SSLInsecureSkipVerify skips verifying
	// the server's certificate.
	UseSSL                bool `json:"use_ssl,omitempty"`
	SSLInsecureSkipVerify bool `json:"ssl_insecure_skip_verify,omitempty"`
	// CAFile, CertFile and KeyFile are PEM files: the CA that signs the
	// server's certificate, and a client certificate and key (mutual TLS).
	CAFile   string `json:"ca_file,omitempty"`
	CertFile string `json:"cert_file,omitempty"`
	KeyFile  string `json:"key_file,omitempty"`
	// TLSMinVersion and TLSMaxVersion are "1.0" … "1.3" (default 1.2 and
	// 1.3, as Tyk's storage driver).
	TLSMinVersion string `json:"tls_min_version,omitempty"`
	TLSMaxVersion string `json:"tls_max_version,omitempty"`
}

// Defaults of Tyk's storage connection.
const (
	DefaultRedisTimeout   = 5 * time.Second
	DefaultRedisPoolSize  = 500
	defaultRedisHost      = "localhost"
	defaultRedisPort      = 6379
	maxRedisTimeoutSecond = 3600
)

var tlsVersions = map[string]uint16{
	"1.0": tls.VersionTLS10,
	"1.1": tls.VersionTLS11,
	"1.2": tls.VersionTLS12,
	"1.3": tls.VersionTLS13,
}

// Validate reports every invalid field at once, naming it.
func (c RedisConfig) Validate() error {
	var errs []error
	if c.Type != "" && c.Type != "redis" {
		errs = append(errs, fmt.Errorf("storage.type: %q is not supported (only \"redis\")", c.Type))
	}
	if c.Port < 0 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("storage.port: %d is not a port", c.Port))
	}
	for i, a := range c.Addrs {
		if _, _, err := net.SplitHostPort(a); err != nil {
			errs = append(errs, fmt.Errorf("storage.addrs[%d]: %q is not host:port", i, a))
		}
	}
	for h, p := range c.Hosts {
		if n, err := strconv.Atoi(p); err != nil || n <= 0 || n > 65535 {
			errs = append(errs, fmt.Errorf("storage.hosts[%q]: %q is not a port", h, p))
		}
	}
	if c.Database < 0 {
		errs = append(errs, errors.New("storage.database: must be >= 0"))
	}
	if c.Database != 0 && c.EnableCluster {
		errs = append(errs, errors.New("storage.database: a Redis cluster has only database 0"))
	}
	if c.MaxActive < 0 {
		errs = append(errs, errors.New("storage.optimisation_max_active: must be >= 0"))
	}
	if c.Timeout < 0 || c.Timeout > maxRedisTimeoutSecond {
		errs = append(errs, fmt.Errorf("storage.timeout: must be 0 … %d seconds", maxRedisTimeoutSecond))
	}
	errs = append(errs, c.validateTLS()...)
	return errors.Join(errs...)
}

func (c RedisConfig) validateTLS() []error {
	var errs []error
	minV, okMin := tlsVersion(c.TLSMinVersion, tls.VersionTLS12)
	maxV, okMax := tlsVersion(c.TLSMaxVersion, tls.VersionTLS13)
	if !okMin {
		errs = append(errs, fmt.Errorf("storage.tls_min_version: %q is not 1.0, 1.1, 1.2 or 1.3", c.TLSMinVersion))
	}
	if !okMax {
		errs = append(errs, fmt.Errorf("storage.tls_max_version: %q is not 1.0, 1.1, 1.2 or 1.3", c.TLSMaxVersion))
	}
	if okMin && okMax && minV > maxV {
		errs = append(errs, errors.New("storage.tls_min_version: above tls_max_version"))
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		errs = append(errs, errors.New("storage.cert_file: cert_file and key_file go together"))
	}
	return errs
}

func tlsVersion(v string, def uint16) (uint16, bool) {
	if v == "" {
		return def, true
	}
	n, ok := tlsVersions[v]
	return n, ok
}

// Addresses returns the addresses to connect to, in Tyk's order of
// precedence: addrs, else hosts (sorted), else host:port with defaults.
func (c RedisConfig) Addresses() []string {
	if len(c.Addrs) > 0 {
		return append([]string(nil), c.Addrs...)
	}
	if len(c.Hosts) > 0 {
		out := make([]string, 0, len(c.Hosts))
		for h, p := range c.Hosts {
			out = append(out, net.JoinHostPort(h, p))
		}
		sort.Strings(out)
		return out
	}
	host, port := c.Host, c.Port
	if host == "" {
		host = defaultRedisHost
	}
	if port == 0 {
		port = defaultRedisPort
	}
	return []string{net.JoinHostPort(host, strconv.Itoa(port))}
}

// universalOptions maps the config to go-redis options. Every command is
// bounded by its context (ContextTimeoutEnabled) and is not retried, so a
// Redis that is down answers an error within the call's deadline and an
// Incr is never applied twice.
func (c RedisConfig) universalOptions() (*redis.UniversalOptions, error) {
	timeout := DefaultRedisTimeout
	if c.Timeout > 0 {
		timeout = time.Duration(c.Timeout) * time.Second
	}
	pool := DefaultRedisPoolSize
	if c.MaxActive > 0 {
		pool = c.MaxActive
	}
	opts := &redis.UniversalOptions{
		Addrs:                 c.Addresses(),
		MasterName:            c.MasterName,
		SentinelPassword:      c.SentinelPassword,
		Username:              c.Username,
		Password:              c.Password,
		DB:                    c.Database,
		DialTimeout:           timeout,
		ReadTimeout:           timeout,
		WriteTimeout:          timeout,
		PoolTimeout:           timeout,
		ConnMaxIdleTime:       240 * timeout,
		PoolSize:              pool,
		MaxRetries:            -1,
		ContextTimeoutEnabled: true,
	}
	if c.UseSSL {
		tc, err := c.tlsConfig()
		if err != nil {
			return nil, err
		}
		opts.TLSConfig = tc
	}
	return opts, nil
}

func (c RedisConfig) tlsConfig() (*tls.Config, error) {
	minV, _ := tlsVersion(c.TLSMinVersion, tls.VersionTLS12)
	maxV, _ := tlsVersion(c.TLSMaxVersion, tls.VersionTLS13)
	tc := &tls.Config{
		MinVersion:         minV,
		MaxVersion:         maxV,
		InsecureSkipVerify: c.SSLInsecureSkipVerify, //nolint:gosec // the operator's storage.ssl_insecure_skip_verify
	}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("storage.ca_file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("storage.ca_file: %s holds no PEM certificate", c.CAFile)
		}
		tc.RootCAs = pool
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("storage.cert_file: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}
