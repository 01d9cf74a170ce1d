package conformance

import (
	"net/http"
	"testing"
)

// Target is a system under test: something that can serve an API definition.
type Target interface {
	// Name is TargetPlugin or TargetDev; cases restricted to other targets
	// are skipped.
	Name() string
	// SupportsSessions reports whether the target can authenticate a request
	// with a key session. Cases with a session are skipped otherwise.
	SupportsSessions() bool
	// Deploy serves s.APIDefinition and returns the instance to send the
	// request to. Cleanup belongs on t.
	Deploy(t *testing.T, s Setup) (*Instance, error)
}

// Setup is what a target needs to serve one case.
type Setup struct {
	// Case is the case being run.
	Case Case
	// APIDefinition is the Classic or OAS definition after substitution.
	APIDefinition []byte
	// UpstreamURL is the echo upstream's base URL.
	UpstreamURL string
	// Session is the key session to make available, or nil.
	Session *Session
}

// Instance is a deployed case.
type Instance struct {
	// Handler serves the case's request; Run puts it behind a real HTTP
	// server.
	Handler http.Handler
	// StoredSession, if set, reports after the request what the target
	// persisted for key: the stored meta_data, and whether the session was
	// written back at all.
	StoredSession func(key string) (meta map[string]interface{}, written bool)
	// Panics, if set, counts panics the target recovered from; Run requires
	// zero.
	Panics func() int64
}
