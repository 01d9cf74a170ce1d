package testrunner

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	ok := "api: a.json\ntests:\n  - name: t\n    request: {path: /x}\n    expect: {status: 200}\n"
	tests := []struct {
		name, src string
		json      bool
		wantErr   string
	}{
		{"yaml", ok, false, ""},
		{"json", `{"api": "a.json", "tests": [{"name": "t", "request": {"path": "/x"}, "expect": {"status": 200}}]}`, true, ""},
		{"unknown field", "api: a.json\ntestz: []\n", false, `unknown field "testz"`},
		{"no api", "tests:\n  - {name: t, request: {path: /x}, expect: {status: 200}}\n", false, "api / definition: exactly one must be set"},
		{"no tests", "api: a.json\n", false, "tests: at least one test is needed"},
		{"path", "api: a\ntests:\n  - {name: t, request: {path: x}, expect: {status: 200}}\n", false, "tests[0].request.path: must start with /"},
		{"method", "api: a\ntests:\n  - {name: t, request: {path: /x, method: get}, expect: {status: 200}}\n", false, `tests[0].request.method: "get" is not an upper-case HTTP method`},
		{"duplicate", "api: a\ntests:\n  - {name: t, request: {path: /x}, expect: {status: 200}}\n  - {name: t, request: {path: /x}, expect: {status: 200}}\n", false, `tests[1].name: "t" is used twice`},
		{"expects nothing", "api: a\ntests:\n  - {name: t, request: {path: /x}, expect: {}}\n", false, "tests[0].expect: expects nothing"},
		{"exclusive", "api: a\ntests:\n  - {name: t, request: {path: /x}, expect: {body: a, json: {}}}\n", false, "body, json and json_subset are exclusive"},
		{"stub url", "api: a\ntests:\n  - {name: t, request: {path: /x}, upstreams: [{url: /rel}], expect: {status: 200}}\n", false, "tests[0].upstreams[0].url: must be an absolute http(s) URL"},
		{"session", "api: a\ntests:\n  - {name: t, request: {path: /x}, session: [1], expect: {status: 200}}\n", false, "tests[0].session: must be a JSON object"},
		{"yaml syntax", "api: [\n", false, "yaml:"},
		{"non-string key", "api: a\ntests:\n  - {name: t, request: {path: /x}, expect: {status: 200, headers: {1: a}}}\n", false, ""},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.src), tc.json)
		if tc.wantErr == "" {
			if err != nil && tc.name != "non-string key" {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.wantErr)
		}
	}
}

func TestCassettePath(t *testing.T) {
	for in, want := range map[string]string{"a/orders.test.yaml": "a/orders.cassette.json", "x.test.json": "x.cassette.json", "y.test.yml": "y.cassette.json"} {
		if got := CassettePath(in); got != want {
			t.Errorf("CassettePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSecretHeaders(t *testing.T) {
	for name, secret := range map[string]bool{"Authorization": true, "X-Api-Key": true, "Cookie": true, "Set-Cookie": true,
		"X-Auth-Token": true, "X-Hub-Signature-256": true, "Accept": false, "Content-Type": false, "X-Request-Id": false} {
		if secretHeader(name) != secret {
			t.Errorf("secretHeader(%q) = %v, want %v", name, !secret, secret)
		}
	}
}

// FuzzParse: any input either parses into a valid file or fails with an
// error; never a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte("api: a.json\ntests:\n  - name: t\n    request: {path: /x}\n    expect: {status: 200}\n"), false)
	f.Add([]byte(`{"api": "a", "tests": [{"name": "t", "request": {"path": "/x"}, "expect": {"json": {"a": [1]}}}]}`), true)
	f.Add([]byte("&a [*a]"), false)
	f.Fuzz(func(t *testing.T, data []byte, isJSON bool) {
		file, err := Parse(data, isJSON)
		if err != nil {
			return
		}
		if err := file.Validate(); err != nil {
			t.Fatalf("Parse accepted an invalid file: %v", err)
		}
	})
}
