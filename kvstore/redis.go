package kvstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a Store on a Redis server, sentinel set or cluster.
type Redis struct {
	client redis.UniversalClient
	once   sync.Once
	err    error
}

// NewRedis returns a store for cfg. It does not connect: connections are made
// on first use, so a Redis that is down makes calls fail, not start-up.
func NewRedis(cfg RedisConfig) (*Redis, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	opts, err := cfg.universalOptions()
	if err != nil {
		return nil, err
	}
	var client redis.UniversalClient
	switch {
	case opts.MasterName != "":
		client = redis.NewFailoverClient(opts.Failover())
	case cfg.EnableCluster:
		client = redis.NewClusterClient(opts.Cluster())
	default:
		client = redis.NewClient(opts.Simple())
	}
	return &Redis{client: client}, nil
}

// redisErr wraps go-redis errors with the operation.
func redisErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, redis.ErrClosed) {
		return ErrClosed
	}
	for _, known := range []error{ErrNotInteger, ErrOverflow, ErrInvalidExpire} {
		if err.Error() == known.Error() {
			return known // Redis' own reply, as master passes it on
		}
	}
	return fmt.Errorf("redis %s: %w", op, err)
}

// Get implements Store.
func (r *Redis) Get(ctx context.Context, key string) (string, bool, error) {
	v, err := r.client.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, redisErr("GET", err)
	}
	return v, true, nil
}

// Set implements Store.
func (r *Redis) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	if ttl < 0 {
		ttl = 0 // never KeepTTL: a negative ttl means no expiry
	}
	return redisErr("SET", r.client.Set(ctx, key, value, ttl).Err())
}

// SetNX implements Store.
func (r *Redis) SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	if ttl == redis.KeepTTL {
		return false, ErrInvalidExpire
	}
	ok, err := r.client.SetNX(ctx, key, value, ttl).Result()
	return ok, redisErr("SET NX", err)
}

// Del implements Store.
func (r *Redis) Del(ctx context.Context, key string) error {
	return redisErr("DEL", r.client.Del(ctx, key).Err())
}

// TTL implements Store.
func (r *Redis) TTL(ctx context.Context, key string) (time.Duration, error) {
	d, err := r.client.TTL(ctx, key).Result()
	if err != nil {
		return 0, redisErr("TTL", err)
	}
	return d, nil
}

// Incr implements Store.
func (r *Redis) Incr(ctx context.Context, key string) (int64, error) {
	n, err := r.client.Incr(ctx, key).Result()
	return n, redisErr("INCR", err)
}

// Expire implements Store.
func (r *Redis) Expire(ctx context.Context, key string, ttl time.Duration) error {
	return redisErr("EXPIRE", r.client.Expire(ctx, key, ttl).Err())
}

// scanCount is the COUNT hint of each SCAN step.
const scanCount = 512

// Keys implements Store with SCAN MATCH (on every master of a cluster).
func (r *Redis) Keys(ctx context.Context, prefix string, max int) ([]string, error) {
	var (
		mu   sync.Mutex
		keys []string
		seen = map[string]bool{}
	)
	scan := func(ctx context.Context, c redis.Cmdable) error {
		it := c.Scan(ctx, 0, globEscape(prefix)+"*", scanCount).Iterator()
		for it.Next(ctx) {
			k := it.Val()
			mu.Lock()
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
			n := len(keys)
			mu.Unlock()
			if n > max {
				return ErrTooManyKeys
			}
		}
		return it.Err()
	}
	var err error
	if cc, ok := r.client.(*redis.ClusterClient); ok {
		err = cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return scan(ctx, c) })
	} else {
		err = scan(ctx, r.client)
	}
	if errors.Is(err, ErrTooManyKeys) {
		return nil, ErrTooManyKeys
	}
	if err != nil {
		return nil, redisErr("SCAN", err)
	}
	return keys, nil
}

// globEscape escapes the glob characters of a SCAN MATCH pattern.
func globEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch c {
		case '*', '?', '[', ']', '\\':
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Ping checks that Redis answers within ctx.
func (r *Redis) Ping(ctx context.Context) error {
	return redisErr("PING", r.client.Ping(ctx).Err())
}

// Close implements Store.
func (r *Redis) Close() error {
	r.once.Do(func() { r.err = r.client.Close() })
	return r.err
}
