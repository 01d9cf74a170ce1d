package migrate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPluginDoesNotImportOtto fails if any package of the plugin build —
// the repository root built as the plugin compiler builds it (goplugin tag,
// in the test workspace), or the plain build of the plugin's packages —
// imports otto, which only the command-line side may use.
func TestPluginDoesNotImportOtto(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command:", err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  []string
		args []string
	}{
		{"plugin build (goplugin, test workspace)", []string{"GOWORK=" + filepath.Join(root, "testdata", "go.work")},
			[]string{"list", "-deps", "-tags", "goplugin", "."}},
		{"plain build of the plugin's packages", []string{"GOWORK=off"},
			[]string{"list", "-deps", ".", "./plugin/...", "./vm/...", "./capacity/...", "./bundle/..."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command("go", tc.args...)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), tc.env...)
			out, err := cmd.Output()
			if err != nil {
				var stderr string
				if ee, ok := err.(*exec.ExitError); ok {
					stderr = string(ee.Stderr)
				}
				t.Fatalf("go %s: %v\n%s", strings.Join(tc.args, " "), err, stderr)
			}
			pkgs := strings.Fields(string(out))
			if len(pkgs) < 10 || !contains(pkgs, "github.com/tyk-ve/tyk-ve/plugin") {
				t.Fatalf("go list gave an unexpected package list (%d packages): %q", len(pkgs), pkgs)
			}
			for _, p := range pkgs {
				if strings.HasPrefix(p, "github.com/robertkrimen/otto") || strings.HasPrefix(p, "github.com/tyk-ve/tyk-ve/internal/ottoengine") ||
					strings.HasPrefix(p, "github.com/tyk-ve/tyk-ve/internal/migrate") {
					t.Errorf("the plugin build imports %s", p)
				}
			}
		})
	}
}
