package tykapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// Env is the environment the API is installed with: what stays the same
// for every call on one runtime. The runtime gives it to Install and
// passes what changes per call (context, logger) to State.Begin.
type Env struct {
	// Log carries the pool's fields; a call's own logger replaces it
	// for the call (State.Begin). nil silences log() and the API's
	// error logs.
	Log *logrus.Entry
	// RawLog writes rawlog() messages; nil silences them.
	RawLog *logrus.Logger
	// Host holds the outbound client settings and the key store; nil
	// means the defaults (outbound.DefaultClient, no key store).
	Host *Host
	// Limits bound each call.
	Limits Limits
	// ResponseUnobserved: no script can see the strings TykJsResponse
	// returns (isolation.ResponseUnobserved), only the host: TykJsResponse
	// then hands the host the response without building them.
	ResponseUnobserved bool
}

// State is the per-runtime state the Go side of the JavaScript API reads.
// Each runtime owns one (Install makes it); it is filled when a call starts
// (Begin, Load) and cleared when it ends (End), so Go functions never
// outlive the call that owns their runtime.
type State struct {
	// requestID names the call in its log lines; tagged reports whether log
	// carries it yet (see tag).
	requestID string
	tagged    bool
	base      Env // as installed: End puts the logger back
	ctx       context.Context
	log       *logrus.Entry
	rawLog    *logrus.Logger
	host      *Host
	limits    Limits

	outbound int // outbound requests made by this call
	// ioWait is the time this call spent in Go waiting on the network
	// (outbound requests, the key store), not running JavaScript.
	ioWait time.Duration
	// nativeDepth counts nested built-in calls goja makes in Go (see
	// installGuards).
	nativeDepth int
	loading     bool // scripts are being (re)run: log/rawlog stay silent
	inCall      bool // between Begin and End (not loading scripts)

	// lastResponse is the value TykJsResponse returned during this call
	// and decoded the Go form of it, so a function that returns it
	// unchanged skips the JSON round trip.
	lastResponse        goja.Value
	lastResponseDecoded *Response

	// jsonOps serve JSON.stringify and TykJsResponse (see jsonOpsFor).
	jsonOps *jsonengine.Ops
	// hints and responseArgs are TykJsResponse's buffers, kept between
	// calls (empty).
	hints          []jsonengine.StringHint
	responseArgs   [2]goja.Value
	responseReader responseReader
	// parseScratch is JSON.parse's member buffer, kept between calls.
	parseScratch jsonengine.Scratch
}

func newState(env Env) *State {
	return &State{base: env, ctx: context.Background(), log: env.Log, rawLog: env.RawLog,
		host: env.Host, limits: env.Limits}
}

// Begin starts a call bounded by ctx; log carries the call's fields (the
// installed Env.Log when nil).
func (s *State) Begin(ctx context.Context, log *logrus.Entry) {
	if log == nil {
		log = s.base.Log
	}
	s.ctx, s.log, s.outbound = ctx, log, 0
	s.inCall = true
	s.requestID, s.tagged = "", false
}

// SetRequestID names the call's request in the lines its scripts log
// (request_id); empty means one is made up when the first line is logged.
func (s *State) SetRequestID(id string) { s.requestID = id }

// tag adds request_id to the call's logger, once per call and only when
// something is logged: a call that logs nothing pays nothing.
func (s *State) tag() *logrus.Entry {
	if s.inCall && !s.tagged && s.log != nil {
		s.tagged = true
		if _, ok := s.log.Data["request_id"]; ok {
			return s.log // the call's logger names the request already
		}
		id := s.requestID
		if id == "" {
			id = newRequestID()
		}
		s.log = s.log.WithField("request_id", id)
	}
	return s.log
}

// newRequestID is 8 random bytes in hex.
func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Load starts running the scripts' top-level code, bounded by ctx; quiet
// keeps log/rawlog silent and makes outbound calls and the key store
// return nothing (a replay between calls).
func (s *State) Load(ctx context.Context, quiet bool) {
	s.ctx, s.loading = ctx, quiet
	s.inCall = false
}

// End ends the call or load: the context, counters and the last response
// are cleared and the installed logger is put back.
func (s *State) End() {
	s.ctx = context.Background()
	s.outbound = 0
	s.ioWait = 0
	s.lastResponse = nil
	s.lastResponseDecoded = nil
	s.loading = false
	s.inCall = false
	s.log = s.base.Log
}

// Mute silences (or, with false, restores) every log the API writes,
// for a runtime loaded to replace another one between calls.
func (s *State) Mute(quiet bool) {
	if quiet {
		s.log, s.rawLog = nil, nil
		return
	}
	s.log, s.rawLog = s.base.Log, s.base.RawLog
}

// IOWait is the time the current (or last ended) call spent waiting on
// the network; End clears it.
func (s *State) IOWait() time.Duration { return s.ioWait }

// Result returns the decoded form of v when v is the value TykJsResponse
// returned during this call, so the runtime can skip decoding it again.
func (s *State) Result(v goja.Value) (*Response, bool) {
	if d := s.lastResponseDecoded; d != nil && v != nil && v.SameAs(s.lastResponse) {
		return d, true
	}
	return nil, false
}

// The accessors below are the environment an area reads while a call
// runs; areas installed from outside this package (InstallAreas) use them.

// Context is the running call's context (context.Background between calls).
func (s *State) Context() context.Context { return s.ctx }

// Logger is the running call's logger; nil when silenced.
func (s *State) Logger() *logrus.Entry { return s.tag() }

// RawLogger is the logger rawlog() writes to; nil when silenced.
func (s *State) RawLogger() *logrus.Logger { return s.rawLog }

// Host is the runtime's Host (may be nil).
func (s *State) Host() *Host { return s.host }

// Limits are the runtime's limits.
func (s *State) Limits() Limits { return s.limits }

// Loading reports whether the scripts' top level is being replayed
// quietly: areas must not log or reach the network then.
func (s *State) Loading() bool { return s.loading }

// InCall reports whether a call is running (Begin without End yet), as
// opposed to scripts' top-level code being loaded or replayed.
func (s *State) InCall() bool { return s.inCall }

// CountOutbound counts n more outbound requests for the call made by fn,
// or returns an error wrapping ErrOutboundLimit when that would pass
// Limits.MaxOutboundRequests.
func (s *State) CountOutbound(n int, fn string) error { return countOutbound(s, n, fn) }

// WaitedSince adds the time since start to the call's I/O wait; use it as
// `defer s.WaitedSince(time.Now())` around network calls.
func (s *State) WaitedSince(start time.Time) { s.waitedSince(start) }

// waitedSince adds the time since start to the call's I/O wait; use it as
// `defer env.waitedSince(time.Now())` around network calls.
func (s *State) waitedSince(start time.Time) { s.ioWait += time.Since(start) }

// jsonOpsFor returns the runtime's jsonengine.Ops, made on first use.
func jsonOpsFor(rt *goja.Runtime, env *State) (*jsonengine.Ops, error) {
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
func (s *State) jsonLimits() jsonengine.Limits {
	return jsonengine.Limits{Ctx: s.ctx, Stopped: ctxErr, MaxDepth: s.limits.MaxStackDepth}
}
