package plugin

import (
	"fmt"
	"time"

	"github.com/tyk-ve/tyk-ve/kvstore"
)

// StorageConfig is tyk_ve.storage: how the API's scripts reach the node's
// shared storage (TykStorageGet/Set/SetNX/Del/TTL/Incr and the Workers-style
// KV object). The store itself is the node's (Settings.Storage: the gateway's
// own Redis in the plugin; memory or --redis in the dev server).
type StorageConfig struct {
	// Disabled makes every storage function throw "JSVM storage is not
	// available".
	Disabled bool `json:"disabled,omitempty"`
	// Namespace separates the API's keys from other APIs' (default: the
	// API ID). APIs that set the same namespace share their keys.
	Namespace string `json:"namespace,omitempty"`
	// Shared uses Tyk master's own layout (jsvm-store:<key>, one space for
	// every API, the same keys as master's JSVM on the same Redis) instead
	// of a namespace.
	Shared bool `json:"shared,omitempty"`
	// MaxValueSize caps a stored value (default "1MiB"; Tyk master: 64KiB).
	MaxValueSize Size `json:"max_value_size,omitempty"`
	// Local, when set, keeps values read by this node for up to local.ttl
	// in a node-local tier in front of the store (read-mostly data).
	Local *LocalStorageConfig `json:"local,omitempty"`
}

// LocalStorageConfig is tyk_ve.storage.local: the node-local read tier.
// A value changed through another node (or expired by Redis) is seen here
// at most TTL late; writes through this node are seen here at once; SetNX,
// Incr and TTL always ask the store.
type LocalStorageConfig struct {
	// TTL is the longest a value is served from the node without asking
	// the store (default "1s").
	TTL Duration `json:"ttl,omitempty"`
	// MaxSize is the API's quota on the node (default "4MiB"); all APIs'
	// tiers together stay within Settings.StorageLocalBudget.
	MaxSize Size `json:"max_size,omitempty"`
}

// Storage limits.
const (
	// MaxStorageValueSize is Redis' own cap on a string value.
	MaxStorageValueSize = 512 << 20
	// DefaultStorageLocalBudget bounds every API's local tier together.
	DefaultStorageLocalBudget = 64 << 20
)

// defaultLocalBudget is the node-wide local tier budget when the settings
// give none: one per process, which is one per gateway node.
var defaultLocalBudget = kvstore.NewLocalBudget(DefaultStorageLocalBudget)

// validate reports every problem of tyk_ve.storage.
func (c StorageConfig) validate() []error {
	var errs []error
	field := ConfigKey + ".storage."
	if c.Shared && c.Namespace != "" {
		errs = append(errs, fmt.Errorf("%snamespace: not with shared (master's layout has no namespace)", field))
	}
	if len(c.Namespace) > kvstore.DefaultMaxKeySize {
		errs = append(errs, fmt.Errorf("%snamespace: at most %d bytes", field, kvstore.DefaultMaxKeySize))
	}
	if c.MaxValueSize < 0 || c.MaxValueSize > MaxStorageValueSize {
		errs = append(errs, fmt.Errorf("%smax_value_size: must be at most 512MiB (Redis' cap)", field))
	}
	if c.Local != nil {
		if c.Local.TTL < 0 {
			errs = append(errs, fmt.Errorf("%slocal.ttl: must be > 0", field))
		}
		if c.Local.MaxSize < 0 {
			errs = append(errs, fmt.Errorf("%slocal.max_size: must be > 0", field))
		}
	}
	return errs
}

// storageBucket is the API's view of the node's store: nil (every storage
// function throws "not available") when the node has no store or the API
// disables storage.
func (a *API) storageBucket() (*kvstore.Bucket, error) {
	c := a.Config.Storage
	if c.Disabled || a.settings.Storage == nil {
		return nil, nil
	}
	opts := kvstore.BucketOptions{Namespace: c.Namespace, MaxValueSize: int(c.MaxValueSize)}
	if opts.Namespace == "" && !c.Shared {
		opts.Namespace = a.Def.APIID
	}
	if c.Local != nil {
		budget := a.settings.StorageLocalBudget
		if budget == nil {
			budget = defaultLocalBudget
		}
		opts.Local = &kvstore.LocalOptions{TTL: time.Duration(c.Local.TTL), MaxBytes: int64(c.Local.MaxSize), Budget: budget}
	}
	b, err := kvstore.NewBucket(a.settings.Storage, opts)
	if err != nil {
		return nil, fmt.Errorf("%s.storage: %w", ConfigKey, err)
	}
	return b, nil
}
