package plugin

import (
	"fmt"
	"math"
	"sync/atomic"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/capacity"
)

// nodeCapacity is what one Handler governs for the whole node: the memory
// budget every API's pool shares and the heap guard.
type nodeCapacity struct {
	budget *capacity.Budget
	guard  *capacity.HeapGuard
	cpu    *cpuSlots
}

// newNodeCapacity resolves the node settings and starts the heap guard; it
// logs the figures once, so operators see what is in force.
func newNodeCapacity(s Settings, logger *logrus.Logger) (*nodeCapacity, error) {
	limit, err := capacity.ParseHeapLimit(s.HeapLimit, capacity.SystemMemoryLimits())
	if err != nil {
		return nil, fmt.Errorf("heap_limit (%s): %w", EnvHeapLimit, err)
	}
	log := logger.WithField("prefix", "tyk-ve")
	guard, err := capacity.NewHeapGuard(capacity.GuardConfig{Limit: limit.Bytes, Logger: log})
	if err != nil {
		return nil, err
	}
	budget := "none"
	if s.NodeMaxMemory > 0 {
		budget = capacity.FormatSize(s.NodeMaxMemory)
	}
	log.WithFields(logrus.Fields{"heap_limit": limit.From, "node_max_memory": budget}).
		Info("tyk-ve: node capacity")
	return &nodeCapacity{budget: capacity.NewBudget(max(s.NodeMaxMemory, 0)), guard: guard, cpu: newCPUSlots()}, nil
}

// Close stops the heap guard.
func (n *nodeCapacity) Close() error {
	if n == nil {
		return nil
	}
	return n.guard.Close()
}

// runtimeBudget is the node's runtime budget (nil: none, outside a Handler).
func (n *nodeCapacity) runtimeBudget() *capacity.Budget {
	if n == nil {
		return nil
	}
	return n.budget
}

// guardPool lets the heap guard stop the pool's calls; the result undoes it.
func (n *nodeCapacity) guardPool(t capacity.Tracker) (unregister func()) {
	if n == nil {
		return func() {}
	}
	return n.guard.Register(t)
}

func (n *nodeCapacity) guardStats() capacity.GuardStats {
	if n == nil {
		return capacity.GuardStats{}
	}
	return n.guard.Stats()
}

// cpuSlots returns the node's CPU slots (nil outside a Handler: none).
func (n *nodeCapacity) cpuSlots() *cpuSlots {
	if n == nil {
		return nil
	}
	return n.cpu
}

// admit reports whether the heap guard lets a new call of function in api
// start (nil) or why not.
func (n *nodeCapacity) admit(api, function string) error {
	if n == nil {
		return nil
	}
	return n.guard.Admit(api, function)
}

// gate bounds one endpoint's calls in flight (nil: unbounded).
type gate struct {
	limit    int64
	inFlight atomic.Int64
}

// DefaultEndpointShare is the share of an API's runtimes one of its
// endpoints may hold when the API has several: a slow upstream behind one
// endpoint can take half of the API's capacity, never all of it.
const DefaultEndpointShare = 0.5

// newGate returns the gate for an endpoint: its own max_concurrent, else
// share × the API's runtimes when the API has more than one endpoint, else
// none (the pool alone bounds it).
func newGate(maxConcurrent, endpoints, poolMax int, share float64) *gate {
	switch {
	case maxConcurrent > 0:
		return &gate{limit: int64(maxConcurrent)}
	case endpoints < 2 || share >= 1:
		return nil
	}
	return &gate{limit: int64(max(1, math.Ceil(share*float64(poolMax))))}
}

// enter takes a place; false means the endpoint is at its limit.
func (g *gate) enter() bool {
	if g == nil {
		return true
	}
	if g.inFlight.Add(1) > g.limit {
		g.inFlight.Add(-1)
		return false
	}
	return true
}

// leave gives the place back.
func (g *gate) leave() {
	if g != nil {
		g.inFlight.Add(-1)
	}
}
