package kvstore

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Bucket is one API's view of a Store with the semantics of Tyk master's
// storage functions: keys checked and prefixed, values capped, TTLs in
// seconds, each operation bounded by OpTimeout within the caller's deadline.
// A nil *Bucket answers ErrUnavailable to everything, as master does without
// a store. It is safe for concurrent use.
type Bucket struct {
	store  Store
	opts   BucketOptions
	prefix string // KeyPrefix + escaped namespace + ":"
	local  *localTier
}

// NewBucket returns a bucket over store.
func NewBucket(store Store, opts BucketOptions) (*Bucket, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	b := &Bucket{store: store, opts: opts, prefix: NamespacePrefix(opts.Namespace)}
	if opts.Local != nil {
		b.local = newLocalTier(*opts.Local, opts.Now)
	}
	return b, nil
}

// Close releases what the bucket holds on this node (its local tier's
// entries, whose bytes go back to the node budget); the store stays open for
// its owner. Operations after Close still reach the store, uncached.
func (b *Bucket) Close() error {
	if b != nil {
		b.local.close()
	}
	return nil
}

// NamespacePrefix is the prefix of the Redis keys of a namespace.
func NamespacePrefix(namespace string) string {
	if namespace == "" {
		return KeyPrefix
	}
	return KeyPrefix + url.QueryEscape(namespace) + ":"
}

// Options returns the bucket's options with defaults filled in.
func (b *Bucket) Options() BucketOptions {
	if b == nil {
		return BucketOptions{}.withDefaults()
	}
	return b.opts
}

// fullKey checks key and returns its stored form.
func (b *Bucket) fullKey(key string) (string, error) {
	if b == nil || b.store == nil {
		return "", ErrUnavailable
	}
	if key == "" || len(key) > b.opts.MaxKeySize {
		return "", keyError(b.opts.MaxKeySize)
	}
	return b.prefix + key, nil
}

func (b *Bucket) checkValue(value string) error {
	if len(value) > b.opts.MaxValueSize {
		return valueError(b.opts.MaxValueSize)
	}
	return nil
}

// opContext bounds one operation by OpTimeout within ctx.
func (b *Bucket) opContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, b.opts.OpTimeout)
}

// seconds converts a script's TTL in seconds as master does.
func seconds(ttl int64) time.Duration { return time.Duration(ttl) * time.Second }

// Get returns key's value; found is false for a missing key (an error is
// only ever a failure of the store, never "absent").
func (b *Bucket) Get(ctx context.Context, key string) (value string, found bool, err error) {
	full, err := b.fullKey(key)
	if err != nil {
		return "", false, err
	}
	if v, ok := b.local.get(full); ok {
		return v, true, nil
	}
	ctx, cancel := b.opContext(ctx)
	defer cancel()
	value, found, err = b.store.Get(ctx, full)
	if err != nil || !found || b.local == nil {
		return value, found, err
	}
	if ttl, err := b.store.TTL(ctx, full); err == nil && ttl != KeyMissing {
		b.local.put(full, value, ttl)
	}
	return value, true, nil
}

// Set stores value under key; ttlSeconds <= 0 means no expiry.
func (b *Bucket) Set(ctx context.Context, key, value string, ttlSeconds int64) error {
	full, err := b.fullKey(key)
	if err != nil {
		return err
	}
	if err := b.checkValue(value); err != nil {
		return err
	}
	b.local.drop(full)
	ctx, cancel := b.opContext(ctx)
	defer cancel()
	ttl := seconds(ttlSeconds)
	if err := b.store.Set(ctx, full, value, ttl); err != nil {
		return err
	}
	if ttl <= 0 {
		ttl = NoExpiry
	}
	b.local.put(full, value, ttl)
	return nil
}

// SetNX stores value only if key does not exist and reports whether this
// call claimed it. ttlSeconds 0 means no expiry; a negative one is Redis'
// "invalid expire time" error, as in master.
func (b *Bucket) SetNX(ctx context.Context, key, value string, ttlSeconds int64) (bool, error) {
	full, err := b.fullKey(key)
	if err != nil {
		return false, err
	}
	if err := b.checkValue(value); err != nil {
		return false, err
	}
	b.local.drop(full)
	ctx, cancel := b.opContext(ctx)
	defer cancel()
	return b.store.SetNX(ctx, full, value, seconds(ttlSeconds))
}

// Del removes key.
func (b *Bucket) Del(ctx context.Context, key string) error {
	full, err := b.fullKey(key)
	if err != nil {
		return err
	}
	b.local.drop(full)
	ctx, cancel := b.opContext(ctx)
	defer cancel()
	return b.store.Del(ctx, full)
}

// TTL returns key's remaining time to live in seconds: -1 for no expiry, -2
// for a missing key (Redis' answers, as master passes them on).
func (b *Bucket) TTL(ctx context.Context, key string) (int64, error) {
	full, err := b.fullKey(key)
	if err != nil {
		return 0, err
	}
	ctx, cancel := b.opContext(ctx)
	defer cancel()
	ttl, err := b.store.TTL(ctx, full)
	if err != nil {
		return 0, err
	}
	if ttl < 0 {
		return int64(ttl), nil
	}
	return int64(ttl / time.Second), nil
}

// Incr adds one to key and returns the new value as a decimal string (a
// JavaScript number would lose precision past 2^53). ttlSeconds > 0 sets the
// key's expiry when this increment created it (the new value is 1).
func (b *Bucket) Incr(ctx context.Context, key string, ttlSeconds int64) (string, error) {
	full, err := b.fullKey(key)
	if err != nil {
		return "", err
	}
	b.local.drop(full)
	ctx, cancel := b.opContext(ctx)
	defer cancel()
	n, err := b.store.Incr(ctx, full)
	if err != nil {
		return "", err
	}
	if n == 1 && ttlSeconds > 0 {
		if err := b.store.Expire(ctx, full, seconds(ttlSeconds)); err != nil {
			return "", err
		}
	}
	return strconv.FormatInt(n, 10), nil
}

// ListOptions select one page of a listing.
type ListOptions struct {
	// Prefix keeps the keys that start with it ("" keeps all).
	Prefix string
	// Limit is the page size (default and maximum MaxListLimit).
	Limit int
	// Cursor is the Cursor of the previous page ("" for the first).
	Cursor string
}

// ListResult is one page of keys in lexicographic order.
type ListResult struct {
	Keys []string
	// Complete is true on the last page; otherwise Cursor fetches the next.
	Complete bool
	Cursor   string
}

// List returns the bucket's keys that start with opts.Prefix, a page at a
// time. Each page scans the whole namespace (bounded by MaxListKeys): it is
// meant for small namespaces and administration, not for every request.
func (b *Bucket) List(ctx context.Context, opts ListOptions) (ListResult, error) {
	if b == nil || b.store == nil {
		return ListResult{}, ErrUnavailable
	}
	if len(opts.Prefix) > b.opts.MaxKeySize {
		return ListResult{}, keyError(b.opts.MaxKeySize)
	}
	limit := opts.Limit
	if limit <= 0 || limit > MaxListLimit {
		limit = MaxListLimit
	}
	ctx, cancel := b.opContext(ctx)
	defer cancel()
	full, err := b.store.Keys(ctx, b.prefix+opts.Prefix, b.opts.MaxListKeys)
	if err != nil {
		return ListResult{}, err
	}
	names := make([]string, 0, len(full))
	for _, k := range full {
		name := strings.TrimPrefix(k, b.prefix)
		if name > opts.Cursor && name != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	res := ListResult{Keys: names, Complete: true}
	if len(names) > limit {
		res.Keys, res.Complete, res.Cursor = names[:limit], false, names[limit-1]
	}
	return res, nil
}
