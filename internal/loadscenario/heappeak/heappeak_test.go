package heappeak

import (
	"runtime"
	"testing"
	"time"
)

var sink [][]byte

// TestPeakSeesAllocation: a peak taken while 64 MiB are live stays at or
// above that figure after the memory is released and collected, and a reset
// brings it back down.
func TestPeakSeesAllocation(t *testing.T) {
	s := Start(time.Millisecond)
	defer s.Close()
	const chunk, n = 1 << 20, 64
	for i := 0; i < n; i++ {
		sink = append(sink, make([]byte, chunk))
	}
	live := s.Now()
	if live < chunk*n {
		t.Fatalf("heap now %d bytes with %d live", live, chunk*n)
	}
	sink = nil
	runtime.GC()
	if p := s.Peak(); p < live {
		t.Fatalf("peak %d after release, want >= %d", p, live)
	}
	if old := s.Reset(); old < live {
		t.Fatalf("Reset returned %d, want >= %d", old, live)
	}
	if p := s.Peak(); p >= live {
		t.Fatalf("peak after reset and GC = %d, want < %d", p, live)
	}
	s.Close() // idempotent with the deferred one
}
