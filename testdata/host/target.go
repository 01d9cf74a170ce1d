package host

import (
	"fmt"
	"testing"

	"github.com/tyk-ve/tyk-ve/internal/conformance"
)

// Target runs conformance cases on a hook inside the harness gateway.
type Target struct {
	// Hook is the plugin's symbol.
	Hook Hook
	// Config is the gateway configuration.
	Config Config
}

// Name implements conformance.Target.
func (Target) Name() string { return conformance.TargetPlugin }

// SupportsSessions implements conformance.Target.
func (Target) SupportsSessions() bool { return true }

// Deploy implements conformance.Target: a fresh gateway with the case's API
// and session.
func (t Target) Deploy(_ *testing.T, s conformance.Setup) (*conformance.Instance, error) {
	a, err := ParseAPI(s.APIDefinition)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", s.Case.API, err)
	}
	g := New(t.Hook, t.Config)
	g.AddAPI(a)
	if s.Session != nil {
		if err := g.Sessions().Add(s.Session.Key, s.Session.State); err != nil {
			return nil, err
		}
	}
	return &conformance.Instance{
		Handler:       g,
		StoredSession: g.Sessions().Stored,
		Panics:        g.Panics,
	}, nil
}
