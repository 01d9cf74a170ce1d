package vm

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-sourcemap/sourcemap"
)

func TestVLQRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		seg    string
		fields []int
	}{
		{"AAAA", []int{0, 0, 0, 0}},
		{"AAIE", []int{0, 0, 4, 2}},
		{"gBAAC", []int{16, 0, 0, 1}},
		{"D", []int{-1}},
		{"2HACrB", []int{123, 0, 1, -21}},
	}
	for _, tc := range tests {
		got, err := decodeVLQ(tc.seg)
		if err != nil || !reflect.DeepEqual(got, tc.fields) {
			t.Errorf("decodeVLQ(%q) = %v, %v; want %v", tc.seg, got, err, tc.fields)
		}
		var b strings.Builder
		encodeVLQ(&b, tc.fields)
		if b.String() != tc.seg {
			t.Errorf("encodeVLQ(%v) = %q, want %q", tc.fields, b.String(), tc.seg)
		}
	}
	for _, n := range []int{0, 1, -1, 15, 16, -16, 1 << 20, -(1 << 27), 1<<30 - 1} {
		var b strings.Builder
		encodeVLQ(&b, []int{n, -n})
		if got, err := decodeVLQ(b.String()); err != nil || !reflect.DeepEqual(got, []int{n, -n}) {
			t.Errorf("round trip of %d: %q -> %v, %v", n, b.String(), got, err)
		}
	}
	for _, bad := range []string{"!", "g", "gggggggggA"} {
		if _, err := decodeVLQ(bad); err == nil {
			t.Errorf("decodeVLQ(%q): no error", bad)
		}
	}
}

func TestSourceMapRef(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]string{
		"a()\n//# sourceMappingURL=a.js.map\n\n": "a.js.map",
		"a()\n//# sourceMappingURL=a.js.map":     "a.js.map",
		"//# sourceMappingURL=a.js.map\na()\n":   "",
		"a() //# sourceMappingURL=a.js.map\n":    "",
		"":                                       "",
	} {
		if got := sourceMapRef(src); got != want {
			t.Errorf("sourceMapRef(%q) = %q, want %q", src, got, want)
		}
	}
}

// absoluteSegments decodes a map's mappings to absolute values:
// generated line (1-based) and column, original line and column (0-based).
func absoluteSegments(mappings string) ([][4]int, bool) {
	var out [][4]int
	var src, srcLine, srcCol int
	for i, line := range strings.Split(mappings, ";") {
		col := 0
		for _, seg := range strings.Split(line, ",") {
			if seg == "" {
				continue
			}
			f, err := decodeVLQ(seg)
			if err != nil || len(f) == 0 {
				return nil, false
			}
			col += f[0]
			if len(f) >= 4 {
				src, srcLine, srcCol = src+f[1], srcLine+f[2], srcCol+f[3]
				out = append(out, [4]int{i + 1, col, srcLine, srcCol})
			}
		}
	}
	_ = src
	return out, true
}

// FuzzShiftSourceMapColumns: any input is an error or a map; for a map the
// library reads, the shifted map answers every lookup one column to the
// right with the same original position, one column to the right (the
// differential against the unshifted map); and a script naming any map
// compiles or fails with an error, never a panic.
func FuzzShiftSourceMapColumns(f *testing.F) {
	f.Add([]byte(testSourceMap))
	f.Add([]byte(`{"version":3,"sources":["a.ts","b.ts"],"names":["x"],"mappings":";;AAAA,SAAS;AACA,EAAE,IAAIA;;ACFN"}`))
	f.Add([]byte(`{"version":3,"sections":[]}`))
	maps, _ := filepath.Glob("../jsbuild/testdata/golden/*.map")
	for _, m := range maps {
		if b, err := os.ReadFile(m); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := "function f() {}\n//# sourceMappingURL=data:application/json;base64," + base64.StdEncoding.EncodeToString(data) + "\n"
		_, _ = compileScript(Script{Name: "fuzz.js", Source: src}, StateIsolated)

		shifted, err := shiftSourceMapColumns(data)
		if err != nil {
			return
		}
		orig, err := sourcemap.Parse("x.js", data)
		if err != nil {
			return
		}
		moved, err := sourcemap.Parse("x.js", shifted)
		if err != nil {
			t.Fatalf("the original map parses, the shifted one does not: %v", err)
		}
		var m struct{ Mappings string }
		_ = json.Unmarshal(data, &m)
		segs, ok := absoluteSegments(m.Mappings)
		if !ok || len(segs) > 200 {
			return
		}
		for _, s := range segs {
			if s[2] == 0 && s[3] == 0 {
				return // the library drops mappings to line 1, column 0 of the original only
			}
		}
		for _, s := range segs {
			for _, col := range []int{s[1], s[1] + 1} {
				f1, n1, l1, c1, ok1 := orig.Source(s[0], col)
				f2, n2, l2, c2, ok2 := moved.Source(s[0], col+1)
				if ok1 != ok2 || f1 != f2 || n1 != n2 || l1 != l2 || (ok1 && c1+1 != c2) {
					t.Fatalf("line %d column %d: original %v %q %q %d:%d, shifted %v %q %q %d:%d", s[0], col, ok1, f1, n1, l1, c1, ok2, f2, n2, l2, c2)
				}
			}
		}
	})
}
