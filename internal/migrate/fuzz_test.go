package migrate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseSamples checks the samples-file parser never panics, and that
// what it accepts is valid and survives a round trip.
func FuzzParseSamples(f *testing.F) {
	if seed, err := os.ReadFile(filepath.Join(fixtures, "samples.json")); err == nil {
		f.Add(seed)
	}
	for _, s := range []string{`[]`, `[{"method":"GET","path":"/"}]`, `[{"method":"GET","path":"/x","query":{"a":["1","2"]}}]`,
		`[{"method":"GET","path":"/x","query":"a=%zz"}]`, `null`, `[{}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		samples, err := ParseSamples(data)
		if err != nil {
			return
		}
		for i, s := range samples {
			if err := s.Validate(); err != nil {
				t.Fatalf("accepted sample %d is invalid: %v", i, err)
			}
		}
		again, err := json.Marshal(samples)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseSamples(again)
		if err != nil {
			t.Fatalf("round trip of %s: %v", again, err)
		}
		if len(back) != len(samples) {
			t.Fatalf("round trip changed the count: %d != %d", len(back), len(samples))
		}
		for i := range back {
			if back[i].Target() != samples[i].Target() || back[i].Method != samples[i].Method || back[i].Body != samples[i].Body {
				t.Fatalf("round trip changed sample %d: %+v != %+v", i, back[i], samples[i])
			}
		}
	})
}
