package depcheck

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
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

// TestSupportedLists parses every supported gateway's list carried in the
// repository (gateways/), both from the folder and as embedded in the
// binary, and checks that each is in the canonical form WriteList (and so
// scripts/gateway-list.sh) writes, and that gateways/README.md notes the
// commit it was taken from.
func TestSupportedLists(t *testing.T) {
	t.Parallel()
	onDisk, err := LoadLists(os.DirFS(GatewaysDir))
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := Supported()
	if err != nil {
		t.Fatal(err)
	}
	if len(onDisk) < 9 || len(embedded) != len(onDisk) {
		t.Fatalf("%d lists on disk, %d embedded; want the same, at least 9", len(onDisk), len(embedded))
	}
	readme, err := os.ReadFile(filepath.Join(GatewaysDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	commits := regexp.MustCompile(`(v\d+\.\d+\.\d+|master) [0-9a-f]{8}`).FindAllStringSubmatch(string(readme), -1)
	noted := make(map[string]bool, len(commits))
	for _, m := range commits {
		noted[m[1]] = true
	}
	for i, r := range onDisk {
		t.Run(r.Name, func(t *testing.T) {
			t.Parallel()
			if r.Go == "" || len(r.Modules) < 100 {
				t.Errorf("go %q, %d modules", r.Go, len(r.Modules))
			}
			if !reflect.DeepEqual(r, embedded[i]) {
				t.Errorf("embedded list %s differs from the file", embedded[i].Name)
			}
			if !noted[r.Name] {
				t.Errorf("%s/README.md notes no source commit for %s", GatewaysDir, r.Name)
			}
			file, err := os.ReadFile(filepath.Join(GatewaysDir, r.Name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			var canonical bytes.Buffer
			if err := WriteList(&canonical, r); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(file, canonical.Bytes()) {
				t.Errorf("%s.txt is not in the form scripts/gateway-list.sh writes; rewrite it with WriteList", r.Name)
			}
		})
	}
}

func TestWriteList(t *testing.T) {
	t.Parallel()
	r := &Requirements{Name: "x", Go: "1.24.6", Modules: map[string]Requirement{
		"b":   {Module: Module{Path: "b", Version: "v1.0.0"}, Replace: &Module{Path: "c", Version: "v0.2.0"}},
		"a/z": {Module: Module{Path: "a/z", Version: "v0.0.0-20241024094426-79f3a7efcdbd"}},
		"d":   {Module: Module{Path: "d", Version: "v2.1.4+incompatible"}, Replace: &Module{Path: "../d"}, AllVersions: true},
	}}
	var b bytes.Buffer
	if err := WriteList(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "# go 1.24.6\na/z v0.0.0-20241024094426-79f3a7efcdbd\nb v1.0.0 => c v0.2.0\nd v2.1.4+incompatible => ../d\n"
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
	back, err := ParseList("x", &b)
	if err != nil {
		t.Fatal(err)
	}
	// The list format keeps no AllVersions; everything else survives.
	d := r.Modules["d"]
	d.AllVersions = false
	r.Modules["d"] = d
	if !reflect.DeepEqual(back, r) {
		t.Errorf("round trip: got %+v, want %+v", back, r)
	}
	if err := WriteList(&b, &Requirements{Name: "bad", Go: "one"}); err == nil || !strings.Contains(err.Error(), `invalid go version "one"`) {
		t.Errorf("bad go version: error %v", err)
	}
}

func TestLoadListsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		files   fstest.MapFS
		wantErr string
	}{
		{name: "empty", files: fstest.MapFS{"README.md": {Data: []byte("x")}}, wantErr: "no gateway lists"},
		{name: "bad list", files: fstest.MapFS{"v1.txt": {Data: []byte("# go 1.23.0\na\n")}}, wantErr: "v1: line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := LoadLists(tt.files); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
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
