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
}

// Global returns the gateway's current configuration. Like in Tyk, the
// gateway assigns it at start-up (gw.GetConfig); until then it returns the
// zero Config.
var Global = func() Config { return Config{} }
