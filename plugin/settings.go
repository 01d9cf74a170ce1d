package plugin

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/tyk-ve/tyk-ve/capacity"
	"github.com/tyk-ve/tyk-ve/kvstore"
	"github.com/tyk-ve/tyk-ve/metrics"
)

// Settings are node-wide: they come from the gateway's own configuration (in
// the plugin) or from flags (in the dev server), and an API's tyk_ve config
// can override the per-API ones.
type Settings struct {
	// DefaultTimeout bounds a call when neither the endpoint nor the API
	// sets a timeout (the gateway's jsvm_timeout; default 5s).
	DefaultTimeout time.Duration
	// IgnoreCanonicalHeaders is the gateway's ignore_canonical_mime_header_key.
	IgnoreCanonicalHeaders bool
	// PathPrefix, PathSuffix and IgnoreCase mirror the gateway's
	// http_server_options path matching.
	PathPrefix, PathSuffix, IgnoreCase bool
	// Sources resolves endpoint scripts.
	Sources SourceResolver
	// KeyAPIURL and KeyAPISecret reach the gateway REST API for
	// TykGetKeyData/TykSetKeyData when an API does not set key_api.
	KeyAPIURL, KeyAPISecret string
	// EmptySession is the JSON of the host's empty session object, passed
	// when an endpoint does not use the session (default "{}").
	EmptySession []byte
	// NodeMaxMemory is the memory budget for the runtimes of every API on
	// the node together (bytes; default DefaultNodeMaxMemory; -1: none).
	NodeMaxMemory int64
	// HeapLimit is the heap guard's threshold: "80%" (the default: of
	// GOMEMLIMIT, else the cgroup memory limit, else physical memory), an
	// absolute size such as "2GiB", or "off".
	HeapLimit string
	// MetricsAddr, when set, is the address (host:port) of the node-wide
	// listener serving tyk-ve's Prometheus metrics at /metrics
	// (TYKVE_METRICS_ADDR); empty: off. Metrics are auxiliary: an address
	// that is invalid or cannot be bound is logged, and the plugin serves
	// on without the listener.
	MetricsAddr string
	// OutboundClient, when set, makes every outbound request of every
	// script (TykMakeHttpRequest, TykBatchRequest) instead of the shared
	// clients, whose address policy and proxy settings it replaces. For the
	// developer tools only: tyk-ve test answers scripts' requests from stubs
	// and recordings through it. The plugin inside a gateway never sets it.
	OutboundClient *http.Client
	// Storage is the node's shared store behind TykStorage* and the KV
	// object (the gateway's Redis in the plugin; memory or --redis in the
	// dev server); nil makes them throw "JSVM storage is not available".
	// Its owner closes it, not the APIs.
	Storage kvstore.Store
	// StorageLocalBudget bounds the bytes every API's local storage tier
	// holds together (nil: one process-wide budget of 64MiB).
	StorageLocalBudget *kvstore.LocalBudget

	// invalid holds settings from the environment that could not be read,
	// reported by Validate.
	invalid []error
	// node holds what the Handler made of NodeMaxMemory and HeapLimit, for
	// the APIs it builds; nil outside a Handler.
	node *nodeCapacity
	// metrics is the Handler's metrics set, for the APIs it builds; nil
	// outside a Handler (nothing recorded).
	metrics *metrics.Set
}

// DefaultNodeMaxMemory is the default node-wide runtime budget: 2048
// runtimes of the default size across all APIs.
const DefaultNodeMaxMemory = 1 << 30

// Validate reports every invalid setting at once, naming it.
func (s Settings) Validate() error {
	errs := append([]error(nil), s.invalid...)
	if s.DefaultTimeout < 0 {
		errs = append(errs, errors.New("default_timeout: must be > 0"))
	}
	if s.NodeMaxMemory < -1 {
		errs = append(errs, fmt.Errorf("node_max_memory (%s): must be >= 0 (-1: no node budget)", EnvNodeMaxMemory))
	}
	if _, err := capacity.ParseHeapLimit(s.HeapLimit, capacity.MemoryLimits{}); err != nil {
		errs = append(errs, fmt.Errorf("heap_limit (%s): %w", EnvHeapLimit, err))
	}
	return errors.Join(errs...)
}

func (s Settings) withDefaults() Settings {
	if s.DefaultTimeout <= 0 {
		s.DefaultTimeout = DefaultTimeout
	}
	if len(s.EmptySession) == 0 {
		s.EmptySession = []byte("{}")
	}
	if s.NodeMaxMemory == 0 {
		s.NodeMaxMemory = DefaultNodeMaxMemory
	}
	return s
}

// pathMatching merges the API's overrides over the node's settings.
func (s Settings) pathMatching(api PathMatching) PathMatching {
	pick := func(override *bool, node bool) *bool {
		if override != nil {
			return override
		}
		return &node
	}
	return PathMatching{
		Prefix:     pick(api.Prefix, s.PathPrefix),
		Suffix:     pick(api.Suffix, s.PathSuffix),
		IgnoreCase: pick(api.IgnoreCase, s.IgnoreCase),
	}
}
