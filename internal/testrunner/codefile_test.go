package testrunner

import (
	"context"
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

// codeAPI is an API whose /echo endpoint answers what it got, whose
// /fetch endpoint passes an upstream's answer through, and whose /touch
// endpoint counts in the session's meta_data.
const codeAPI = `{"name": "c", "api_id": "c", "org_id": "o", "use_keyless": true, "active": true,
  "proxy": {"listen_path": "/c/", "target_url": "http://upstream.test", "strip_listen_path": true},
  "version_data": {"not_versioned": true, "versions": {"Default": {"name": "Default"}}},
  "config_data": {"upstream": "UPSTREAM", "tyk_ve": {"endpoints": [
    {"path": "/echo", "method": "POST", "response_function_name": "echo", "function_source_type": "file", "function_source_uri": "c.js"},
    {"path": "/fetch/{id}", "method": "GET", "response_function_name": "fetchOne", "function_source_type": "file", "function_source_uri": "c.js"},
    {"path": "/touch", "method": "POST", "response_function_name": "touch", "use_session": true, "function_source_type": "file", "function_source_uri": "c.js"}]}}}`

const codeScript = `function echo(request) {
  return TykJsResponse({Body: JSON.stringify({body: JSON.parse(request.Body), q: request.Params}), Code: 200,
    Headers: {"Content-Type": "application/json"}}, null);
}
function fetchOne(request, session, config) {
  var id = request.URL.split("/").pop();
  var raw = TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: config.config_data.upstream, Resource: "/items/" + id,
    Headers: {"X-Api-Key": "k-123"}}));
  if (!raw) { return TykJsResponse({Body: "no answer", Code: 502}, null); }
  var res = JSON.parse(raw);
  return TykJsResponse({Body: res.Body, Code: res.Code}, null);
}
function touch(request, session) {
  var m = session.meta_data || {};
  m.n = (m.n || 0) + 1;
  return TykJsResponse({Body: "ok", Code: 200}, m);
}`

// writeCodeFixture writes the API, its script and the given files.
func writeCodeFixture(t *testing.T, upstream string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{"api.json": strings.Replace(codeAPI, "UPSTREAM", upstream, 1), "c.js": codeScript}
	for k, v := range files {
		all[k] = v
	}
	for name, body := range all {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestCodeFiles: test files written as JavaScript or TypeScript pass,
// fail with the line of the failed assertion (source-mapped for
// TypeScript and imported helpers), and a broken file is one failure
// that says why.
func TestCodeFiles(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		run   string            // the test file to run
		want  map[string]string // test name → "" (passes) or a regular expression its failures match
	}{
		{
			name: "passing javascript",
			files: map[string]string{"c.test.js": `api("api.json");
test("echo", (t) => {
  const res = t.request({method: "POST", path: "/c/echo", query: {a: 1}, json: {x: [1, 2]}});
  t.equal(res.status, 200);
  t.deepEqual(res.json(), {body: {x: [1, 2]}, q: {a: ["1"]}});
  t.expect(res, {status: 200, headers: {"Content-Type": "application/json"}, json_subset: {body: {x: [1, 2]}}});
});
test("stubbed upstream", (t) => {
  t.upstream({url: "http://up.test/items/*", json: {sku: "a"}});
  t.deepEqual(t.request("/c/fetch/1").json(), {sku: "a"});
});
test("session", (t) => {
  t.session({meta_data: {n: 41}});
  t.equal(t.request({method: "POST", path: "/c/touch"}).text(), "ok");
  t.deepEqual(t.sessionMeta(), {n: 42});
  t.session(null);
  t.request({method: "POST", path: "/c/touch"});
  t.equal(t.sessionMeta(), undefined);
});
for (const n of [1, 2]) {
  test("row " + n, (t) => {
    t.upstream({url: "http://up.test/items/" + n, json: {n}});
    t.equal(t.request("/c/fetch/" + n).json().n, n);
  });
}`},
			run:  "c.test.js",
			want: map[string]string{"echo": "", "stubbed upstream": "", "session": "", "row 1": "", "row 2": ""},
		},
		{
			name: "failures name the line",
			files: map[string]string{"c.test.js": `api("api.json");
test("status", (t) => {
  const res = t.request({method: "POST", path: "/c/echo", json: {}});
  t.equal(res.status, 201);
});
test("deep", (t) => {
  t.deepEqual(t.request({method: "POST", path: "/c/echo", json: {a: 1}}).json().body, {a: 2});
});
test("expect", (t) => {
  t.expect(t.request({method: "POST", path: "/c/echo", json: {}}), {json_subset: {body: {c: true}}});
});
test("no stub", (t) => {
  t.equal(t.request("/c/fetch/9").status, 502);
});
test("throws", (t) => {
  t.request({path: "/c/echo", nope: 1});
});`},
			run: "c.test.js",
			want: map[string]string{
				"status": "c.test.js:4:",
				"deep":   "c.test.js:7:", "expect": "c.test.js:10:",
				"no stub": `upstream request with no stub and no recorded answer: GET http://up\.test/items/9`,
				"throws":  `threw Error: t\.request: decoding: json: unknown field "nope"\n\tat \S*c\.test\.js:16:`,
			},
		},
		{
			name: "typescript with a helper",
			files: map[string]string{
				"check.ts": `export interface Answer { status: number }
export function isOK(t: any, res: Answer): void {
  t.equal(res.status, 200, "status");
}
`,
				"c.test.ts": `import { isOK } from "./check";
type Row = { name: string; body: unknown };
api("api.json");
const rows: Row[] = [{name: "object", body: {a: 1}}, {name: "list", body: [1]}];
for (const r of rows) {
  test(r.name, (t: any) => {
    const res = t.request({method: "POST", path: "/c/echo", json: r.body});
    isOK(t, res);
    t.deepEqual(res.json().body, {wrong: true});
  });
}`},
			run: "c.test.ts",
			want: map[string]string{
				"object": "c.test.ts:9:",
				"list":   "c.test.ts:9:",
			},
		},
		{
			name:  "inline definition",
			files: map[string]string{"c.test.js": "api(" + strings.Replace(codeAPI, "UPSTREAM", "http://up.test", 1) + ");\ntest(\"inline\", (t) => t.equal(t.request({method: \"POST\", path: \"/c/echo\", json: 1}).status, 200));"},
			run:   "c.test.js",
			want:  map[string]string{"inline": ""},
		},
		{
			name:  "syntax error",
			files: map[string]string{"c.test.js": "api(\"api.json\");\ntest(\"x\", (t) => {"},
			run:   "c.test.js",
			want:  map[string]string{"(file)": "c.test.js:2:"},
		},
		{
			name:  "throw at the top level",
			files: map[string]string{"c.test.js": "api(\"api.json\");\nconst rows = JSON.parse(\"{\");"},
			run:   "c.test.js",
			want:  map[string]string{"(file)": "SyntaxError"},
		},
		{
			name:  "no api",
			files: map[string]string{"c.test.js": "test(\"x\", (t) => {});"},
			run:   "c.test.js",
			want:  map[string]string{"(file)": `no api\(\.\.\.\) call`},
		},
		{
			name:  "missing definition",
			files: map[string]string{"c.test.js": "api(\"nope.json\");\ntest(\"x\", (t) => {});"},
			run:   "c.test.js",
			want:  map[string]string{"(file)": "api: stat"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeCodeFixture(t, "http://up.test", c.files)
			sum, err := Run(context.Background(), Options{Paths: []string{filepath.Join(dir, c.run)}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]Result{}
			for _, r := range sum.Results {
				got[r.Name] = r
			}
			if len(got) != len(c.want) {
				t.Errorf("ran %d tests, want %d: %+v", len(got), len(c.want), sum.Results)
			}
			for name, w := range c.want {
				r, ok := got[name]
				switch {
				case !ok:
					t.Errorf("%s: did not run", name)
				case w == "" && !r.Passed:
					t.Errorf("%s: failed: %q (logs %q)", name, r.Failures, r.Logs)
				case w != "" && (r.Passed || !regexp.MustCompile(w).MatchString(strings.Join(r.Failures, "\n"))):
					t.Errorf("%s: passed=%v, failures %q lack %q", name, r.Passed, r.Failures, w)
				}
			}
		})
	}
}

// TestCodeHelperLocation: a failed assertion in an imported TypeScript
// helper names the helper's line and the test's.
func TestCodeHelperLocation(t *testing.T) {
	dir := writeCodeFixture(t, "http://up.test", map[string]string{
		"check.ts": "export function isOK(t: any, res: {status: number}): void {\n  // a comment\n  t.equal(res.status, 201, \"status\");\n}\n",
		"c.test.ts": `import { isOK } from "./check";

api("api.json");
test("helper", (t: any) => {
  const res = t.request({method: "POST", path: "/c/echo", json: {}});
  isOK(t, res);
});`})
	sum, err := Run(context.Background(), Options{Paths: []string{dir}}, nil)
	if err != nil || len(sum.Results) != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	got := strings.Join(sum.Results[0].Failures, "\n")
	if !regexp.MustCompile(`check\.ts:3:\d+ \(from .*c\.test\.ts:6:\d+\): status: 200, want 201`).MatchString(got) {
		t.Fatalf("failures %q lack the helper's and the test's lines", got)
	}
}

// TestCodeRecordReplay: a code file records per test name into its own
// cassette (beside a YAML file's), replays it offline, and re-recording
// one test with --run keeps the others' recordings.
func TestCodeRecordReplay(t *testing.T) {
	var hits atomic.Int64
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprintf(w, `{"path":%q,"key":%q}`, r.URL.Path, r.Header.Get("X-Api-Key"))
	}))
	dir := writeCodeFixture(t, up.URL, map[string]string{"c.test.js": `api("api.json");
for (const id of ["a", "b"]) {
  test("item " + id, (t) => {
    t.deepEqual(t.request("/c/fetch/" + id).json(), {path: "/items/" + id, key: "k-123"});
  });
}`})
	sum, err := Run(context.Background(), Options{Paths: []string{dir}, Record: true}, nil)
	if err != nil || sum.Passed != 2 || sum.Failed != 0 || hits.Load() != 2 {
		t.Fatalf("record: %+v %v, %d hits", sum, err, hits.Load())
	}
	cas, err := LoadCassette(filepath.Join(dir, "c.js.cassette.json"))
	if err != nil || len(cas.Interactions) != 2 {
		t.Fatalf("cassette: %v %+v", err, cas)
	}
	for i, name := range []string{"item a", "item b"} {
		in := cas.Interactions[i]
		if in.Test != name || in.Request.Headers.Get("X-Api-Key") != Redacted {
			t.Errorf("interaction %d: %+v", i, in)
		}
	}

	sum, err = Run(context.Background(), Options{Paths: []string{dir}, Record: true, Run: regexp.MustCompile("item b")}, nil)
	if err != nil || sum.Passed != 1 || hits.Load() != 3 {
		t.Fatalf("re-record one: %+v %v, %d hits", sum, err, hits.Load())
	}
	up.Close()
	sum, err = Run(context.Background(), Options{Paths: []string{dir}}, nil)
	if err != nil || sum.Passed != 2 || sum.Failed != 0 {
		t.Fatalf("replay with the upstream gone: %+v %v", sum, err)
	}

	script, _ := os.ReadFile(filepath.Join(dir, "c.js"))
	changed := strings.Replace(string(script), `"/items/"`, `"/v2/items/"`, 1)
	if err := os.WriteFile(filepath.Join(dir, "c.js"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, _ = Run(context.Background(), Options{Paths: []string{dir}}, nil)
	if sum.Failed != 2 || !strings.Contains(strings.Join(sum.Results[0].Failures, "\n"), "no stub and no recorded answer: GET "+up.URL+"/v2/items/a") {
		t.Fatalf("a changed script must fail naming the URL: %+v", sum.Results)
	}
}

func TestCodeCassettePath(t *testing.T) {
	for in, want := range map[string]string{
		"a/orders.test.yaml": "a/orders.cassette.json", "orders.test.json": "orders.cassette.json",
		"orders.test.js": "orders.js.cassette.json", "x/orders.test.ts": "x/orders.ts.cassette.json",
	} {
		if got := CassettePath(in); got != want {
			t.Errorf("CassettePath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCodeWatchPaths: --watch also polls the definition's folder and the
// helper files a code test file imports.
func TestCodeWatchPaths(t *testing.T) {
	root := t.TempDir()
	for name, body := range map[string]string{
		"defs/api.json":    codeAPI,
		"lib/h.ts":         "export const n: number = 1;\n",
		"tests/a.test.ts":  "import { n } from \"../lib/h\";\napi(\"../defs/api.json\");\ntest(\"x\", (t: any) => t.equal(n, 1));\n",
		"tests/b.test.yml": "api: ../defs/api.json\ntests: [{name: y, request: {path: /c/echo}, expect: {status: 200}}]\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := WatchPaths(context.Background(), []string{filepath.Join(root, "tests")})
	want := []string{filepath.Join(root, "defs"), filepath.Join(root, "lib", "h.ts")}
	for _, w := range want {
		found := false
		for _, g := range got {
			if filepath.Clean(g) == w {
				found = true
			}
		}
		if !found {
			t.Errorf("WatchPaths = %q, lacks %s", got, w)
		}
	}
}
