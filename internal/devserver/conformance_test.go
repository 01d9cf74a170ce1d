package devserver

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/conformance"
	"github.com/tyk-ve/tyk-ve/internal/gatewayver"
)

// devTarget runs conformance cases through the dev server, loading each
// case's API definition from a fresh apps directory.
type devTarget struct{}

func (devTarget) Name() string           { return conformance.TargetDev }
func (devTarget) SupportsSessions() bool { return false }

func (devTarget) Deploy(t *testing.T, s conformance.Setup) (*conformance.Instance, error) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "api.json"), s.APIDefinition, 0o600); err != nil {
		return nil, err
	}
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	// The cases' expected answers are those of the 5.9–5.14 gateways (the
	// plugin-e2e host's contract double marshals the same session).
	srv, err := New(Options{AppsDir: dir, Logger: logger, Gateway: gatewayver.V59}, "http://127.0.0.1")
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &conformance.Instance{Handler: srv}, nil
}

func TestConformance(t *testing.T) {
	cases, err := conformance.Load(filepath.Join("..", "..", "testdata", "conformance"))
	if err != nil {
		t.Fatal(err)
	}
	conformance.Run(t, cases, devTarget{})
}
