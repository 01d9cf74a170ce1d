package vm

import (
	"context"
	"sort"
	"testing"
	"time"
)

// BenchmarkLoopOverhead measures what the event loop costs a synchronous
// endpoint (issue 13 §1): the representative call through a pool whose
// calls run on the event loop, paired in one run with the same call
// through a pool that calls handlers directly (directCall, the call path
// before the loop), alternating which goes first. It reports loop-ns/op,
// direct-ns/op and overhead-% (the loop's share over direct); the
// loop-allocs and direct-allocs sub-benchmarks give allocations per call.
func BenchmarkLoopOverhead(b *testing.B) {
	f := loadFixture(b, "representative.js", "representative")
	pools := func(b *testing.B, state State) (loop, direct func()) {
		withLoop := benchPool(b, f, state, 1)
		without := newTestPool(b, func(c *PoolConfig) {
			c.Scripts = []Script{f.script}
			c.State, c.MaxRuntimes, c.Prewarm, c.directCall = state, 1, 1, true
		})
		via := func(p *Pool) func() {
			return func() {
				if _, err := p.Call(context.Background(), f.call()); err != nil {
					b.Fatal(err)
				}
			}
		}
		return via(withLoop), via(without)
	}
	for _, state := range []State{StateIsolated, StateShared} {
		b.Run(string(state)+"/paired", func(b *testing.B) {
			loop, direct := pools(b, state)
			var loopTime, directTime time.Duration
			diffs := make([]time.Duration, 0, b.N)
			directs := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var l, d time.Duration
				if i%2 == 0 {
					l, d = timed(loop), timed(direct)
				} else {
					d, l = timed(direct), timed(loop)
				}
				loopTime += l
				directTime += d
				diffs = append(diffs, l-d)
				directs = append(directs, d)
			}
			n := float64(b.N)
			b.ReportMetric(float64(loopTime.Nanoseconds())/n, "loop-ns/op")
			b.ReportMetric(float64(directTime.Nanoseconds())/n, "direct-ns/op")
			b.ReportMetric(100*float64(loopTime-directTime)/float64(directTime), "overhead-%")
			// The median of the paired differences over the median direct
			// call: robust to the spikes a shared machine adds to one side.
			b.ReportMetric(100*float64(median(diffs))/float64(median(directs)), "median-overhead-%")
		})
		for _, which := range []string{"loop", "direct"} {
			b.Run(string(state)+"/"+which+"-allocs", func(b *testing.B) {
				loop, direct := pools(b, state)
				run := loop
				if which == "direct" {
					run = direct
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					run()
				}
			})
		}
	}
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}
