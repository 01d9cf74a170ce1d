package kvstore

import (
	"context"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Memory is a Store held in this process, with Redis' semantics for every
// operation (expiry at millisecond precision, TTL rounding, Incr's integer
// rules and error texts). It is the dev server's default store and the
// reference the Redis store is tested against.
type Memory struct {
	now func() time.Time

	mu      sync.Mutex
	entries map[string]memEntry
	writes  int
	closed  bool
}

type memEntry struct {
	value   string
	expires time.Time // zero: no expiry
}

// MemoryOptions configure a Memory store.
type MemoryOptions struct {
	// Now is the clock (default time.Now); tests pass a fake one.
	Now func() time.Time
}

// sweepEvery is how many writes pass between sweeps of expired entries.
const sweepEvery = 1024

// NewMemory returns an empty in-memory store.
func NewMemory(opts MemoryOptions) *Memory {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Memory{now: opts.Now, entries: make(map[string]memEntry)}
}

// lock takes the store's lock after checking ctx and that the store is open.
func (m *Memory) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// live returns key's entry unless it is missing or expired (an expired one
// is deleted, as Redis does lazily). Callers hold mu.
func (m *Memory) live(key string, now time.Time) (memEntry, bool) {
	e, ok := m.entries[key]
	if !ok {
		return memEntry{}, false
	}
	if expired(e, now) {
		delete(m.entries, key)
		return memEntry{}, false
	}
	return e, true
}

// expired reports whether e has expired at now, at Redis' millisecond
// precision (a key expires once the clock passes its expiry millisecond).
func expired(e memEntry, now time.Time) bool {
	return !e.expires.IsZero() && now.UnixMilli() > e.expires.UnixMilli()
}

// put stores an entry and now and then sweeps expired ones. Callers hold mu.
func (m *Memory) put(key string, e memEntry, now time.Time) {
	m.entries[key] = e
	m.writes++
	if m.writes%sweepEvery == 0 {
		for k, old := range m.entries {
			if expired(old, now) {
				delete(m.entries, k)
			}
		}
	}
}

// expiry turns a positive ttl into an absolute time, truncated to whole
// seconds as go-redis sends EX (or milliseconds for PX).
func expiry(now time.Time, ttl time.Duration) time.Time {
	if ttl%time.Second == 0 {
		return now.Add(ttl)
	}
	return now.Add(ttl.Truncate(time.Millisecond))
}

// Get implements Store.
func (m *Memory) Get(ctx context.Context, key string) (string, bool, error) {
	if err := m.lock(ctx); err != nil {
		return "", false, err
	}
	defer m.mu.Unlock()
	e, ok := m.live(key, m.now())
	return e.value, ok, nil
}

// Set implements Store.
func (m *Memory) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	now := m.now()
	e := memEntry{value: value}
	if ttl > 0 {
		e.expires = expiry(now, ttl)
	}
	m.put(key, e, now)
	return nil
}

// SetNX implements Store.
func (m *Memory) SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	if ttl < 0 {
		return false, ErrInvalidExpire
	}
	if err := m.lock(ctx); err != nil {
		return false, err
	}
	defer m.mu.Unlock()
	now := m.now()
	if _, ok := m.live(key, now); ok {
		return false, nil
	}
	e := memEntry{value: value}
	if ttl > 0 {
		e.expires = expiry(now, ttl)
	}
	m.put(key, e, now)
	return true, nil
}

// Del implements Store.
func (m *Memory) Del(ctx context.Context, key string) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	delete(m.entries, key)
	return nil
}

// TTL implements Store, rounding as Redis does ((ms+500)/1000 seconds, in
// whole milliseconds).
func (m *Memory) TTL(ctx context.Context, key string) (time.Duration, error) {
	if err := m.lock(ctx); err != nil {
		return 0, err
	}
	defer m.mu.Unlock()
	now := m.now()
	e, ok := m.live(key, now)
	switch {
	case !ok:
		return KeyMissing, nil
	case e.expires.IsZero():
		return NoExpiry, nil
	}
	ms := e.expires.UnixMilli() - now.UnixMilli()
	return time.Duration((ms+500)/1000) * time.Second, nil
}

// Incr implements Store.
func (m *Memory) Incr(ctx context.Context, key string) (int64, error) {
	if err := m.lock(ctx); err != nil {
		return 0, err
	}
	defer m.mu.Unlock()
	now := m.now()
	e, ok := m.live(key, now)
	var n int64
	if ok {
		v, valid := parseRedisInt(e.value)
		if !valid {
			return 0, ErrNotInteger
		}
		n = v
	}
	if n == math.MaxInt64 {
		return 0, ErrOverflow
	}
	n++
	e.value = strconv.FormatInt(n, 10)
	m.put(key, e, now)
	return n, nil
}

// Expire implements Store.
func (m *Memory) Expire(ctx context.Context, key string, ttl time.Duration) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	now := m.now()
	e, ok := m.live(key, now)
	if !ok {
		return nil
	}
	ttl = ttl.Truncate(time.Second) // EXPIRE takes whole seconds
	if ttl <= 0 {
		delete(m.entries, key)
		return nil
	}
	e.expires = now.Add(ttl)
	m.entries[key] = e
	return nil
}

// Keys implements Store.
func (m *Memory) Keys(ctx context.Context, prefix string, max int) ([]string, error) {
	if err := m.lock(ctx); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	now := m.now()
	var keys []string
	for k := range m.entries {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if _, ok := m.live(k, now); !ok {
			continue
		}
		if len(keys) == max {
			return nil, ErrTooManyKeys
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// Len returns the number of live keys (for tests and the dev server).
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	n := 0
	for k := range m.entries {
		if _, ok := m.live(k, now); ok {
			n++
		}
	}
	return n
}

// Close implements Store; the data is dropped.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	m.entries = nil
	return nil
}

// parseRedisInt parses s the way Redis' string2ll does: an optional '-', no
// '+', no leading zeros or spaces, within int64.
func parseRedisInt(s string) (int64, bool) {
	if s == "0" {
		return 0, true
	}
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || digits[0] < '1' || digits[0] > '9' {
		return 0, false
	}
	for i := 1; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
