package metrics

import (
	"testing"
	"time"
)

// BenchmarkEndpointObserve is what metrics add to a request: one call
// recorded on its pre-resolved series (a counter and three histograms), from
// several goroutines at once.
func BenchmarkEndpointObserve(b *testing.B) {
	e := NewSet().Endpoint(EndpointKey{"api", "tyk_ve.endpoints[0]", "f"})
	c := Call{Duration: 3 * time.Millisecond, Ran: 2 * time.Millisecond, IOWait: time.Millisecond}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			e.Observe(c)
		}
	})
}
