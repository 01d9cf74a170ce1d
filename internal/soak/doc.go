// Package soak drives a bounded load through the tyk-ve dev server over
// loopback HTTP — a mix of normal, erroring, timing-out and pass-through
// requests — and reports throughput, latency percentiles, errors, RSS,
// goroutines and runtime pool counters at start and end.
package soak
