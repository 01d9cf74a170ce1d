package migrate

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/robertkrimen/otto/ast"
	"github.com/robertkrimen/otto/parser"
)

// TestRepositoryExamples runs the repository's examples through the report:
// the dev server's built-in example, the conformance APIs and a definition
// serving every function of examples/*.js. Every endpoint must be reached
// and judged; nothing may crash.
func TestRepositoryExamples(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	examplesDir := t.TempDir()
	writeExamplesAPI(t, filepath.Join(root, "examples"), examplesDir)
	tests := []struct {
		name string
		dir  string
		vars map[string]string
	}{
		{"dev server example", filepath.Join(root, "internal", "devserver", "example"), nil},
		{"conformance APIs", filepath.Join(root, "testdata", "conformance", "apis"),
			map[string]string{"CONFORMANCE_DIR": filepath.Join(root, "testdata", "conformance")}},
		{"examples/*.js", examplesDir, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			rep, err := Run(ctx, Options{AppsDir: tc.dir, Vars: tc.vars, Timeout: 300 * time.Millisecond})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if rep.Summary.Endpoints == 0 || rep.Summary.Requests == 0 {
				t.Fatalf("nothing compared: %+v", rep.Summary)
			}
			for _, a := range rep.APIs {
				for _, e := range a.Endpoints {
					if e.Verdict != VerdictSame && e.Verdict != VerdictDifferent && e.Verdict != VerdictUntested {
						t.Errorf("%s %s: verdict %q", a.APIID, e.Label, e.Verdict)
					}
					if e.Verdict == VerdictDifferent && e.First == nil {
						t.Errorf("%s %s: different without a first difference", a.APIID, e.Label)
					}
				}
			}
			if err := rep.WriteText(new(discard)); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("examples folder holds no definitions", func(t *testing.T) {
		t.Parallel()
		_, err := Run(context.Background(), Options{AppsDir: filepath.Join(root, "examples")})
		if !errors.Is(err, ErrNoDefinitions) {
			t.Fatalf("err %v, want ErrNoDefinitions", err)
		}
	})
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

// writeExamplesAPI writes a Classic definition with one virtual endpoint per
// top-level function of each examples/*.js file (GET /<function>).
func writeExamplesAPI(t *testing.T, examples, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(examples, "*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples/*.js: %v", err)
	}
	var virtual []map[string]interface{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, fn := range topLevelFunctions(string(src)) {
			virtual = append(virtual, map[string]interface{}{
				"response_function_name": fn, "function_source_type": "file", "function_source_uri": f,
				"path": "/" + fn, "method": "GET",
			})
		}
	}
	def := map[string]interface{}{
		"api_id": "examples", "name": "examples", "org_id": "default", "use_keyless": true,
		"proxy":        map[string]interface{}{"listen_path": "/examples/", "target_url": "${UPSTREAM}", "strip_listen_path": true},
		"version_data": map[string]interface{}{"not_versioned": true, "versions": map[string]interface{}{"Default": map[string]interface{}{"name": "Default", "extended_paths": map[string]interface{}{"virtual": virtual}}}},
	}
	b, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "examples.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// topLevelFunctions lists a script's top-level function declarations; a
// script otto cannot parse (ES2015+) is skipped.
func topLevelFunctions(src string) []string {
	prog, err := parser.ParseFile(nil, "", src, 0)
	if err != nil {
		return nil
	}
	var out []string
	for _, st := range prog.Body {
		if fs, ok := st.(*ast.FunctionStatement); ok && fs.Function.Name != nil {
			out = append(out, fs.Function.Name.Name)
		}
	}
	return out
}
