package plugin

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/tyk-ve/tyk-ve/vm"
)

// DefaultCPUHeavyAfter is when an endpoint counts as CPU-heavy: its calls
// keep a CPU busy (running JavaScript, not waiting on the network) this
// long on average. The representative endpoint takes about 50 µs.
const DefaultCPUHeavyAfter = 10 * time.Millisecond

// cpuMeter follows how long an endpoint's calls keep a CPU busy: an
// exponentially weighted average (weight 1/4 for the newest call) of each
// call's time on its runtime less its time waiting on the network.
//
// goja cannot pause a script, and Go's scheduler lets a goroutine that never
// blocks run for 10 ms slices, so a few endpoints spinning in JavaScript
// would take every core and make the API's other calls wait a slice each.
// Calls of a heavy endpoint therefore run in the node's CPU slots —
// max(1, GOMAXPROCS/2), shared by every heavy endpoint of every API — and
// wait for a free slot, at most until their own deadline. Light endpoints
// never touch the slots, so the other half of the cores stays free for them.
type cpuMeter struct {
	heavyAfter time.Duration
	avg        atomic.Int64 // nanoseconds
}

func newCPUMeter(heavyAfter time.Duration) *cpuMeter {
	if heavyAfter <= 0 {
		heavyAfter = DefaultCPUHeavyAfter
	}
	return &cpuMeter{heavyAfter: heavyAfter}
}

// heavy reports whether the endpoint's calls keep a CPU busy for long.
func (m *cpuMeter) heavy() bool {
	return m != nil && time.Duration(m.avg.Load()) >= m.heavyAfter
}

// observe adds one call's CPU time.
func (m *cpuMeter) observe(c *vm.Call) {
	if m == nil {
		return
	}
	busy := int64(max(c.Ran-c.IOWait, 0))
	for {
		old := m.avg.Load()
		if m.avg.CompareAndSwap(old, old+(busy-old)/4) {
			return
		}
	}
}

// cpuSlots are the node's places for calls of CPU-heavy endpoints, and the
// count of light calls in flight that they yield to.
//
// A heavy call holds a slot while it runs. When light calls were running as
// it finished, its slot then rests for as long as the call kept its CPU
// busy, so that under contention heavy endpoints get at most half of their
// slots' time: a quarter of the node's cores. With no light call in flight
// the slot is free at once and heavy calls use their half of the cores.
type cpuSlots struct {
	slots chan struct{}
	light atomic.Int64
}

func newCPUSlots() *cpuSlots {
	return &cpuSlots{slots: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))}
}

// lightCall counts a light call in flight until the returned func runs.
func (s *cpuSlots) lightCall() (done func()) {
	s.light.Add(1)
	return func() { s.light.Add(-1) }
}

// errCPUWait is wrapped when a heavy call's deadline passed while it waited
// for a CPU slot: a timeout, like a call that ran out of time.
var errCPUWait = errors.New("the endpoint's calls are CPU-heavy and every CPU slot stayed busy until the call's deadline")

// acquire waits for a slot until ctx ends.
func (s *cpuSlots) acquire(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
		return nil
	default:
	}
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("%w: %w", vm.ErrTimeout, errCPUWait)
		}
		return ctx.Err()
	}
}

// release frees a slot after a heavy call that kept a CPU busy for busy:
// at once, or after resting as long when light calls are in flight.
func (s *cpuSlots) release(busy time.Duration) {
	if busy <= 0 || s.light.Load() == 0 {
		<-s.slots
		return
	}
	time.AfterFunc(busy, func() { <-s.slots })
}
