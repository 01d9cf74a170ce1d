package plugin

import (
	"errors"
	"time"
)

// Settings are node-wide: they come from the gateway's own configuration (in
// the plugin) or from flags (in the dev server), and an API's tyk_ve config
// can override the per-API ones.
type Settings struct {
	// DefaultTimeout bounds a call when neither the endpoint nor the API
	// sets a timeout (the gateway's jsvm_timeout; default 5s).
	DefaultTimeout time.Duration
	// IgnoreCanonicalHeaders is the gateway's ignore_canonical_mime_header_key.
	IgnoreCanonicalHeaders bool
	// PathPrefix, PathSuffix and IgnoreCase mirror the gateway's
	// http_server_options path matching.
	PathPrefix, PathSuffix, IgnoreCase bool
	// Sources resolves endpoint scripts.
	Sources SourceResolver
	// KeyAPIURL and KeyAPISecret reach the gateway REST API for
	// TykGetKeyData/TykSetKeyData when an API does not set key_api.
	KeyAPIURL, KeyAPISecret string
	// EmptySession is the JSON of the host's empty session object, passed
	// when an endpoint does not use the session (default "{}").
	EmptySession []byte
}

// Validate reports invalid settings.
func (s Settings) Validate() error {
	if s.DefaultTimeout < 0 {
		return errors.New("default_timeout: must be > 0")
	}
	return nil
}

func (s Settings) withDefaults() Settings {
	if s.DefaultTimeout <= 0 {
		s.DefaultTimeout = DefaultTimeout
	}
	if len(s.EmptySession) == 0 {
		s.EmptySession = []byte("{}")
	}
	return s
}

// pathMatching merges the API's overrides over the node's settings.
func (s Settings) pathMatching(api PathMatching) PathMatching {
	pick := func(override *bool, node bool) *bool {
		if override != nil {
			return override
		}
		return &node
	}
	return PathMatching{
		Prefix:     pick(api.Prefix, s.PathPrefix),
		Suffix:     pick(api.Suffix, s.PathSuffix),
		IgnoreCase: pick(api.IgnoreCase, s.IgnoreCase),
	}
}
