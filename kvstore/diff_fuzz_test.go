package kvstore

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzStoreDifferential decodes the input into a sequence of operations,
// runs it on the in-memory store and on a real Redis, and requires the same
// transcript (values, found flags, TTLs, errors by meaning). Without a
// redis-server it is skipped.
func FuzzStoreDifferential(f *testing.F) {
	redis := newRedisForTB(f)
	for _, seed := range [][]byte{{0, 1, 2, 3, 4, 5, 6}, {12, 33, 5, 19, 5, 40}, {1, 8, 15, 22, 29, 36, 43, 50}} {
		f.Add(seed)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 64 {
			ops = ops[:64]
		}
		mem := NewMemory(MemoryOptions{})
		p := testPrefix()
		want, got := transcript(ctx, mem, p, ops), transcript(ctx, redis, p, ops)
		if want != got {
			t.Fatalf("memory and Redis differ for %v:\nmemory: %s\nredis:  %s", ops, want, got)
		}
	})
}

var (
	fuzzKeys   = []string{"a", "b", "c"}
	fuzzValues = []string{"1", "x", "-5", "9223372036854775807", "", "007"}
	fuzzTTLs   = []time.Duration{0, 100 * time.Second, -3 * time.Second, 40 * time.Second} // whole seconds: TTL rounding is then independent of timing
)

// transcript runs the operations coded in ops on s under prefix p.
func transcript(ctx context.Context, s Store, p string, ops []byte) string {
	var b strings.Builder
	for _, op := range ops {
		k := p + fuzzKeys[int(op>>3)%len(fuzzKeys)]
		v := fuzzValues[int(op>>3)%len(fuzzValues)]
		ttl := fuzzTTLs[int(op>>5)%len(fuzzTTLs)]
		switch op % 8 {
		case 0:
			val, ok, err := s.Get(ctx, k)
			fmt.Fprintf(&b, "get=%q,%v,%s;", val, ok, errName(err))
		case 1:
			fmt.Fprintf(&b, "set=%s;", errName(s.Set(ctx, k, v, ttl)))
		case 2:
			ok, err := s.SetNX(ctx, k, v, ttl)
			fmt.Fprintf(&b, "setnx=%v,%s;", ok, errName(err))
		case 3:
			fmt.Fprintf(&b, "del=%s;", errName(s.Del(ctx, k)))
		case 4:
			d, err := s.TTL(ctx, k)
			fmt.Fprintf(&b, "ttl=%v,%s;", d, errName(err))
		case 5:
			n, err := s.Incr(ctx, k)
			fmt.Fprintf(&b, "incr=%d,%s;", n, errName(err))
		case 6:
			fmt.Fprintf(&b, "expire=%s;", errName(s.Expire(ctx, k, ttl)))
		default:
			keys, err := s.Keys(ctx, p, 10)
			fmt.Fprintf(&b, "keys=%d,%s;", len(keys), errName(err))
		}
	}
	return b.String()
}
