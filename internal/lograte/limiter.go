package lograte

import (
	"sync/atomic"
	"time"
)

// Limiter lets one log line through per Interval (default one second) and
// counts the ones it held back. The zero value is ready to use.
type Limiter struct {
	// Interval is the least time between two lines let through.
	Interval   time.Duration
	last       atomic.Int64 // unix nanoseconds of the last line let through
	suppressed atomic.Int64
}

// Allow reports whether a line may be logged now; a refusal is counted.
func (l *Limiter) Allow() bool {
	every := l.Interval
	if every == 0 {
		every = time.Second
	}
	now := time.Now().UnixNano()
	last := l.last.Load()
	if now-last < int64(every) || !l.last.CompareAndSwap(last, now) {
		l.suppressed.Add(1)
		return false
	}
	return true
}

// Suppressed returns the lines held back since its last call.
func (l *Limiter) Suppressed() int64 { return l.suppressed.Swap(0) }
