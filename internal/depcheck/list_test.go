package depcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		wantErr string
		check   func(t *testing.T, r *Requirements)
	}{
		{
			name: "header with trailing space, replaces",
			in:   "# go 1.25.0 \na v1.0.0\nb v0.1.0 => c v0.2.0\nd v1.0.0 => ../d\n\n# note\n",
			check: func(t *testing.T, r *Requirements) {
				if r.Go != "1.25.0" || len(r.Modules) != 3 {
					t.Errorf("go %q, %d modules", r.Go, len(r.Modules))
				}
				if b := r.Modules["b"]; b.Replace == nil || b.Replace.Path != "c" || b.Replace.Version != "v0.2.0" || b.AllVersions {
					t.Errorf("b = %+v", b)
				}
				if d := r.Modules["d"]; d.Replace == nil || d.Replace.Path != "../d" || d.Replace.Version != "" {
					t.Errorf("d = %+v", d)
				}
			},
		},
		{name: "no header", in: "a v1.0.0\n", wantErr: `want header "# go X.Y.Z"`},
		{name: "empty", in: "", wantErr: "empty list"},
		{name: "bad go", in: "# go one\n", wantErr: "invalid go version"},
		{name: "bad line", in: "# go 1.23.0\na\nb v1 c\n", wantErr: "line 2"},
		{name: "bad version", in: "# go 1.23.0\na 1.0.0\n", wantErr: `invalid version "1.0.0" for a`},
		{name: "bad replacement version", in: "# go 1.23.0\na v1.0.0 => b latest\n", wantErr: "invalid replacement version"},
		{name: "duplicate", in: "# go 1.23.0\na v1.0.0\na v1.0.1\n", wantErr: "a listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := ParseList("test", strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
		})
	}
}

// TestParseSharedLists parses every real list the project checks against.
func TestParseSharedLists(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../../../shared/gateway-deps/*.txt")
	if len(files) == 0 {
		t.Skip("shared/gateway-deps not present")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			r, err := ParseList(filepath.Base(f), fh)
			if err != nil {
				t.Fatal(err)
			}
			if r.Go == "" || len(r.Modules) < 100 {
				t.Errorf("go %q, %d modules", r.Go, len(r.Modules))
			}
		})
	}
}

func TestParseBuildList(t *testing.T) {
	t.Parallel()
	bl, err := ParseBuildList([]byte(`{"Path":"m","Main":true,"GoVersion":"1.23"}{"Path":"a","Version":"v1.0.0","Replace":{"Path":"../a"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if bl.Main != "m" || bl.Go != "1.23" || len(bl.Modules) != 1 || bl.Modules[0].Replace == nil {
		t.Errorf("got %+v", bl)
	}
	for _, bad := range []string{"", "{", `{"Version":"v1"}`} {
		if _, err := ParseBuildList([]byte(bad)); err == nil {
			t.Errorf("ParseBuildList(%q) succeeded", bad)
		}
	}
}
