package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const depcheckTestdata = "../../testdata/depcheck"

func TestCheckDepsCLI(t *testing.T) {
	t.Parallel()
	lists := t.TempDir()
	data, err := os.ReadFile(filepath.Join(depcheckTestdata, "gateway-list.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"v5.9.2.txt", "v5.14.0.txt"} {
		if err := os.WriteFile(filepath.Join(lists, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ok := filepath.Join(depcheckTestdata, "buildlist-ok.json")
	bad := filepath.Join(depcheckTestdata, "buildlist-bad.json")
	gomod := filepath.Join(depcheckTestdata, "gateway.mod")

	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr string
	}{
		{name: "lists ok", args: []string{"--lists", lists, "--build-list", ok}, wantStdout: []string{"ok   v5.14.0 (go 1.23.10): 7 shared", "ok   v5.9.2"}},
		{
			name: "lists violations", args: []string{"--lists", lists, "--build-list", bad}, wantCode: 1,
			wantStdout: []string{"FAIL v5.9.2", "golang.org/x/text: ours v0.26.0, gateway v0.25.0", "github.com/getkin/kin-openapi: ours v0.134.0"},
			wantStderr: "2 of 2 gateways",
		},
		{name: "gomod ok", args: []string{"--gomod", gomod, "--build-list", ok}, wantStdout: []string{"ok   " + gomod}},
		{name: "gomod violations", args: []string{"--gomod", gomod, "--build-list", bad}, wantCode: 1, wantStdout: []string{"github.com/go-sourcemap/sourcemap"}},
		{
			name: "built-in lists by default", args: []string{"--build-list", ok},
			wantStdout: []string{"ok   master (go ", "ok   v5.8.9 (go 1.24.6)", "ok   v5.9.2 (go 1.23.10)", "ok   v5.14.0"},
		},
		{
			name: "built-in lists, violations", args: []string{"--build-list", bad}, wantCode: 1,
			wantStdout: []string{"FAIL v5.9.2", "golang.org/x/text: ours v0.26.0"}, wantStderr: "of 9 gateways",
		},
		{
			name: "print list", args: []string{"--gomod", gomod, "--print-list"},
			wantStdout: []string{"# go 1.23.10\ngithub.com/dlclark/regexp2 v1.11.4\n", "github.com/example/everything v1.0.0 => ../everything\n"},
		},
		{name: "print list without gomod", args: []string{"--print-list"}, wantCode: 2, wantStderr: "usage"},
		{name: "both sources", args: []string{"--gomod", gomod, "--lists", lists}, wantCode: 2, wantStderr: "usage"},
		{name: "empty lists dir", args: []string{"--lists", t.TempDir(), "--build-list", ok}, wantCode: 2, wantStderr: "no gateway lists"},
		{name: "bad build list", args: []string{"--lists", lists, "--build-list", gomod}, wantCode: 2, wantStderr: "decoding go list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := runCheckDeps(tt.args, &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("code %d (want %d)\nstdout: %s\nstderr: %s", code, tt.wantCode, stdout.String(), stderr.String())
			}
			for _, want := range tt.wantStdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
		})
	}
}

// TestCheckDepsRealModule runs the real check: our go.mod against the
// supported gateways' lists carried in the repository, from the folder and
// as built into the binary. It needs the go command and the module cache.
func TestCheckDepsRealModule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	t.Parallel()
	modfile := filepath.Join("..", "..", "go.mod")
	for _, tt := range []struct {
		name string
		args []string
	}{
		{name: "repo folder", args: []string{"--modfile", modfile, "--lists", filepath.Join("..", "..", "internal", "depcheck", "gateways")}},
		{name: "built in", args: []string{"--modfile", modfile}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := runCheckDeps(tt.args, &stdout, &stderr)
			if code != 0 || strings.Count(stdout.String(), "ok   ") < 9 {
				t.Errorf("check-deps exit %d\n%s%s", code, stdout.String(), stderr.String())
			}
		})
	}
}
