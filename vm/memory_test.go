package vm

import (
	"context"
	"runtime"
	"testing"
)

// BenchmarkRuntimeMemory reports the heap a warm runtime holds with the
// representative script loaded (after one call), as bytes/runtime.
func BenchmarkRuntimeMemory(b *testing.B) {
	f := loadFixture(b, "representative.js", "representative")
	const n = 50
	p := newTestPool(b, func(c *PoolConfig) {
		c.Scripts = []Script{f.script}
		c.MaxRuntimes, c.Prewarm = n+1, 0
	})
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		rts := make([]*Runtime, n)
		for j := range rts {
			rt, err := p.create()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := rt.Call(context.Background(), f.call()); err != nil {
				b.Fatal(err)
			}
			rts[j] = rt
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "bytes/runtime")
		runtime.KeepAlive(rts)
	}
}
