package plugin

import (
	"sync/atomic"
	"time"
)

// logLimiter lets one log line through per interval (default one second)
// and counts the ones it held back, so an overload does not also flood the
// gateway's log.
type logLimiter struct {
	interval   time.Duration
	last       atomic.Int64 // unix nanoseconds of the last line let through
	suppressed atomic.Int64
}

// allow reports whether a line may be logged now; a refusal is counted.
func (l *logLimiter) allow() bool {
	every := l.interval
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

// takeSuppressed returns the lines held back since the last call.
func (l *logLimiter) takeSuppressed() int64 { return l.suppressed.Swap(0) }
