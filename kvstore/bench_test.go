package kvstore

import (
	"context"
	"testing"
	"time"
)

// BenchmarkBucketGet compares one Get of a 100-byte value: in memory, from a
// real Redis on loopback, and from Redis with the node-local tier in front
// (a hit). Run them in one go and read the ratios.
func BenchmarkBucketGet(b *testing.B) {
	ctx := context.Background()
	value := string(make([]byte, 100))
	cases := []struct {
		name  string
		store func(b *testing.B) Store
		local *LocalOptions
	}{
		{"memory", func(*testing.B) Store { return NewMemory(MemoryOptions{}) }, nil},
		{"redis", func(b *testing.B) Store { return newRedisForTB(b) }, nil},
		{"redis+local", func(b *testing.B) Store { return newRedisForTB(b) }, &LocalOptions{TTL: time.Hour}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			bk, err := NewBucket(tc.store(b), BucketOptions{Namespace: "bench", Local: tc.local})
			if err != nil {
				b.Fatal(err)
			}
			if err := bk.Set(ctx, "k", value, 0); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, ok, err := bk.Get(ctx, "k"); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
	}
}

// BenchmarkBucketIncr is the rate-limit counter's cost: memory against Redis.
func BenchmarkBucketIncr(b *testing.B) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		store func(b *testing.B) Store
	}{
		{"memory", func(*testing.B) Store { return NewMemory(MemoryOptions{}) }},
		{"redis", func(b *testing.B) Store { return newRedisForTB(b) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			bk, _ := NewBucket(tc.store(b), BucketOptions{Namespace: "bench"})
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := bk.Incr(ctx, "n", 60); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
