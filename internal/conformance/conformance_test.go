package conformance

import (
	"encoding/json"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFixture lays out a fixture directory with the given case files and
// one API definition, apis/api.json.
func writeFixture(t *testing.T, cases map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{casesDir, apisDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	api := `{"api_id": "a", "proxy": {"target_url": "${UPSTREAM}", "listen_path": "/"}, "config_data": {"file": "${CONFORMANCE_DIR}/js/x.js"}}`
	if err := os.WriteFile(filepath.Join(dir, apisDir, "api.json"), []byte(api), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, body := range cases {
		if err := os.WriteFile(filepath.Join(dir, casesDir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const validCase = `{
 "name": "%s", "description": "d", "api": "api.json",
 "request": {"method": "GET", "path": "/a?x=1"},
 "expect": {"status": 200, "upstream": true}
}`

func caseNamed(name string) string { return strings.Replace(validCase, "%s", name, 1) }

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cases   map[string]string
		want    []string // case names, in order
		wantErr []string // substrings of the error
	}{
		{
			name:  "valid cases sorted by name",
			cases: map[string]string{"1.json": caseNamed("zeta"), "2.json": caseNamed("alpha")},
			want:  []string{"alpha", "zeta"},
		},
		{
			name:    "unknown field names the file",
			cases:   map[string]string{"typo.json": strings.Replace(caseNamed("x"), `"status"`, `"statuz": 1, "status"`, 1)},
			wantErr: []string{"cases/typo.json", `unknown field "statuz"`},
		},
		{
			name: "every problem is reported with its field",
			cases: map[string]string{"bad.json": `{"name": "", "api": "missing.json",
				"targets": ["prod"], "request": {"method": "get", "path": "a", "headers": {"x-id": "1"}},
				"expect": {"status": 0, "body": "", "json": {}, "session_meta": {}}}`},
			wantErr: []string{
				"cases/bad.json: name: must not be empty",
				"description: must say",
				"api: reading apis/missing.json",
				`targets[0]: unknown target "prod"`,
				`request.method: must be upper case`,
				`request.path: must start with "/"`,
				`request.headers: header "x-id" must be written in canonical form "X-Id"`,
				"expect.status: must be between 100 and 599, got 0",
				"expect: body and json are mutually exclusive",
				"expect.session_meta: needs a session",
			},
		},
		{
			name: "session key must be sent",
			cases: map[string]string{"s.json": strings.Replace(caseNamed("s"), `"request"`,
				`"session": {"key": "k1", "state": {"meta_data": {}}}, "request"`, 1)},
			wantErr: []string{`cases/s.json: request.headers.Authorization: must carry the session key "k1", got ""`},
		},
		{
			name:    "duplicate names",
			cases:   map[string]string{"a.json": caseNamed("same"), "b.json": caseNamed("same")},
			wantErr: []string{`cases/b.json: name: "same" is also used by cases/a.json`},
		},
		{
			name:    "api must be a bare file name",
			cases:   map[string]string{"p.json": strings.Replace(caseNamed("p"), `"api.json"`, `"../api.json"`, 1)},
			wantErr: []string{`api: "../api.json" must be a bare file name`},
		},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Load(writeFixture(t, tc.cases))
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("Load succeeded, want an error containing %q", tc.wantErr)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error lacks %q:\n%v", w, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var names []string
			for _, c := range got {
				names = append(names, c.Name)
			}
			if strings.Join(names, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("names = %v, want %v", names, tc.want)
			}
		})
	}
}

func TestLoadEmptyDir(t *testing.T) {
	t.Parallel()
	if _, err := Load(writeFixture(t, nil)); err == nil || !strings.Contains(err.Error(), "no cases") {
		t.Fatalf("err = %v, want \"no cases\"", err)
	}
}

func TestAPIDefinitionSubstitutesEscaped(t *testing.T) {
	t.Parallel()
	cases, err := Load(writeFixture(t, map[string]string{"c.json": caseNamed("c")}))
	if err != nil {
		t.Fatal(err)
	}
	def, err := cases[0].APIDefinition(`http://h/"q"`)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Proxy struct {
			TargetURL string `json:"target_url"`
		} `json:"proxy"`
		ConfigData struct{ File string } `json:"config_data"`
	}
	if err := json.Unmarshal(def, &got); err != nil {
		t.Fatalf("substituted definition is not JSON: %v\n%s", err, def)
	}
	if got.Proxy.TargetURL != `http://h/"q"` {
		t.Errorf("target_url = %q", got.Proxy.TargetURL)
	}
	if want := cases[0].Dir() + "/js/x.js"; got.ConfigData.File != want {
		t.Errorf("config_data.file = %q, want %q", got.ConfigData.File, want)
	}
}

// proxyTarget passes every request to the upstream; it checks Run itself.
type proxyTarget struct{}

func (proxyTarget) Name() string           { return TargetDev }
func (proxyTarget) SupportsSessions() bool { return false }
func (proxyTarget) Deploy(_ *testing.T, s Setup) (*Instance, error) {
	u, err := url.Parse(s.UpstreamURL)
	if err != nil {
		return nil, err
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	return &Instance{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "tyk")
		rp.ServeHTTP(w, r)
	})}, nil
}

func TestRunWithPassThroughTarget(t *testing.T) {
	t.Parallel()
	pass := strings.Replace(caseNamed("pass"), `"upstream": true`,
		`"upstream": true, "headers": {"Server": "tyk"}, "json_has": ["method", "headers"], "body_contains": ["\"path\":\"/a\""]`, 1)
	pass = strings.Replace(pass, `"path": "/a?x=1"`, `"path": "/a?x=1", "headers": {"X-Id": "7"}, "body": "hi"`, 1)
	plugin := strings.Replace(caseNamed("plugin-only"), `"api"`, `"targets": ["plugin"], "api"`, 1)
	session := strings.Replace(caseNamed("session"), `"request": {"method": "GET", "path": "/a?x=1"}`,
		`"session": {"key": "k", "state": {}}, "request": {"method": "GET", "path": "/a", "headers": {"Authorization": "k"}}`, 1)
	cases, err := Load(writeFixture(t, map[string]string{"1.json": pass, "2.json": plugin, "3.json": session}))
	if err != nil {
		t.Fatal(err)
	}
	Run(t, cases, proxyTarget{})
}

func TestLoadValidatesFollowUpsAndNewChecks(t *testing.T) {
	t.Parallel()
	bad := strings.Replace(caseNamed("bad"), `"expect": {"status": 200, "upstream": true}`,
		`"expect": {"status": 200, "header_matches": {"Date": "("}, "max_ms": -1, "wire_headers": ["Bad Name"]},
		 "then": [{"request": {"method": "get", "path": "x", "raw_headers": [["a b", "1"]]}, "expect": {"status": 0}}]`, 1)
	_, err := Load(writeFixture(t, map[string]string{"b.json": bad}))
	if err == nil {
		t.Fatal("Load succeeded, want errors")
	}
	for _, w := range []string{
		"expect.header_matches.Date: invalid regexp",
		"expect.max_ms: must be >= 0",
		`expect.wire_headers[0]: invalid header name "Bad Name"`,
		"then[0].request.method: must be upper case",
		`then[0].request.path: must start with "/"`,
		"then[0].request.raw_headers[0]: invalid header line",
		"then[0].expect.status: must be between 100 and 599",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

func TestRunFollowUpsAndNewChecks(t *testing.T) {
	t.Parallel()
	c := strings.Replace(caseNamed("steps"), `"expect": {"status": 200, "upstream": true}`,
		`"expect": {"status": 200, "upstream": true, "max_ms": 5000,
		   "header_matches": {"Server": "^ty"}, "wire_headers": ["Server", "X-Upstream"]},
		 "then": [
		   {"request": {"method": "POST", "path": "/b", "body": "x", "raw_headers": [["x-raw", "1"], ["x-raw", "2"]]},
		    "expect": {"status": 200, "upstream": true, "body_contains": ["\"X-Raw\":[\"1\",\"2\"]"]}},
		   {"request": {"method": "GET", "path": "/c"}, "expect": {"status": 200, "upstream": true}}
		 ]`, 1)
	cases, err := Load(writeFixture(t, map[string]string{"s.json": c}))
	if err != nil {
		t.Fatal(err)
	}
	Run(t, cases, proxyTarget{})
}

// TestRepositoryFixtures keeps the checked-in cases loadable.
func TestRepositoryFixtures(t *testing.T) {
	t.Parallel()
	cases, err := Load(filepath.Join("..", "..", "testdata", "conformance"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
}
