package depcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const testdata = "../../testdata/depcheck"

// read reads a testdata file.
func read(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// gatewayList parses the sample gateway list.
func gatewayList(t *testing.T) *Requirements {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata, "gateway-list.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reqs, err := ParseList("v5.9.2", f)
	if err != nil {
		t.Fatal(err)
	}
	return reqs
}

// buildList parses a sample build list.
func buildList(t *testing.T, name string) *BuildList {
	t.Helper()
	bl, err := ParseBuildList(read(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return bl
}

func TestCheckSamples(t *testing.T) {
	t.Parallel()
	gw := gatewayList(t)
	tests := []struct {
		name      string
		buildList string
		want      []string // module of each violation, sorted
	}{
		{name: "our real build list", buildList: "buildlist-ok.json"},
		{
			name:      "upgrades",
			buildList: "buildlist-bad.json",
			want: []string{
				"github.com/dop251/goja",
				"github.com/getkin/kin-openapi",
				"github.com/go-sourcemap/sourcemap",
				"github.com/sirupsen/logrus",
				"golang.org/x/text",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep := Check(buildList(t, tt.buildList), gw)
			var got []string
			for _, v := range rep.Violations {
				got = append(got, v.Module)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("violations %v, want %v\n%v", got, tt.want, rep.Violations)
			}
			if rep.Shared != 7 && tt.name == "our real build list" {
				t.Errorf("shared = %d, want 7", rep.Shared)
			}
			if rep.OK() != (len(tt.want) == 0) {
				t.Errorf("OK() = %v", rep.OK())
			}
		})
	}
}

func TestViolationMessages(t *testing.T) {
	t.Parallel()
	rep := Check(buildList(t, "buildlist-bad.json"), gatewayList(t))
	text := ""
	for _, v := range rep.Violations {
		text += v.String() + "\n"
	}
	for _, want := range []string{
		"github.com/dop251/goja: ours v0.0.0-20250101000000-0123456789ab (commit 0123456789ab of 2025-01-01), gateway v0.0.0-20241024094426-79f3a7efcdbd (commit 79f3a7efcdbd of 2024-10-24): newer than the gateway's",
		"golang.org/x/text: ours v0.26.0, gateway v0.25.0: newer",
		"github.com/sirupsen/logrus: ours v1.9.3, gateway v1.9.3: we replace it with github.com/example/logrus v1.9.3-fork",
		"which a newer requirement bypasses",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("messages lack %q:\n%s", want, text)
		}
	}
}

func TestCheckCases(t *testing.T) {
	t.Parallel()
	gw := &Requirements{Name: "gw", Go: "1.23.10", Modules: map[string]Requirement{
		"a":        {Module: Module{Path: "a", Version: "v1.2.3"}},
		"inc":      {Module: Module{Path: "inc", Version: "v2.1.4+incompatible"}},
		"pseudo":   {Module: Module{Path: "pseudo", Version: "v0.0.0-20241101162523-b92577c0c142"}},
		"wild":     {Module: Module{Path: "wild", Version: "v1.0.0"}, Replace: &Module{Path: "../wild"}, AllVersions: true},
		"versrepl": {Module: Module{Path: "versrepl", Version: "v0.133.0"}, Replace: &Module{Path: "fork", Version: "v0.92.1-0.20260211103127-0004a8367058"}},
		"bad":      {Module: Module{Path: "bad", Version: "v1.0.0"}},
	}}
	tests := []struct {
		name    string
		mod     BuildModule
		goVer   string
		wantBad bool
	}{
		{name: "older", mod: BuildModule{Path: "a", Version: "v1.2.2"}},
		{name: "equal", mod: BuildModule{Path: "a", Version: "v1.2.3"}},
		{name: "newer", mod: BuildModule{Path: "a", Version: "v1.2.4"}, wantBad: true},
		{name: "newer prerelease of next", mod: BuildModule{Path: "a", Version: "v1.2.4-rc.1"}, wantBad: true},
		{name: "pseudo after tag", mod: BuildModule{Path: "a", Version: "v1.2.4-0.20250101000000-abcdefabcdef"}, wantBad: true},
		{name: "pseudo before tag", mod: BuildModule{Path: "a", Version: "v1.2.3-0.20250101000000-abcdefabcdef"}},
		{name: "incompatible older", mod: BuildModule{Path: "inc", Version: "v2.1.3+incompatible"}},
		{name: "incompatible newer", mod: BuildModule{Path: "inc", Version: "v2.2.0+incompatible"}, wantBad: true},
		{name: "pseudo older", mod: BuildModule{Path: "pseudo", Version: "v0.0.0-20230207041349-798e818bf904"}},
		{name: "pseudo newer", mod: BuildModule{Path: "pseudo", Version: "v0.0.0-20250317173921-a4b03ec1a45e"}, wantBad: true},
		{name: "wildcard replace any version", mod: BuildModule{Path: "wild", Version: "v9.0.0"}},
		{name: "versioned replace newer", mod: BuildModule{Path: "versrepl", Version: "v0.134.0"}, wantBad: true},
		{name: "versioned replace equal", mod: BuildModule{Path: "versrepl", Version: "v0.133.0"}},
		{name: "we replace", mod: BuildModule{Path: "a", Version: "v1.0.0", Replace: &Module{Path: "../a"}}, wantBad: true},
		{name: "invalid version", mod: BuildModule{Path: "bad", Version: "latest"}, wantBad: true},
		{name: "not shared", mod: BuildModule{Path: "other", Version: "v99.0.0"}},
		{name: "major version path is another module", mod: BuildModule{Path: "a/v2", Version: "v2.0.0"}},
		{name: "go directive newer", goVer: "1.24", wantBad: true},
		{name: "go directive older", goVer: "1.23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bl := &BuildList{Main: "ours", Go: tt.goVer}
			if tt.mod.Path != "" {
				bl.Modules = []BuildModule{tt.mod}
			}
			rep := Check(bl, gw)
			if got := !rep.OK(); got != tt.wantBad {
				t.Errorf("violation = %v, want %v: %v", got, tt.wantBad, rep.Violations)
			}
		})
	}
}

func TestParseGoModJSON(t *testing.T) {
	t.Parallel()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	out, err := exec.Command(goBin, "mod", "edit", "-json", filepath.Join(testdata, "gateway.mod")).Output()
	if err != nil {
		t.Fatalf("go mod edit -json: %v", err)
	}
	reqs, err := ParseGoModJSON("gateway.mod", out)
	if err != nil {
		t.Fatal(err)
	}
	if reqs.Go != "1.23.10" || len(reqs.Modules) != 9 {
		t.Errorf("go %q, %d modules", reqs.Go, len(reqs.Modules))
	}
	kin := reqs.Modules["github.com/getkin/kin-openapi"]
	if kin.Replace == nil || kin.Replace.Path != "github.com/TykTechnologies/kin-openapi" || kin.AllVersions {
		t.Errorf("kin-openapi replacement = %+v", kin)
	}
	if ev := reqs.Modules["github.com/example/everything"]; ev.Replace == nil || !ev.AllVersions || ev.Replace.Version != "" {
		t.Errorf("directory replacement = %+v", ev)
	}
	// The sample list and the sample go.mod agree on every shared module.
	list := gatewayList(t)
	for path, want := range list.Modules {
		if got := reqs.Modules[path]; got.Version != want.Version {
			t.Errorf("%s: go.mod %s, list %s", path, got.Version, want.Version)
		}
	}
	if _, err := ParseGoModJSON("x", []byte("{")); err == nil {
		t.Error("bad JSON accepted")
	}
}
