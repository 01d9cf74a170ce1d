package config

// Config is the subset of the gateway configuration (tyk.conf) that the
// double's packages read.
type Config struct {
	// HashKeys mirrors tyk.conf's hash_keys: whether key IDs are stored hashed.
	HashKeys bool `json:"hash_keys"`
	// EnableJSVM mirrors tyk.conf's enable_jsvm.
	EnableJSVM bool `json:"enable_jsvm"`
	// JSVMTimeout mirrors tyk.conf's jsvm_timeout (seconds).
	JSVMTimeout int `json:"jsvm_timeout"`
	// Storage mirrors tyk.conf's storage section: the gateway's Redis.
	Storage StorageOptionsConf `json:"storage"`
}

// StorageOptionsConf mirrors Tyk's storage options (config.StorageOptionsConf)
// with Tyk's field names and JSON tags; tyk-ve's glue reads them through the
// JSON form of Global().
type StorageOptionsConf struct {
	Type                  string            `json:"type"`
	Host                  string            `json:"host"`
	Port                  int               `json:"port"`
	Hosts                 map[string]string `json:"hosts"` // Deprecated: Addrs instead.
	Addrs                 []string          `json:"addrs"`
	MasterName            string            `json:"master_name"`
	SentinelPassword      string            `json:"sentinel_password"`
	Username              string            `json:"username"`
	Password              string            `json:"password"`
	Database              int               `json:"database"`
	MaxIdle               int               `json:"optimisation_max_idle"`
	MaxActive             int               `json:"optimisation_max_active"`
	Timeout               int               `json:"timeout"`
	EnableCluster         bool              `json:"enable_cluster"`
	UseSSL                bool              `json:"use_ssl"`
	SSLInsecureSkipVerify bool              `json:"ssl_insecure_skip_verify"`
	CAFile                string            `json:"ca_file"`
	CertFile              string            `json:"cert_file"`
	KeyFile               string            `json:"key_file"`
	TLSMaxVersion         string            `json:"tls_max_version"`
	TLSMinVersion         string            `json:"tls_min_version"`
}

// Global returns the gateway's current configuration. Like in Tyk, the
// gateway assigns it at start-up (gw.GetConfig); until then it returns the
// zero Config.
var Global = func() Config { return Config{} }
