package plugin

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseConfigErrorsNameEveryField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		raw  string
		want []string
	}{
		{"valid", `{"timeout":"250ms","endpoints":[{"path":"/a","method":"GET","response_function_name":"f","function_source_type":"inline","function_source":"function f(){}"}]}`, nil},
		{"seconds as number", `{"timeout":1.5}`, nil},
		{"unknown field", `{"endpoints":[{"path":"/a","method":"GET","response_function_name":"f","function_source_type":"inline","function_source":"x","use_sesion":true}]}`,
			[]string{"tyk_ve.endpoints[0].use_sesion: unknown field"}},
		{"every endpoint problem at once", `{"endpoints":[{},{"path":"/b","method":"get","response_function_name":"1x","function_source_type":"blob","function_source_uri":"%%%"}]}`,
			[]string{"tyk_ve.endpoints[0].path: required", "tyk_ve.endpoints[0].method: required",
				"tyk_ve.endpoints[0].response_function_name", "tyk_ve.endpoints[0].function_source_type",
				"tyk_ve.endpoints[1].method: must be an upper-case", "tyk_ve.endpoints[1].response_function_name",
				"tyk_ve.endpoints[1].function_source_uri: not valid base64"}},
		{"bad duration", `{"timeout":"5 seconds"}`, []string{"tyk_ve", "invalid duration"}},
		{"bad state and pool", `{"state":"global","pool":{"max_runtimes":-1},"limits":{"max_request_body":-5}}`,
			[]string{"tyk_ve.state", "tyk_ve.pool.max_runtimes", "tyk_ve.limits.max_request_body"}},
		{"wrong type", `{"endpoints":[{"path":"/a","method":"GET","response_function_name":"f","function_source_type":"inline","function_source":"x","use_session":"yes"}]}`,
			[]string{"use_session"}},
		{"bad regex", `{"endpoints":[{"path":"/a(","method":"GET","response_function_name":"f","function_source_type":"inline","function_source":"x"}]}`,
			[]string{"tyk_ve.endpoints[0].path: not a valid path pattern"}},
		{"not an object", `[1,2]`, []string{"tyk_ve"}},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseConfig(json.RawMessage(tc.raw))
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestDurationForms(t *testing.T) {
	t.Parallel()
	var c Config
	if err := json.Unmarshal([]byte(`{"timeout":"1m"}`), &c); err != nil || c.Timeout.Std() != time.Minute {
		t.Fatalf("%v %v", c.Timeout.Std(), err)
	}
	if err := json.Unmarshal([]byte(`{"timeout":2}`), &c); err != nil || c.Timeout.Std() != 2*time.Second {
		t.Fatalf("%v %v", c.Timeout.Std(), err)
	}
}

func TestParseDefinitionGolden(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/definitions/*.json")
	if len(files) == 0 {
		t.Fatal("no golden definitions")
	}
	for _, f := range files {
		f := f
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			def, err := ParseDefinition(raw)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(def, "", "  ")
			golden := strings.TrimSuffix(f, ".json") + ".golden"
			if os.Getenv("UPDATE_GOLDEN") != "" {
				_ = os.WriteFile(golden, append(got, '\n'), 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create)", err)
			}
			if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
				t.Fatalf("parsed definition differs from %s:\n%s", golden, got)
			}
		})
	}
}

func TestParseConfigOutboundPolicy(t *testing.T) {
	t.Parallel()
	_, err := ParseConfig(json.RawMessage(`{"outbound":{"allow":["10.0.0.1/32","nope"],"deny":["300.1.1.1"]}}`))
	if err == nil || !strings.Contains(err.Error(), "tyk_ve.outbound.allow[1]") || !strings.Contains(err.Error(), "tyk_ve.outbound.deny[0]") {
		t.Fatalf("error does not name the fields: %v", err)
	}
}
