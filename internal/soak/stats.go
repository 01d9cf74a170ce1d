package soak

import (
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Snapshot is the process state at one moment.
type Snapshot struct {
	RSSBytes     int64 // VmRSS
	PeakRSSBytes int64 // VmHWM: the highest RSS since the process started
	HeapBytes    uint64
	Goroutines   int
}

func snapshot() Snapshot {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return Snapshot{RSSBytes: procStatus("VmRSS:"), PeakRSSBytes: procStatus("VmHWM:"),
		HeapBytes: ms.HeapAlloc, Goroutines: runtime.NumGoroutine()}
}

// procStatus reads a kB field such as VmRSS from /proc/self/status, in
// bytes (0 where it is not available).
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field) {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// Latencies summarises one request kind.
type Latencies struct {
	Count               int
	P50, P99, P999, Max time.Duration
	Statuses            map[int]int
}

func summarise(d []time.Duration, statuses map[int]int) Latencies {
	if len(d) == 0 {
		return Latencies{Statuses: statuses}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	at := func(q float64) time.Duration { return d[int(q*float64(len(d)-1))] }
	return Latencies{Count: len(d), P50: at(0.50), P99: at(0.99), P999: at(0.999), Max: d[len(d)-1], Statuses: statuses}
}
