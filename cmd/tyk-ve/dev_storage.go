package main

import (
	"context"
	"fmt"
	"time"

	"github.com/tyk-ve/tyk-ve/kvstore"
)

// redisFlagUsage documents dev's --redis flag.
const redisFlagUsage = "Redis behind TykStorage* and KV, as redis://[user:password@]host:port[/db] or rediss://… " +
	"(default: an in-memory store that lives as long as the dev server)"

// redisCheckTimeout bounds the check that the --redis server answers.
const redisCheckTimeout = 3 * time.Second

// devStorage returns the dev server's shared store: in memory, or the Redis
// at url, which must answer now (so a typo fails at start, not per call).
func devStorage(url string) (kvstore.Store, error) {
	if url == "" {
		return kvstore.NewMemory(kvstore.MemoryOptions{}), nil
	}
	cfg, err := kvstore.ParseRedisURL(url)
	if err != nil {
		return nil, err
	}
	r, err := kvstore.NewRedis(cfg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), redisCheckTimeout)
	defer cancel()
	if err := r.Ping(ctx); err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("%s does not answer: %w", cfg.Addresses()[0], err)
	}
	return r, nil
}
