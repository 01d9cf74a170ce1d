// Package config is a test double of github.com/TykTechnologies/tyk/config.
//
// It holds only what the ctx double needs: the gateway-assigned Global
// accessor and the hash_keys setting.
package config
