// Package config is a test double of github.com/TykTechnologies/tyk/config.
//
// It holds only what the ctx double needs: the gateway-assigned Global
// accessor, the hash_keys setting and the storage section (the gateway's
// Redis, which TykStorage* uses).
package config
