package kvstore

import (
	"context"
	"errors"
	"time"
)

// Store is a string key-value store with Redis semantics. Keys are full keys
// (a Bucket adds the namespace). Every operation is bounded by ctx: a store
// that cannot answer before ctx's deadline returns an error, never blocks
// past it. Implementations are safe for concurrent use.
type Store interface {
	// Get returns the value of key; found is false when key does not exist.
	Get(ctx context.Context, key string) (value string, found bool, err error)
	// Set stores value under key. ttl > 0 expires the key after ttl (whole
	// seconds, as Redis' EX); ttl <= 0 stores it without expiry.
	Set(ctx context.Context, key, value string, ttl time.Duration) error
	// SetNX stores value only if key does not exist and reports whether it
	// did. ttl == 0 means no expiry; ttl < 0 is an error (Redis rejects it).
	SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error)
	// Del removes key; a missing key is not an error.
	Del(ctx context.Context, key string) error
	// TTL returns the remaining time to live of key rounded to the nearest
	// second, NoExpiry for a key without one, or KeyMissing.
	TTL(ctx context.Context, key string) (time.Duration, error)
	// Incr adds one to the integer stored at key (a missing key counts as
	// 0) and returns the new value. The key's expiry is unchanged.
	Incr(ctx context.Context, key string) (int64, error)
	// Expire sets key's time to live (ttl <= 0 deletes it, as in Redis).
	Expire(ctx context.Context, key string, ttl time.Duration) error
	// Keys returns the keys that start with prefix, in no order; more than
	// max of them is ErrTooManyKeys.
	Keys(ctx context.Context, prefix string, max int) ([]string, error)
	// Close releases the store's connections. It is idempotent.
	Close() error
}

// TTL results for keys without a remaining time to live (Redis' -1 and -2,
// as go-redis returns them).
const (
	NoExpiry   time.Duration = -1
	KeyMissing time.Duration = -2
)

// Errors with Redis' own text, so that both stores fail alike.
var (
	// ErrNotInteger: Incr on a value that is not a 64-bit integer.
	ErrNotInteger = errors.New("ERR value is not an integer or out of range")
	// ErrOverflow: Incr past the largest 64-bit integer.
	ErrOverflow = errors.New("ERR increment or decrement would overflow")
	// ErrInvalidExpire: SetNX with a negative time to live.
	ErrInvalidExpire = errors.New("ERR invalid expire time in 'set' command")
)

// Errors of the stores and buckets.
var (
	// ErrTooManyKeys: a listing found more keys than it may return.
	ErrTooManyKeys = errors.New("too many keys")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("storage is closed")
	// ErrUnavailable is master's "JSVM storage is not available": no store
	// is configured for the API.
	ErrUnavailable = errors.New("JSVM storage is not available")
)
