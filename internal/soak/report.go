package soak

import (
	"fmt"
	"io"
	"sort"
	"time"
)

// Markdown writes the report as markdown tables.
func (r *Report) Markdown(w io.Writer) {
	secs := r.Elapsed.Seconds()
	fmt.Fprintf(w, "%d requests in %s (%.0f req/s), concurrency %d, GOMAXPROCS %d; %d with an unexpected status, %d transport errors\n\n",
		r.Requests, r.Elapsed.Round(time.Millisecond), float64(r.Requests)/secs, r.Options.Concurrency, r.Procs, r.Unexpected, r.Failed)
	fmt.Fprintln(w, "| kind | requests | p50 | p99 | p99.9 | max | statuses |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, k := range kinds {
		l := r.Kinds[k.name]
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s |\n", k.name, l.Count, round(l.P50), round(l.P99), round(l.P999), round(l.Max), statusList(l.Statuses))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| | start | end |")
	fmt.Fprintln(w, "|---|---|---|")
	fmt.Fprintf(w, "| RSS | %.1f MiB | %.1f MiB (peak %.1f MiB) |\n", mib(r.Start.RSSBytes), mib(r.End.RSSBytes), mib(r.End.PeakRSSBytes))
	fmt.Fprintf(w, "| Go heap | %.1f MiB | %.1f MiB |\n", mib(int64(r.Start.HeapBytes)), mib(int64(r.End.HeapBytes)))
	fmt.Fprintf(w, "| goroutines | %d | %d |\n", r.Start.Goroutines, r.End.Goroutines)
	fmt.Fprintf(w, "\nruntime pool at the end of the load: %d live, %d idle, %d in use; %d created, %d destroyed; %d calls, %d timeouts\n",
		r.Pool.Live, r.Pool.Idle, r.Pool.InUse, r.Pool.Created, r.Pool.Destroyed, r.Pool.Calls, r.Pool.Timeouts)
	fmt.Fprintf(w, "runtime pool after shutdown: %d live, %d in use; %d created, %d destroyed\n",
		r.PoolAfterClose.Live, r.PoolAfterClose.InUse, r.PoolAfterClose.Created, r.PoolAfterClose.Destroyed)
}

func round(d time.Duration) string {
	switch {
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	default:
		return d.Round(time.Microsecond).String()
	}
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func statusList(m map[int]int) string {
	codes := make([]int, 0, len(m))
	for c := range m {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	s := ""
	for i, c := range codes {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%d×%d", c, m[c])
	}
	return s
}
