package kvstore

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// clock is a fake clock shared by a store and a bucket's local tier.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock               { return &clock{t: time.Unix(1_000_000, 0)} }
func localBucket(t *testing.T, s Store, c *clock, l LocalOptions) *Bucket {
	t.Helper()
	b, err := NewBucket(s, BucketOptions{Namespace: "api", Local: &l, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLocalTierStaleness states the tier's consistency: a change made behind
// this node's back is seen at most local.ttl late; writes through this node
// are seen at once.
func TestLocalTierStaleness(t *testing.T) {
	c := newClock()
	s := NewMemory(MemoryOptions{Now: c.now})
	ctx := context.Background()
	node1 := localBucket(t, s, c, LocalOptions{TTL: 5 * time.Second})
	node2, _ := NewBucket(s, BucketOptions{Namespace: "api"}) // another node, no tier

	_ = node1.Set(ctx, "flag", "on", 0)
	if v, _, _ := node1.Get(ctx, "flag"); v != "on" {
		t.Fatalf("read after own write = %q", v)
	}
	_ = node2.Set(ctx, "flag", "off", 0)
	if v, _, _ := node1.Get(ctx, "flag"); v != "on" {
		t.Fatalf("within local.ttl the cached value is served, got %q", v)
	}
	c.add(5 * time.Second)
	if v, _, _ := node1.Get(ctx, "flag"); v != "off" {
		t.Fatalf("after local.ttl the change is seen, got %q", v)
	}
	_ = node1.Del(ctx, "flag")
	if _, ok, _ := node1.Get(ctx, "flag"); ok {
		t.Fatal("own delete not seen at once")
	}
	_ = node2.Set(ctx, "n", "1", 0)
	_, _, _ = node1.Get(ctx, "n")
	if v, _ := node1.Incr(ctx, "n", 0); v != "2" {
		t.Fatalf("incr = %q", v)
	}
	if v, _, _ := node1.Get(ctx, "n"); v != "2" {
		t.Fatalf("own incr not seen at once: %q", v)
	}
}

// TestLocalTierKeyTTL: a cached value never outlives the key's own expiry.
func TestLocalTierKeyTTL(t *testing.T) {
	c := newClock()
	s := NewMemory(MemoryOptions{Now: c.now})
	ctx := context.Background()
	b := localBucket(t, s, c, LocalOptions{TTL: time.Minute})
	other, _ := NewBucket(s, BucketOptions{Namespace: "api"})
	_ = other.Set(ctx, "k", "v", 2)
	if v, _, _ := b.Get(ctx, "k"); v != "v" {
		t.Fatal("miss")
	}
	c.add(2*time.Second + time.Millisecond) // past the expiry millisecond
	if _, ok, _ := b.Get(ctx, "k"); ok {
		t.Fatal("cached value served past the key's expiry")
	}
	_ = b.Set(ctx, "own", "v", 3)
	c.add(3*time.Second + time.Millisecond)
	if _, ok, _ := b.Get(ctx, "own"); ok {
		t.Fatal("own write served past its expiry")
	}
}

// TestLocalTierQuota: the API's quota and the node budget bound the bytes,
// least recently used entries going first.
func TestLocalTierQuota(t *testing.T) {
	c := newClock()
	s := NewMemory(MemoryOptions{Now: c.now})
	ctx := context.Background()
	entry := int64(len("jsvm-store:api:k0")+100) + entryOverhead
	budget := NewLocalBudget(5 * entry)
	b := localBucket(t, s, c, LocalOptions{TTL: time.Minute, MaxBytes: 3 * entry, Budget: budget})
	val := strings.Repeat("x", 100)
	for i := 0; i < 4; i++ {
		_ = b.Set(ctx, "k"+strconv.Itoa(i), val, 0)
	}
	if n, bytes := b.local.stats(); n != 3 || bytes != 3*entry {
		t.Fatalf("tier holds %d entries, %d bytes; want 3, %d", n, bytes, 3*entry)
	}
	if _, ok := b.local.get("jsvm-store:api:k0"); ok {
		t.Fatal("least recently used entry not evicted")
	}
	other, _ := NewBucket(s, BucketOptions{Namespace: "api", Local: &LocalOptions{TTL: time.Minute, MaxBytes: 3 * entry, Budget: budget}, Now: c.now})
	for i := 0; i < 3; i++ {
		_ = other.Set(ctx, "k"+strconv.Itoa(i), val, 0)
	}
	if budget.Used() > 5*entry {
		t.Fatalf("node budget exceeded: %d > %d", budget.Used(), 5*entry)
	}
	_ = b.Set(ctx, "huge", strings.Repeat("x", int(4*entry)), 0)
	if _, ok := b.local.get("jsvm-store:api:huge"); ok {
		t.Fatal("a value above the quota was cached")
	}
	if v, _, _ := b.Get(ctx, "huge"); len(v) != int(4*entry) {
		t.Fatal("value above the quota not served from the store")
	}
}

// TestLocalTierCloseReturnsBudget: a closed bucket (its API unloaded) gives
// its bytes back to the node budget and caches nothing more.
func TestLocalTierCloseReturnsBudget(t *testing.T) {
	c := newClock()
	budget := NewLocalBudget(1 << 20)
	b := localBucket(t, NewMemory(MemoryOptions{Now: c.now}), c, LocalOptions{TTL: time.Minute, Budget: budget})
	ctx := context.Background()
	_ = b.Set(ctx, "k", "v", 0)
	if budget.Used() == 0 {
		t.Fatal("nothing cached")
	}
	_ = b.Close()
	if budget.Used() != 0 {
		t.Fatalf("budget still holds %d bytes after Close", budget.Used())
	}
	_ = b.Set(ctx, "k2", "v", 0)
	if v, _, _ := b.Get(ctx, "k2"); v != "v" || budget.Used() != 0 {
		t.Fatalf("after Close: %q, budget %d", v, budget.Used())
	}
	var nilBucket *Bucket
	_ = nilBucket.Close()
}
