package vm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tyk-ve/tyk-ve/capacity"
)

// Replacements counts runtimes destroyed after a call (and replaced on
// demand), by reason. Idle retirement is counted apart (Stats.Retired).
type Replacements struct {
	Timeout       int64 // the call hit its deadline or its caller went away
	Memory        int64 // the heap guard stopped the call
	StackOverflow int64 // the call exceeded the maximum stack depth
	MaxUses       int64 // the runtime served max_uses calls
	ResetFailed   int64 // the isolation reset failed (the top level threw when replayed)
	Error         int64 // any other failure (a panic in the API, a broken runtime)
	Discarded     int64 // destroyed by its caller without a failure
}

// replaceReason indexes poolCounters.replaced.
type replaceReason int

const (
	replaceTimeout replaceReason = iota
	replaceMemory
	replaceStackOverflow
	replaceMaxUses
	replaceResetFailed
	replaceError
	replaceDiscarded
	numReplaceReasons
)

var (
	// errMaxUses marks a runtime retired after PoolConfig.MaxUses calls.
	errMaxUses = errors.New("retired after max uses")
	// errResetFailed marks a runtime whose isolation reset failed.
	errResetFailed = errors.New("isolation reset failed")
)

// reasonOf classifies why a runtime is destroyed (its broken error).
func reasonOf(broken error) replaceReason {
	switch {
	case broken == nil:
		return replaceDiscarded
	case errors.Is(broken, ErrTimeout), errors.Is(broken, context.Canceled):
		return replaceTimeout
	case errors.Is(broken, capacity.ErrHeapLimit):
		return replaceMemory
	case errors.Is(broken, ErrStackOverflow):
		return replaceStackOverflow
	case errors.Is(broken, errMaxUses):
		return replaceMaxUses
	case errors.Is(broken, errResetFailed):
		return replaceResetFailed
	}
	return replaceError
}

// replacements reads the per-reason counters.
func (p *Pool) replacements() Replacements {
	c := &p.stats.replaced
	return Replacements{
		Timeout: c[replaceTimeout].Load(), Memory: c[replaceMemory].Load(),
		StackOverflow: c[replaceStackOverflow].Load(), MaxUses: c[replaceMaxUses].Load(),
		ResetFailed: c[replaceResetFailed].Load(), Error: c[replaceError].Load(),
		Discarded: c[replaceDiscarded].Load(),
	}
}

// countWait records one Acquire that waited since start.
func (p *Pool) countWait(start time.Time) {
	p.stats.waits.Add(1)
	p.stats.waitNanos.Add(int64(time.Since(start)))
}

// timedReset resets rt for the next call and records how long it took; a
// failure is marked errResetFailed (the runtime is then destroyed).
func (p *Pool) timedReset(rt *Runtime) error {
	start := time.Now()
	err := rt.reset()
	p.stats.resets.Add(1)
	p.stats.resetNanos.Add(int64(time.Since(start)))
	if err != nil {
		return fmt.Errorf("%w: %w", errResetFailed, err)
	}
	return nil
}

// isolationName names how the pool resets runtimes between calls ("" for
// a pool that keeps state).
func (p *Pool) isolationName() string {
	if p.cfg.State != StateIsolated {
		return ""
	}
	return p.globals.plan.Mode.String()
}
