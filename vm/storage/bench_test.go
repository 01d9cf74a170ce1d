package storage

import (
	"context"
	"testing"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/kvstore"
)

// BenchmarkTykStorageGet is the binding's cost: TykStorageGet from
// JavaScript against Bucket.Get from Go, on the in-memory store.
func BenchmarkTykStorageGet(b *testing.B) {
	ctx := context.Background()
	bk, _ := kvstore.NewBucket(kvstore.NewMemory(kvstore.MemoryOptions{}), kvstore.BucketOptions{Namespace: "bench"})
	_ = bk.Set(ctx, "k", "value", 0)
	b.Run("go", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, ok, _ := bk.Get(ctx, "k"); !ok {
				b.Fatal("missing")
			}
		}
	})
	b.Run("js", func(b *testing.B) {
		rt := goja.New()
		_ = Install(rt, &Env{Bucket: func() *kvstore.Bucket { return bk }, Context: func() context.Context { return ctx }})
		if _, err := rt.RunString(`function get() { return TykStorageGet("k") }`); err != nil {
			b.Fatal(err)
		}
		get, _ := goja.AssertFunction(rt.Get("get"))
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := get(goja.Undefined()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
