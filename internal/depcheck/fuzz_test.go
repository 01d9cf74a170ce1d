package depcheck

import (
	"bytes"
	"reflect"
	"testing"
)

func FuzzCompare(f *testing.F) {
	for _, s := range [][2]string{
		{"v1.2.3", "v1.2.4"}, {"v0.0.0-20241024094426-79f3a7efcdbd", "v0.1.0"},
		{"v2.1.4+incompatible", "v2.1.3"}, {"v1.0.0-rc.1", "v1.0.0-rc.a"}, {"v1", "v1.0"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, v, w string) {
		c, r := Compare(v, w), Compare(w, v)
		if c != -r {
			t.Fatalf("Compare(%q,%q)=%d but Compare(%q,%q)=%d", v, w, c, w, v, r)
		}
		if Compare(v, v) != 0 {
			t.Fatalf("Compare(%q,%q) != 0", v, v)
		}
		_, _ = ParsePseudo(v)
		_ = CompareGo(v, w)
	})
}

func FuzzParseList(f *testing.F) {
	f.Add([]byte("# go 1.23.10 \na v1.0.0\nb v1.0.0 => c v1.1.0\n"))
	f.Add([]byte("# go 1.25.0\nd v1.0.0 => ../d\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseList("fuzz", bytes.NewReader(data))
		if err != nil {
			return
		}
		for path, req := range r.Modules {
			if path != req.Path || !IsValid(req.Version) {
				t.Fatalf("accepted bad requirement %+v", req)
			}
		}
		// What was accepted writes back to a list that parses to the same.
		var out bytes.Buffer
		if err := WriteList(&out, r); err != nil {
			t.Fatalf("WriteList of a parsed list: %v", err)
		}
		back, err := ParseList("fuzz", &out)
		if err != nil {
			t.Fatalf("reparsing %q: %v", out.String(), err)
		}
		if !reflect.DeepEqual(back, r) {
			t.Fatalf("round trip of %q: got %+v, want %+v", out.String(), back, r)
		}
	})
}
