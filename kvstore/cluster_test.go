package kvstore

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/kvstore/redistest"
)

// TestRedisCluster runs master's semantics on a three-master Redis Cluster
// (enable_cluster with addrs): keys spread over the slots, and a listing
// scans every master.
func TestRedisCluster(t *testing.T) {
	addrs := redistest.StartCluster(t)
	r, err := NewRedis(RedisConfig{Addrs: addrs, EnableCluster: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, _ := NewBucket(r, BucketOptions{Namespace: "cluster"})
	var want []string
	for i := 0; i < 40; i++ {
		k := fmt.Sprintf("k%02d", i)
		want = append(want, k)
		if err := b.Set(ctx, k, k, 0); err != nil {
			t.Fatalf("set %s: %v", k, err)
		}
	}
	if v, _ := b.Incr(ctx, "n", 30); v != "1" {
		t.Fatalf("incr = %q", v)
	}
	if n, _ := b.TTL(ctx, "n"); n != 30 {
		t.Fatalf("ttl = %d", n)
	}
	if ok, _ := b.SetNX(ctx, "k00", "x", 0); ok {
		t.Fatal("setnx claimed an existing key")
	}
	res, err := b.List(ctx, ListOptions{Prefix: "k"})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	if strings.Join(res.Keys, ",") != strings.Join(want, ",") {
		t.Fatalf("list over the cluster = %v", res.Keys)
	}
	// The keys really are on more than one master.
	spread := map[string]bool{}
	for _, a := range addrs {
		single, _ := NewRedis(RedisConfig{Addrs: []string{a}})
		keys, _ := single.Keys(ctx, KeyPrefix+"cluster:k", 100)
		if len(keys) > 0 {
			spread[a] = true
		}
		single.Close()
	}
	if len(spread) < 2 {
		t.Fatalf("keys on %d master(s) only", len(spread))
	}
}

// TestRedisSentinel finds the master through a sentinel (master_name with
// the sentinels in addrs), as the gateway does.
func TestRedisSentinel(t *testing.T) {
	sentinel, master := redistest.StartSentinel(t)
	r, err := NewRedis(RedisConfig{Addrs: []string{sentinel}, MasterName: "mymaster"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.Set(ctx, "via-sentinel", "v", 0); err != nil {
		t.Fatal(err)
	}
	direct, _ := NewRedis(RedisConfig{Addrs: []string{master}})
	defer direct.Close()
	if v, _, err := direct.Get(ctx, "via-sentinel"); v != "v" || err != nil {
		t.Fatalf("the master holds %q, %v", v, err)
	}
}
