package kvstore

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestBucketMasterSemantics runs master's rules on both stores: prefixing,
// limits, TTL in seconds, Incr as a string with its TTL on creation only.
func TestBucketMasterSemantics(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			s, ctx := kind.make(t), testCtx(t)
			ns := strings.TrimSuffix(testPrefix(), ":")
			b, err := NewBucket(s, BucketOptions{Namespace: ns})
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Set(ctx, "k", "v", 30); err != nil {
				t.Fatal(err)
			}
			if v, ok, _ := s.Get(ctx, KeyPrefix+ns+":k"); !ok || v != "v" {
				t.Fatalf("stored key not at %q", KeyPrefix+ns+":k")
			}
			if n, _ := b.TTL(ctx, "k"); n != 30 {
				t.Fatalf("ttl = %d, want 30", n)
			}
			for _, tc := range []struct {
				key  string
				want int64
			}{{"missing", -2}, {"k", 30}} {
				if n, err := b.TTL(ctx, tc.key); n != tc.want || err != nil {
					t.Errorf("TTL(%s) = %d, %v; want %d", tc.key, n, err, tc.want)
				}
			}
			_ = b.Set(ctx, "forever", "v", 0)
			if n, _ := b.TTL(ctx, "forever"); n != -1 {
				t.Fatalf("ttl without expiry = %d", n)
			}
			if v, err := b.Incr(ctx, "c", 60); v != "1" || err != nil {
				t.Fatalf("incr = %q, %v", v, err)
			}
			if n, _ := b.TTL(ctx, "c"); n != 60 {
				t.Fatalf("incr ttl = %d, want 60", n)
			}
			if v, _ := b.Incr(ctx, "c", 5); v != "2" {
				t.Fatalf("incr = %q", v)
			}
			if n, _ := b.TTL(ctx, "c"); n != 60 {
				t.Fatalf("second incr changed the ttl to %d", n)
			}
			_ = b.Set(ctx, "big", "9007199254740993", 0)
			if v, _ := b.Incr(ctx, "big", 0); v != "9007199254740994" {
				t.Fatalf("incr past 2^53 = %q", v)
			}
			if ok, err := b.SetNX(ctx, "lock", "a", 10); !ok || err != nil {
				t.Fatal(ok, err)
			}
			if ok, _ := b.SetNX(ctx, "lock", "b", 10); ok {
				t.Fatal("second SetNX claimed the key")
			}
			if _, err := b.SetNX(ctx, "neg", "b", -1); !errors.Is(err, ErrInvalidExpire) {
				t.Fatalf("SetNX negative ttl: %v", err)
			}
			_ = b.Del(ctx, "lock")
			if _, ok, _ := b.Get(ctx, "lock"); ok {
				t.Fatal("deleted key still there")
			}
		})
	}
}

func TestBucketLimits(t *testing.T) {
	b, _ := NewBucket(NewMemory(MemoryOptions{}), BucketOptions{Namespace: "a", MaxValueSize: 10})
	ctx := context.Background()
	long := strings.Repeat("k", DefaultMaxKeySize+1)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"empty key", b.Set(ctx, "", "v", 0), "storage key must be 1-256 bytes"},
		{"long key", b.Del(ctx, long), "storage key must be 1-256 bytes"},
		{"long key get", func() error { _, _, err := b.Get(ctx, long); return err }(), "storage key must be 1-256 bytes"},
		{"big value", b.Set(ctx, "k", "12345678901", 0), "storage value exceeds 10 bytes"},
		{"big value setnx", func() error { _, err := b.SetNX(ctx, "k", "12345678901", 0); return err }(), "storage value exceeds 10 bytes"},
		{"value at the cap", b.Set(ctx, "k", "1234567890", 0), ""},
		{"key at the cap", b.Set(ctx, long[1:], "v", 0), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "" {
				if tc.err != nil {
					t.Fatal(tc.err)
				}
				return
			}
			if tc.err == nil || tc.err.Error() != tc.want || !errors.Is(tc.err, ErrLimit) {
				t.Fatalf("err = %v, want %q", tc.err, tc.want)
			}
		})
	}
}

func TestBucketNil(t *testing.T) {
	var b *Bucket
	ctx := context.Background()
	if _, _, err := b.Get(ctx, "k"); !errors.Is(err, ErrUnavailable) || err.Error() != "JSVM storage is not available" {
		t.Fatalf("nil bucket: %v", err)
	}
	if _, err := b.List(ctx, ListOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("nil bucket list: %v", err)
	}
}

// TestBucketNamespaces: APIs do not see each other's keys; the empty
// namespace is master's shared layout.
func TestBucketNamespaces(t *testing.T) {
	s, ctx := NewMemory(MemoryOptions{}), context.Background()
	a, _ := NewBucket(s, BucketOptions{Namespace: "api-a"})
	a2, _ := NewBucket(s, BucketOptions{Namespace: "api:a"}) // ':' escaped: no collision
	shared, _ := NewBucket(s, BucketOptions{})
	_ = a.Set(ctx, "k", "a", 0)
	_ = a2.Set(ctx, "k", "a2", 0)
	_ = shared.Set(ctx, "k", "shared", 0)
	for _, tc := range []struct {
		b    *Bucket
		want string
	}{{a, "a"}, {a2, "a2"}, {shared, "shared"}} {
		if v, _, _ := tc.b.Get(ctx, "k"); v != tc.want {
			t.Errorf("got %q, want %q", v, tc.want)
		}
	}
	raw, _ := s.Keys(ctx, "", 10)
	want := map[string]bool{"jsvm-store:api-a:k": true, "jsvm-store:api%3Aa:k": true, "jsvm-store:k": true}
	for _, k := range raw {
		if !want[k] {
			t.Errorf("unexpected stored key %q", k)
		}
	}
}

func TestBucketList(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			s, ctx := kind.make(t), testCtx(t)
			b, _ := NewBucket(s, BucketOptions{Namespace: strings.TrimSuffix(testPrefix(), ":"), MaxListKeys: 5})
			for _, k := range []string{"user:3", "user:1", "user:2", "other", "user*"} {
				_ = b.Set(ctx, k, "v", 0)
			}
			page, err := b.List(ctx, ListOptions{Prefix: "user:", Limit: 2})
			if err != nil || strings.Join(page.Keys, ",") != "user:1,user:2" || page.Complete || page.Cursor != "user:2" {
				t.Fatalf("page 1 = %+v, %v", page, err)
			}
			page, err = b.List(ctx, ListOptions{Prefix: "user:", Limit: 2, Cursor: page.Cursor})
			if err != nil || strings.Join(page.Keys, ",") != "user:3" || !page.Complete {
				t.Fatalf("page 2 = %+v, %v", page, err)
			}
			all, _ := b.List(ctx, ListOptions{})
			if strings.Join(all.Keys, ",") != "other,user*,user:1,user:2,user:3" {
				t.Fatalf("all = %v", all.Keys)
			}
			_ = b.Set(ctx, "sixth", "v", 0)
			if _, err := b.List(ctx, ListOptions{}); !errors.Is(err, ErrTooManyKeys) {
				t.Fatalf("list above max_list_keys: %v", err)
			}
		})
	}
}

func TestBucketOptionsValidate(t *testing.T) {
	err := BucketOptions{MaxKeySize: -1, MaxValueSize: -1, OpTimeout: -1, MaxListKeys: -1, Local: &LocalOptions{TTL: -1, MaxBytes: -1}}.Validate()
	for _, field := range []string{"max_key_size", "max_value_size", "op_timeout", "max_list_keys", "local.ttl", "local.max_size"} {
		if err == nil || !strings.Contains(err.Error(), field+":") {
			t.Errorf("Validate does not name %s: %v", field, err)
		}
	}
	if _, err := NewBucket(NewMemory(MemoryOptions{}), BucketOptions{MaxKeySize: -1}); err == nil {
		t.Fatal("NewBucket accepted invalid options")
	}
}
