package testrunner

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// TestExamples runs the test files of the repository's examples (stubs,
// cassettes, pass-through, sessions): every one must pass.
func TestExamples(t *testing.T) {
	sum, err := Run(context.Background(), Options{Paths: []string{"../../examples"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sum.Results {
		if !r.Passed {
			t.Errorf("%s: %s: %v (log: %v)", r.File, r.Name, r.Failures, r.Logs)
		}
	}
	if sum.Passed < 4 {
		t.Fatalf("only %d example tests ran", sum.Passed)
	}
}

// recordFixture writes an API whose script calls upstream+"/items/"+id and
// a test file expecting the upstream's answer to be passed through.
func recordFixture(t *testing.T, upstream, resource string) string {
	t.Helper()
	dir := t.TempDir()
	def := fmt.Sprintf(`{"name": "rec", "api_id": "rec", "org_id": "o", "use_keyless": true, "active": true,
	  "proxy": {"listen_path": "/rec/", "target_url": %q, "strip_listen_path": true},
	  "version_data": {"not_versioned": true, "versions": {"Default": {"name": "Default"}}},
	  "config_data": {"upstream": %q, "tyk_ve": {"endpoints": [{"path": "/item", "method": "GET",
	    "response_function_name": "item", "function_source_type": "file", "function_source_uri": "item.js"}]}}}`, upstream, upstream)
	script := `function item(request, session, config) {
	  var raw = TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: config.config_data.upstream, Resource: "` + resource + `",
	    Headers: {"X-Api-Key": "k-123", "Accept": "application/json"}}));
	  if (!raw) { return TykJsResponse({Body: "no answer", Code: 502}, null); }
	  return TykJsResponse({Body: JSON.parse(raw).Body, Code: 200}, null);
	}`
	test := `{"api": "api.json", "tests": [{"name": "item passes through", "request": {"path": "/rec/item"},
	  "expect": {"status": 200, "json": {"sku": "a-1", "stock": 3}}}]}`
	for name, body := range map[string]string{"api.json": def, "item.js": script, "item.test.json": test} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRecordReplay: a recording run reaches the upstream and stores its
// answer with secrets redacted; a replay passes with the upstream gone; a
// changed script asking for another URL fails, naming it.
func TestRecordReplay(t *testing.T) {
	var hits atomic.Int64
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "session=abc")
		fmt.Fprint(w, `{"sku":"a-1","stock":3}`)
	}))
	dir := recordFixture(t, up.URL, "/items/a-1")

	sum, err := Run(context.Background(), Options{Paths: []string{dir}, Record: true}, nil)
	if err != nil || sum.Failed != 0 || sum.Passed != 1 {
		t.Fatalf("record run: %+v %v", sum, err)
	}
	if hits.Load() != 1 {
		t.Fatalf("upstream hit %d times while recording, want 1", hits.Load())
	}
	cas, err := os.ReadFile(filepath.Join(dir, "item.cassette.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadCassette(filepath.Join(dir, "item.cassette.json"))
	if err != nil || len(c.Interactions) != 1 {
		t.Fatalf("cassette: %v, %d interactions\n%s", err, len(c.Interactions), cas)
	}
	in := c.Interactions[0]
	if in.Test != "item passes through" || in.Request.URL != up.URL+"/items/a-1" || in.Status != 200 ||
		in.Request.Headers.Get("X-Api-Key") != Redacted || in.Headers.Get("Set-Cookie") != Redacted ||
		in.Request.Headers.Get("Accept") != "application/json" {
		t.Errorf("cassette interaction: %+v", in)
	}
	if strings.Contains(string(cas), "k-123") || strings.Contains(string(cas), "session=abc") {
		t.Errorf("cassette holds a secret:\n%s", cas)
	}

	up.Close()
	sum, err = Run(context.Background(), Options{Paths: []string{dir}}, nil)
	if err != nil || sum.Failed != 0 || sum.Passed != 1 {
		t.Fatalf("replay with the upstream gone: %+v %v", sum, err)
	}

	script, _ := os.ReadFile(filepath.Join(dir, "item.js"))
	changed := strings.Replace(string(script), "/items/a-1", "/items/b-2", 1)
	if err := os.WriteFile(filepath.Join(dir, "item.js"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err = Run(context.Background(), Options{Paths: []string{dir}}, nil)
	if err != nil || sum.Failed != 1 {
		t.Fatalf("a changed script must fail: %+v %v", sum, err)
	}
	got := strings.Join(sum.Results[0].Failures, "\n")
	if !strings.Contains(got, "no stub and no recorded answer: GET "+up.URL+"/items/b-2") {
		t.Fatalf("the failure does not name the unrecorded URL:\n%s", got)
	}
}

// TestFailuresSayWhy: each kind of expectation reports what differs.
func TestFailuresSayWhy(t *testing.T) {
	dir := t.TempDir()
	src := `{"definition": {"name": "f", "api_id": "f", "org_id": "o", "use_keyless": true, "active": true,
	  "proxy": {"listen_path": "/f/", "target_url": "http://upstream.test", "strip_listen_path": true},
	  "version_data": {"not_versioned": true, "versions": {"Default": {"name": "Default"}}},
	  "config_data": {"tyk_ve": {"endpoints": [{"path": "/x", "method": "GET", "response_function_name": "x",
	    "function_source_type": "inline", "function_source": "function x() { return TykJsResponse({Body: JSON.stringify({a: 1, b: [1, 2]}), Code: 201, Headers: {\"X-K\": \"v\"}}, null) }"},
	   {"path": "/boom", "method": "GET", "response_function_name": "boom",
	    "function_source_type": "inline", "function_source": "function boom() { throw new Error(\"boom here\") }"}]}}},
	 "tests": [
	  {"name": "status", "request": {"path": "/f/x"}, "expect": {"status": 200}},
	  {"name": "header", "request": {"path": "/f/x"}, "expect": {"headers": {"X-K": "w"}}},
	  {"name": "json", "request": {"path": "/f/x"}, "expect": {"json": {"a": 2, "b": [1, 2]}}},
	  {"name": "subset", "request": {"path": "/f/x"}, "expect": {"json_subset": {"c": true}}},
	  {"name": "body", "request": {"path": "/f/x"}, "expect": {"body": "x"}},
	  {"name": "script error", "request": {"path": "/f/boom"}, "expect": {"status": 200}},
	  {"name": "passes", "request": {"path": "/f/x"}, "expect": {"status": 201, "json_subset": {"b": [1, 2]}}}]}`
	path := filepath.Join(dir, "f.test.json")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), Options{Paths: []string{path}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"status":       "status 201, want 200",
		"header":       `header X-K: "v", want "w"`,
		"json":         "$.a: 1, want 2",
		"subset":       "$.c: missing, want true",
		"body":         `body {"a":1,"b":[1,2]}, want x`,
		"script error": "status 500, want 200",
	}
	for _, r := range sum.Results {
		w, failing := want[r.Name]
		if r.Passed == failing {
			t.Errorf("%s: passed=%v: %v", r.Name, r.Passed, r.Failures)
			continue
		}
		if failing && !strings.Contains(strings.Join(r.Failures, "\n"), w) {
			t.Errorf("%s: failures %q lack %q", r.Name, r.Failures, w)
		}
		if r.Name == "script error" && !strings.Contains(strings.Join(r.Logs, "\n"), "boom here") {
			t.Errorf("script error: the plugin's log (%q) is not shown", r.Logs)
		}
	}
	if sum.Passed != 1 || sum.Failed != 6 {
		t.Fatalf("%d passed, %d failed; want 1 and 6", sum.Passed, sum.Failed)
	}

	sum, _ = Run(context.Background(), Options{Paths: []string{path}, Run: regexp.MustCompile("^pass")}, nil)
	if len(sum.Results) != 1 || !sum.Results[0].Passed {
		t.Fatalf("--run ^pass: %+v", sum.Results)
	}

	var buf bytes.Buffer
	full, _ := Run(context.Background(), Options{Paths: []string{path}}, nil)
	if err := WriteJUnit(&buf, full); err != nil {
		t.Fatal(err)
	}
	var parsed junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &parsed); err != nil {
		t.Fatalf("JUnit output does not parse: %v\n%s", err, buf.String())
	}
	if parsed.Tests != 7 || parsed.Fails != 6 || len(parsed.Suites) != 1 || parsed.Suites[0].Cases[0].Failure == nil {
		t.Fatalf("JUnit: %+v", parsed)
	}
}

func TestNoTests(t *testing.T) {
	if _, err := Run(context.Background(), Options{Paths: []string{t.TempDir()}}, nil); err != ErrNoTests {
		t.Fatalf("err = %v, want ErrNoTests", err)
	}
}
