package vm

import (
	"context"
	"net/http"
	"time"

	"github.com/dop251/goja"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/keystore"
	"github.com/tyk-ve/tyk-ve/outbound"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// Host is what the JavaScript API needs from outside the runtime. One Host is
// usually shared by every pool of an API; it must be safe for concurrent use.
type Host struct {
	// HTTPClient makes TykMakeHttpRequest and TykBatchRequest calls. It
	// should share one pooled transport; nil means the process-wide client
	// for Outbound and OutboundTransport (outbound.DefaultClient() when both are zero).
	// A client given here is used as is: Outbound and OutboundTransport do not
	// apply to it.
	HTTPClient *http.Client
	// Keys backs TykGetKeyData / TykSetKeyData; nil makes them report
	// "key store not configured" the way Tyk reports a missing key.
	Keys keystore.Store
	// IgnoreCanonicalHeaders keeps outbound header names exactly as the
	// script wrote them (Tyk's ignore_canonical_mime_header_key).
	IgnoreCanonicalHeaders bool
	// APIID is passed to TykGetKeyData when the script omits it.
	APIID string
	// Outbound decides which addresses outbound requests may connect to
	// (the zero value refuses link-local and cloud metadata addresses).
	// Used only when HTTPClient is nil.
	Outbound outbound.Policy
	// OutboundTransport holds the API's proxy.transport options (TLS,
	// proxy) for outbound requests. Used only when HTTPClient is nil.
	OutboundTransport outbound.Transport
}

// callEnv is the per-call state the Go side of the JavaScript API reads. Each
// runtime owns one; it is filled when a call starts and cleared when it ends,
// so Go functions never outlive the call that owns their runtime.
type callEnv struct {
	ctx      context.Context
	log      *logrus.Entry
	rawLog   *logrus.Logger
	host     *Host
	limits   Limits
	outbound int // outbound requests made by this call
	// ioWait is the time this call spent in Go waiting on the network
	// (outbound requests, the key store), not running JavaScript.
	ioWait time.Duration
	// nativeDepth counts nested built-in calls goja makes in Go (see
	// installGuards).
	nativeDepth int
	loading     bool // scripts are being (re)run: log/rawlog stay silent

	// lastResponse is the value TykJsResponse returned during this call
	// and decoded the Go form of it, so a function that returns it
	// unchanged skips the JSON round trip.
	lastResponse        goja.Value
	lastResponseDecoded *Response

	// jsonOps serve JSON.stringify and TykJsResponse (see jsonOpsFor).
	jsonOps *jsonengine.Ops

	// web is the runtime's event loop and fetch (installWeb).
	web *webAPI
}

// waitedSince adds the time since start to the call's I/O wait; use it as
// `defer env.waitedSince(time.Now())` around network calls.
func (e *callEnv) waitedSince(start time.Time) { e.ioWait += time.Since(start) }

func (e *callEnv) reset() {
	e.ctx = context.Background()
	e.outbound = 0
	e.ioWait = 0
	e.lastResponse = nil
	e.lastResponseDecoded = nil
}

// jsonOpsFor returns the runtime's jsonengine.Ops, made on first use.
func jsonOpsFor(rt *goja.Runtime, env *callEnv) (*jsonengine.Ops, error) {
	if env.jsonOps == nil {
		ops, err := jsonengine.NewOps(rt)
		if err != nil {
			return nil, err
		}
		env.jsonOps = ops
	}
	return env.jsonOps, nil
}

// jsonLimits bound a JSON.stringify of the running call: its deadline (a
// timeout interrupts the runtime with ErrTimeout) and the stack depth limit.
func (e *callEnv) jsonLimits() jsonengine.Limits {
	return jsonengine.Limits{Ctx: e.ctx, Stopped: ctxErr, MaxDepth: e.limits.MaxStackDepth}
}
