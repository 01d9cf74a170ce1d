package vm

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/capacity"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// State selects how much JavaScript state survives from one call to the next
// on the same runtime.
type State string

const (
	// StateIsolated (the default) gives every call the fresh top-level state
	// Tyk gives it: globals a call creates are deleted, reassigned globals are
	// restored and every script's top-level code is run again before the
	// runtime is reused.
	StateIsolated State = "isolated"
	// StateShared keeps module-level state (caches, counters) alive within a
	// runtime between calls. Each runtime has its own copy; nothing is shared
	// between runtimes or APIs.
	StateShared State = "shared"
)

// Limits bound what one call may do (tykapi.Limits). Zero values mean
// "use the default".
type Limits = tykapi.Limits

// Default limits.
const (
	DefaultMaxStackDepth           = tykapi.DefaultMaxStackDepth
	DefaultMaxOutboundRequests     = tykapi.DefaultMaxOutboundRequests
	DefaultMaxOutboundResponseBody = tykapi.DefaultMaxOutboundResponseBody
	DefaultMaxUses                 = 10000
)

// Pool sizing defaults. A warm runtime of the representative endpoint holds
// about 260 KB with the native recursion guards installed
// (BenchmarkRuntimeMemory); DefaultRuntimeMemory adds room for the objects
// a running call makes. A call waiting on an upstream holds its runtime but
// no CPU, so the bound is memory, not cores: the default MaxMemory lets one
// API run 256 calls at once, and the Go scheduler shares the CPU between
// them as it does between Tyk's per-request runtimes.
const (
	DefaultMaxMemory      = 128 << 20
	DefaultRuntimeMemory  = 512 << 10
	DefaultIdleTimeout    = time.Minute
	DefaultAcquireTimeout = time.Second
)

// PoolConfig configures a Pool. Build one with NewPoolConfig to get defaults.
type PoolConfig struct {
	// Name labels the pool in errors (usually the API ID).
	Name string
	// Scripts are compiled once and run, in order, into every runtime.
	Scripts []Script
	// MaxRuntimes bounds the runtimes that exist at once (in use or idle);
	// 0 derives it from the memory budget: MaxMemory / RuntimeMemory.
	MaxRuntimes int
	// MaxMemory is the API's memory budget for runtimes (bytes).
	MaxMemory int64
	// RuntimeMemory is the memory one runtime is counted for, in MaxMemory
	// and in Budget (bytes).
	RuntimeMemory int64
	// Budget is the node-wide runtime memory budget shared with every other
	// pool; nil is unlimited. A pool always keeps at least one runtime.
	Budget *capacity.Budget
	// Prewarm is how many runtimes are kept ready ahead of demand.
	Prewarm int
	// IdleTimeout retires runtimes above Prewarm that stayed idle this long.
	IdleTimeout time.Duration
	// AcquireTimeout bounds the wait for a free runtime; the call's own
	// deadline applies too, whichever is sooner.
	AcquireTimeout time.Duration
	// MaxUses retires a runtime after this many calls (0: DefaultMaxUses).
	MaxUses int
	// State selects isolated (default) or shared top-level state.
	State State
	// Limits bound each call.
	Limits Limits
	// Logger receives log() output and pool events. Required.
	Logger *logrus.Entry
	// RawLogger receives rawlog() output; defaults to Logger's logger.
	RawLogger *logrus.Logger
	// Host gives the JavaScript API its outbound HTTP client, its key store
	// and its policies. Zero value: a default Host.
	Host *Host

	// directCall calls handlers without the event loop (no await, no
	// timers): the baseline of the loop's paired benchmark, tests only.
	directCall bool
}

// NewPoolConfig returns a config with the defaults: runtimes bounded by a
// 128 MiB budget (256 runtimes), GOMAXPROCS of them prewarmed.
func NewPoolConfig(name string, scripts []Script, logger *logrus.Entry) PoolConfig {
	return PoolConfig{
		Name:           name,
		Scripts:        scripts,
		MaxMemory:      DefaultMaxMemory,
		RuntimeMemory:  DefaultRuntimeMemory,
		Prewarm:        runtime.GOMAXPROCS(0),
		IdleTimeout:    DefaultIdleTimeout,
		AcquireTimeout: DefaultAcquireTimeout,
		MaxUses:        DefaultMaxUses,
		State:          StateIsolated,
		Limits:         Limits{}.WithDefaults(),
		Logger:         logger,
	}
}

// withDefaults fills the fields a zero value leaves open and derives
// MaxRuntimes from the memory budget when it is not set.
func (c PoolConfig) withDefaults() PoolConfig {
	c.Limits = c.Limits.WithDefaults()
	if c.MaxUses == 0 {
		c.MaxUses = DefaultMaxUses
	}
	if c.RuntimeMemory == 0 {
		c.RuntimeMemory = DefaultRuntimeMemory
	}
	if c.MaxMemory == 0 {
		c.MaxMemory = DefaultMaxMemory
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.MaxRuntimes == 0 && c.RuntimeMemory > 0 && c.MaxMemory >= c.RuntimeMemory {
		c.MaxRuntimes = int(min(c.MaxMemory/c.RuntimeMemory, math.MaxInt32))
	}
	return c
}

// Validate reports every problem at once, naming the field.
func (c PoolConfig) Validate() error {
	var errs []error
	if c.MaxRuntimes < 1 {
		errs = append(errs, fmt.Errorf("max_runtimes: must be >= 1 (set it, or a max_memory of at least one runtime_memory), got %d", c.MaxRuntimes))
	}
	if c.MaxMemory < 0 {
		errs = append(errs, errors.New("max_memory: must be >= 0"))
	}
	if c.RuntimeMemory < 0 {
		errs = append(errs, errors.New("runtime_memory: must be >= 0"))
	}
	if c.Prewarm < 0 || c.Prewarm > c.MaxRuntimes {
		errs = append(errs, fmt.Errorf("prewarm: must be between 0 and max_runtimes (%d), got %d", c.MaxRuntimes, c.Prewarm))
	}
	if c.IdleTimeout < 0 {
		errs = append(errs, errors.New("idle_timeout: must be > 0"))
	}
	if c.AcquireTimeout <= 0 {
		errs = append(errs, errors.New("acquire_timeout: must be > 0"))
	}
	if c.MaxUses < 0 {
		errs = append(errs, errors.New("max_uses: must be >= 0"))
	}
	if c.State != StateIsolated && c.State != StateShared {
		errs = append(errs, fmt.Errorf("state: must be %q or %q, got %q", StateIsolated, StateShared, c.State))
	}
	if err := c.Limits.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.Logger == nil {
		errs = append(errs, errors.New("logger: required"))
	}
	for i, s := range c.Scripts {
		if s.Name == "" {
			errs = append(errs, fmt.Errorf("scripts[%d].name: required", i))
		}
	}
	return errors.Join(errs...)
}
