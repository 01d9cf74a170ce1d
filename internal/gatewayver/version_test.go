package gatewayver

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    Version
		wantErr string
	}{
		{"", Master, ""},
		{"master", Master, ""},
		{" MASTER ", Master, ""},
		{"5.8", V58, ""},
		{"5.8.15", V58, ""},
		{"v5.8.9", V58, ""},
		{"5.9", V59, ""},
		{"5.12.1", V59, ""},
		{"v5.14.0", V59, ""},
		{"5.7", "", "supported are"},
		{"5.15", "", "supported are"},
		{"6.0", "", "supported are"},
		{"5", "", "want master or a release"},
		{"5.x", "", "is not a number"},
		{"5.8.1.2", "", "want master or a release"},
		{"latest", "", "want master or a release"},
	}
	for _, tc := range tests {
		got, err := Parse(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Parse(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestEmptySessionShapes checks each generation's empty session against the
// fields tyk-contract §1.6 lists: 5.8 has no smoothing, 5.9–5.14 add it,
// master omits every zero field.
func TestEmptySessionShapes(t *testing.T) {
	common := []string{"last_check", "allowance", "rate", "per", "quota_max", "quota_remaining",
		"quota_renews", "access_rights", "meta_data", "basic_auth_data", "jwt_data", "monitor",
		"tags", "alias", "last_updated", "id_extractor_deadline", "session_lifetime"}
	tests := []struct {
		v           Version
		keys        int
		hasSmooth   bool
		wantCommons bool
	}{
		{V58, 37, false, true},
		{V59, 38, true, true},
		{Master, 0, false, false},
	}
	for _, tc := range tests {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(tc.v.EmptySession(), &m); err != nil {
			t.Fatalf("%s: %v", tc.v, err)
		}
		if len(m) != tc.keys {
			t.Errorf("%s: %d keys, want %d", tc.v, len(m), tc.keys)
		}
		if _, ok := m["smoothing"]; ok != tc.hasSmooth {
			t.Errorf("%s: smoothing present = %v, want %v", tc.v, ok, tc.hasSmooth)
		}
		for _, k := range common {
			if _, ok := m[k]; ok != tc.wantCommons {
				t.Errorf("%s: key %s present = %v, want %v", tc.v, k, ok, tc.wantCommons)
			}
		}
	}
	a := V59.EmptySession()
	a[0] = 'x'
	if V59.EmptySession()[0] != '{' {
		t.Fatal("EmptySession returned shared bytes")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"5.8", "master", "v5.12.1", "5.x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		if !json.Valid(v.EmptySession()) {
			t.Fatalf("%q: invalid session JSON", s)
		}
	})
}
