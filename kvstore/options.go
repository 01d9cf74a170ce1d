package kvstore

import (
	"errors"
	"fmt"
	"time"
)

// Tyk master's storage rules (gateway/jsvm_api_helper.go): every key lives
// under KeyPrefix, keys are 1 … 256 bytes, and each operation is bounded by
// two seconds. Master caps values at 64 KiB; tyk-ve's default is 1 MiB
// (BucketOptions.MaxValueSize = MasterMaxValueSize restores master's cap).
const (
	KeyPrefix           = "jsvm-store:"
	DefaultMaxKeySize   = 256
	DefaultMaxValueSize = 1 << 20
	MasterMaxValueSize  = 64 << 10
	DefaultOpTimeout    = 2 * time.Second
	DefaultMaxListKeys  = 10000
	// MaxListLimit is the most keys one List page returns (as Workers KV).
	MaxListLimit = 1000
)

// BucketOptions configure one API's view of a Store.
type BucketOptions struct {
	// Namespace separates this API's keys from other APIs' (usually the API
	// ID): keys are stored as KeyPrefix + namespace + ":" + key, with ':'
	// and '%' in the namespace percent-escaped. Empty: master's layout,
	// KeyPrefix + key, shared by every API (and by Tyk master's own JSVM on
	// the same Redis).
	Namespace string
	// MaxKeySize and MaxValueSize bound keys and values in bytes (defaults
	// DefaultMaxKeySize and DefaultMaxValueSize).
	MaxKeySize   int
	MaxValueSize int
	// OpTimeout bounds one operation, within the call's own deadline
	// (default DefaultOpTimeout).
	OpTimeout time.Duration
	// MaxListKeys bounds the keys a List may scan in the namespace (default
	// DefaultMaxListKeys); above it List fails with ErrTooManyKeys.
	MaxListKeys int
	// Local, when set, puts a node-local read tier in front of the store.
	Local *LocalOptions
	// Now is the clock of the local tier (default time.Now).
	Now func() time.Time
}

// LocalOptions configure the node-local read tier of one API.
type LocalOptions struct {
	// TTL is the longest a value read from the store is served from this
	// node without asking the store again (default DefaultLocalTTL). It is
	// the staleness bound: a change made through another node, or by Redis
	// itself, is seen here at most TTL late.
	TTL time.Duration
	// MaxBytes is this API's quota on the node: the bytes of keys and
	// values the tier may hold (default DefaultLocalMaxBytes).
	MaxBytes int64
	// Budget is the node-wide bound shared by every API's tier (nil: only
	// the quota bounds it).
	Budget *LocalBudget
}

// Local tier defaults.
const (
	DefaultLocalTTL      = time.Second
	DefaultLocalMaxBytes = 4 << 20
)

// Validate reports every invalid option at once, naming it.
func (o BucketOptions) Validate() error {
	var errs []error
	if o.MaxKeySize < 0 {
		errs = append(errs, errors.New("max_key_size: must be >= 0"))
	}
	if o.MaxValueSize < 0 {
		errs = append(errs, errors.New("max_value_size: must be >= 0"))
	}
	if o.OpTimeout < 0 {
		errs = append(errs, errors.New("op_timeout: must be >= 0"))
	}
	if o.MaxListKeys < 0 {
		errs = append(errs, errors.New("max_list_keys: must be >= 0"))
	}
	if o.Local != nil {
		if o.Local.TTL < 0 {
			errs = append(errs, errors.New("local.ttl: must be >= 0"))
		}
		if o.Local.MaxBytes < 0 {
			errs = append(errs, errors.New("local.max_size: must be >= 0"))
		}
	}
	return errors.Join(errs...)
}

func (o BucketOptions) withDefaults() BucketOptions {
	if o.MaxKeySize == 0 {
		o.MaxKeySize = DefaultMaxKeySize
	}
	if o.MaxValueSize == 0 {
		o.MaxValueSize = DefaultMaxValueSize
	}
	if o.OpTimeout == 0 {
		o.OpTimeout = DefaultOpTimeout
	}
	if o.MaxListKeys == 0 {
		o.MaxListKeys = DefaultMaxListKeys
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Local != nil {
		l := *o.Local
		if l.TTL == 0 {
			l.TTL = DefaultLocalTTL
		}
		if l.MaxBytes == 0 {
			l.MaxBytes = DefaultLocalMaxBytes
		}
		o.Local = &l
	}
	return o
}

// ErrLimit matches (errors.Is) every key or value size error.
var ErrLimit = errors.New("storage limit exceeded")

// limitError carries master's text for a size error and matches ErrLimit.
type limitError struct{ msg string }

func (e *limitError) Error() string        { return e.msg }
func (e *limitError) Is(target error) bool { return target == ErrLimit }

// keyError is master's message for a key out of bounds.
func keyError(max int) error {
	return &limitError{fmt.Sprintf("storage key must be 1-%d bytes", max)}
}

// valueError is master's message for a value above the cap.
func valueError(max int) error {
	return &limitError{fmt.Sprintf("storage value exceeds %d bytes", max)}
}
