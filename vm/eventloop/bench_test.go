package eventloop

import (
	"context"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// BenchmarkCallOverhead is the loop's own cost for a synchronous handler:
// a trivial function called directly and through Loop.Call, paired in one
// run (alternating which goes first). It reports direct-ns/op, loop-ns/op
// and overhead-ns/op; allocations are the pair's.
func BenchmarkCallOverhead(b *testing.B) {
	l, _ := newLoop(b)
	v, err := l.rt.RunString(`(function (a) { return a })`)
	if err != nil {
		b.Fatal(err)
	}
	fn, _ := goja.AssertFunction(v)
	arg := l.rt.ToValue(1)
	ctx := context.Background()
	direct := func() {
		if _, err := fn(goja.Undefined(), arg); err != nil {
			b.Fatal(err)
		}
	}
	viaLoop := func() {
		if _, err := l.Call(ctx, fn, goja.Undefined(), arg); err != nil {
			b.Fatal(err)
		}
	}
	timed := func(f func()) time.Duration {
		start := time.Now()
		f()
		return time.Since(start)
	}
	var dt, lt time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			dt += timed(direct)
			lt += timed(viaLoop)
		} else {
			lt += timed(viaLoop)
			dt += timed(direct)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(dt.Nanoseconds())/n, "direct-ns/op")
	b.ReportMetric(float64(lt.Nanoseconds())/n, "loop-ns/op")
	b.ReportMetric(float64((lt-dt).Nanoseconds())/n, "overhead-ns/op")
}

// BenchmarkCall gives each side's allocations on their own.
func BenchmarkCall(b *testing.B) {
	l, _ := newLoop(b)
	v, err := l.rt.RunString(`(function (a) { return a })`)
	if err != nil {
		b.Fatal(err)
	}
	fn, _ := goja.AssertFunction(v)
	arg := l.rt.ToValue(1)
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, _ = fn(goja.Undefined(), arg)
		}
	})
	b.Run("loop", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, _ = l.Call(context.Background(), fn, goja.Undefined(), arg)
		}
	})
}
