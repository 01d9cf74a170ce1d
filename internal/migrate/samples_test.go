package migrate

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/tyk-ve/tyk-ve/plugin"
)

func TestParseSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in  string
		want      []Sample
		wantError string
	}{
		{name: "empty list", in: `[]`, want: []Sample{}},
		{
			name: "query string",
			in:   `[{"api_id": "a", "method": "GET", "path": "/x", "query": "?b=2&a=1"}]`,
			want: []Sample{{APIID: "a", Method: "GET", Path: "/x", Query: "b=2&a=1"}},
		},
		{
			name: "query object with lists, names sorted",
			in:   `[{"method": "POST", "path": "/x", "query": {"z": "1", "a": ["2", "<3>"]}, "headers": {"X-A": "b"}, "body": "{}"}]`,
			want: []Sample{{Method: "POST", Path: "/x", Query: "a=2&a=%3C3%3E&z=1", Headers: map[string]string{"X-A": "b"}, Body: "{}"}},
		},
		{name: "not a list", in: `{"method": "GET"}`, wantError: "samples:"},
		{name: "unknown field", in: `[{"method": "GET", "path": "/x", "session": {}}]`, wantError: "unknown field"},
		{name: "lower-case method", in: `[{"method": "get", "path": "/x"}]`, wantError: "samples[0].method"},
		{name: "relative path", in: `[{"method": "GET", "path": "x"}]`, wantError: "samples[0].path"},
		{name: "query in path", in: `[{"method": "GET", "path": "/x?a=1"}]`, wantError: "use query"},
		{name: "bad query value", in: `[{"method": "GET", "path": "/x", "query": {"a": 1}}]`, wantError: "samples[0].query"},
		{name: "bad header name", in: `[{"method": "GET", "path": "/x", "headers": {"a b": "1"}}]`, wantError: "headers"},
		{
			name:      "every problem at once",
			in:        `[{"method": "", "path": "/x"}, {"method": "GET", "path": ""}]`,
			wantError: "samples[0].method: \"\" must be an upper-case HTTP method\nsamples[1].path",
		},
		{name: "trailing data", in: `[] []`, wantError: "after the list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSamples([]byte(tc.in))
			if tc.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantError) {
					t.Fatalf("error %v, want it to contain %q", err, tc.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d samples, want %d", len(got), len(tc.want))
			}
			for i := range got {
				if got[i].Target() != tc.want[i].Target() || got[i].Method != tc.want[i].Method ||
					got[i].APIID != tc.want[i].APIID || got[i].Body != tc.want[i].Body || len(got[i].Headers) != len(tc.want[i].Headers) {
					t.Errorf("sample %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestGenerateSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, listen, path, method string
		wantPath                   string
	}{
		{"plain", "/api/", "/hello", "GET", "/api/hello"},
		{"id parameter", "/api/", "/users/{id}", "GET", "/api/users/1"},
		{"named parameters", "/api/", "/orgs/{orgId}/teams/{team}", "GET", "/api/orgs/1/teams/example"},
		{"OAS anchored template", "/oas/", "^/items/{itemId}$", "GET", "/oas/items/1"},
		{"digits regex", "/api/", "/legacy/[0-9]+$", "GET", "/api/legacy/1"},
		{"perl class", "/api/", `/v\d+/status`, "GET", "/api/v1/status"},
		{"alternation", "/api/", "/(cats|dogs)/list", "GET", "/api/cats/list"},
		{"wildcard", "/api/", "/files/*", "GET", "/api/files/anything"},
		{"optional part", "/api/", "/reports?/x+", "GET", "/api/report/x"},
		{"braces are parameters, as in Tyk", "/api/", "/x(ab){2}", "GET", "/api/xabexample"},
		{"negated class", "/api/", "/code/[^/]+", "GET", "/api/code/a"},
		{"root listen path", "/", "/ping", "GET", "/ping"},
		{"no listen path", "", "/ping", "GET", "/ping"},
		{"post gets a body", "/api/", "/orders", "POST", "/api/orders"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := plugin.EndpointConfig{Path: tc.path, Method: tc.method, ResponseFunctionName: "f"}
			got := GenerateSamples("api", tc.listen, e)
			if len(got) != 2 {
				t.Fatalf("%d samples, want 2", len(got))
			}
			if got[0].Path != tc.wantPath || got[0].Query != "" {
				t.Errorf("first sample %s, want %s", got[0].Target(), tc.wantPath)
			}
			if got[1].Path != tc.wantPath || got[1].Query == "" {
				t.Errorf("second sample %s, want %s with a query", got[1].Target(), tc.wantPath)
			}
			hasBody := tc.method == "POST" || tc.method == "PUT" || tc.method == "PATCH"
			if (got[0].Body != "") != hasBody || (hasBody && got[0].Headers["Content-Type"] != "application/json") {
				t.Errorf("body %q, headers %v", got[0].Body, got[0].Headers)
			}
			// The router tyk-ve uses must send the sample to this endpoint.
			f := false
			router, err := plugin.NewRouter(tc.listen, []plugin.Route{{Label: "e", Endpoint: e}},
				plugin.PathMatching{Prefix: &f, Suffix: &f, IgnoreCase: &f})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range got {
				if err := s.Validate(); err != nil {
					t.Errorf("generated sample invalid: %v", err)
				}
				r, _ := http.NewRequest(s.Method, s.Target(), nil)
				if router.Match(r) == nil {
					t.Errorf("%s %s does not match %s", s.Method, s.Target(), tc.path)
				}
			}
		})
	}
}

// TestDocsSamplesExample parses the samples file shown in docs/migration.md.
func TestDocsSamplesExample(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/migration.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```json\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("no json block in docs/migration.md")
	}
	samples, err := ParseSamples([]byte(block))
	if err != nil {
		t.Fatalf("the documented samples file does not parse: %v", err)
	}
	if len(samples) != 2 || samples[0].Query != "expand=lines" || samples[1].APIID != "" {
		t.Fatalf("parsed %+v", samples)
	}
}
