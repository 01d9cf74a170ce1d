package main

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/sirupsen/logrus/hooks/test"

	"github.com/tyk-ve/tyk-ve/internal/devserver"
	"github.com/tyk-ve/tyk-ve/plugin"
)

const npmExample = "../../examples/npm-package"

// TestNpmPackageExample runs examples/npm-package as a user would: its
// setup script installs the ms package with npm (into a copy of the
// example), `tyk-ve build` builds the TypeScript entry, and the API is
// served by the dev server (building on the fly) and by a gateway-like
// plugin core that runs the built script. Skipped without npm.
func TestNpmPackageExample(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("npm is not on PATH: skipping examples/npm-package, which installs an npm package (install Node.js to run it)")
	}
	dir := copyExample(t, npmExample)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(dir, "setup.sh"), "--install-only")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("setup.sh --install-only: %v\n%s", err, out)
	}
	if code, stdout, stderr := runCLI("build", filepath.Join(dir, "src", "handler.ts")); code != 0 || !strings.Contains(stdout, "globals duration") {
		t.Fatalf("tyk-ve build: %d\n%s\n%s", code, stdout, stderr)
	}
	def, err := os.ReadFile(filepath.Join(dir, "api.json"))
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"text":"2 days","ms":172800000,"long":"2 days"}`

	t.Run("gateway plugin core runs the built script", func(t *testing.T) {
		logger := logrus.New()
		logger.SetOutput(io.Discard)
		h, err := plugin.NewHandler(plugin.Settings{Sources: plugin.SourceResolver{WorkDir: dir}}, logger)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		w := httptest.NewRecorder()
		h.Serve(w, httptest.NewRequest("GET", "/npm/duration?d=2%20days", nil), plugin.Source{Key: "npm", Load: func() ([]byte, error) { return def, nil }}, nil)
		if w.Code != 200 || w.Body.String() != want {
			t.Fatalf("answered %d %q, want %s", w.Code, w.Body.String(), want)
		}
	})

	t.Run("dev server builds on the fly", func(t *testing.T) {
		logger, hook := test.NewNullLogger()
		srv, err := devserver.New(devserver.Options{AppsDir: dir, Logger: logger}, "http://127.0.0.1:1")
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", "/npm/duration?d=2%20days", nil))
		if w.Code != 200 || w.Body.String() != want {
			t.Fatalf("answered %d %q, want %s", w.Code, w.Body.String(), want)
		}
		w = httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", "/npm/duration?d=soon", nil))
		logged := ""
		for _, e := range hook.AllEntries() {
			if err, ok := e.Data["error"].(error); ok {
				logged += err.Error() + "\n"
			}
		}
		wantLog := "\tat parseDuration (" + filepath.Join(dir, "src", "duration.ts") + ":14:11)"
		if w.Code != 500 || !strings.Contains(logged, `TypeError: not a duration: "soon"`) || !strings.Contains(logged, wantLog) {
			t.Fatalf("bad duration: %d %q; log:\n%s\nwant %q", w.Code, w.Body.String(), logged, wantLog)
		}
	})
}

// copyExample copies an example's committed files (not node_modules or
// built output) into a temporary folder.
func copyExample(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if strings.HasSuffix(rel, ".js") || strings.HasSuffix(rel, ".js.map") {
			return nil // built output
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
