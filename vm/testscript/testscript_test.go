package testscript

import (
	"context"
	"errors"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
)

// fakeHost answers every request with a fixed answer and records what the
// test drove.
type fakeHost struct {
	stubs    []string
	sessions []string
	requests []string
	meta     []byte
}

func (h *fakeHost) Request(req []byte) (*Response, error) {
	h.requests = append(h.requests, string(req))
	if strings.Contains(string(req), "/down") {
		return nil, errors.New("connection refused")
	}
	return &Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}, "X-Two": {"a", "b"}},
		Body: []byte(`{"id":42,"items":[1,2]}`)}, nil
}

func (h *fakeHost) Upstream(stub []byte) error {
	if strings.Contains(string(stub), "ftp:") {
		return errors.New("url: must be an absolute http(s) URL")
	}
	h.stubs = append(h.stubs, string(stub))
	return nil
}

func (h *fakeHost) Session(s []byte) error {
	h.sessions = append(h.sessions, string(s))
	return nil
}

func (h *fakeHost) SessionMeta() ([]byte, bool) { return h.meta, h.meta != nil }

func (h *fakeHost) Expect(expect []byte, res *Response) ([]string, error) {
	if strings.Contains(string(expect), `"status":201`) && res.Status != 201 {
		return []string{"status 200, want 201"}, nil
	}
	return nil, nil
}

func load(t *testing.T, code string) *File {
	t.Helper()
	f, err := Load(context.Background(), "x.test.js", `api("api.json");`+"\n"+code)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return f
}

// TestAssertions: each assertion passes on equal values and, on others,
// records a failure naming the line and what differs.
func TestAssertions(t *testing.T) {
	cases := []struct {
		name, body string
		want       []string // substrings of the failures, in order; none: passes
	}{
		{"equal passes", `t.equal(1, 1); t.equal(NaN, NaN); t.equal("a", "a")`, nil},
		{"equal is SameValue", `t.equal(0, -0)`, []string{"x.test.js:3:10: equal: 0, want -0"}},
		{"equal with a message", `t.equal(1, 2, "the count")`, []string{"x.test.js:3:10: the count: 1, want 2"}},
		{"equal objects are not the same", `t.equal({}, {})`, []string{"equal: {}, want {}"}},
		{"deepEqual passes", `t.deepEqual({a: [1, {b: null}], d: new Date(5)}, {a: [1, {b: null}], d: new Date(5)})`, nil},
		{"deepEqual names the path", `t.deepEqual({a: [1, {b: 2}]}, {a: [1, {b: 3}]})`, []string{"deepEqual: $.a[1].b: 2, want 3"}},
		{"deepEqual missing and unexpected", `t.deepEqual({a: 1, c: 3}, {a: 1, b: 2})`, []string{`$.b: missing, want 2; $.c: unexpected 3`}},
		{"deepEqual array length", `t.deepEqual([1, 2], [1])`, []string{"$: length 2, want 1"}},
		{"deepEqual kinds", `t.deepEqual([], {})`, []string{"a different kind of object"}},
		{"deepEqual strings quoted", `t.deepEqual({"a-b": "1"}, {"a-b": 1})`, []string{`$["a-b"]: "1", want 1`}},
		{"deepEqual maps", `t.deepEqual(new Map([["k", 1]]), new Map([["k", 2]]))`, []string{`$.get("k"): 1, want 2`}},
		{"deepEqual sets", `t.deepEqual(new Set([1]), new Set([2]))`, []string{"$: missing 2"}},
		{"deepEqual cycles", `const a = {}; a.self = a; const b = {}; b.self = b; t.deepEqual(a, b)`, nil},
		{"deepEqual undefined", `t.deepEqual({a: undefined}, {})`, []string{"$.a: unexpected undefined"}},
		{"notEqual and notDeepEqual", `t.notEqual(1, 1); t.notDeepEqual([1], [1])`, []string{"notEqual: 1, want another value", "notDeepEqual: [1], want another value"}},
		{"ok", `t.ok(1); t.ok("", "empty")`, []string{"x.test.js:3:16: empty: \"\", want a truthy value"}},
		{"match", `t.match("application/json", /json/); t.match("text", /json/); t.match(undefined, /x/)`,
			[]string{`match: "text" does not match /json/`, "match: undefined, want a string matching /x/"}},
		{"throws", `t.throws(() => { throw new TypeError("bad") }, TypeError); t.throws(() => { throw new Error("x1") }, /x\d/); t.throws(() => 1)`,
			[]string{"throws: did not throw"}},
		{"throws the wrong error", `t.throws(() => { throw new Error("a") }, TypeError); t.throws(() => { throw new Error("a") }, /b/)`,
			[]string{"want an instance of TypeError", "which does not match /b/"}},
		{"name", `t.equal(t.name, "t")`, nil},
		{"fail", `t.fail("by hand")`, []string{"x.test.js:3:9: by hand"}},
		{"failures go on, an exception stops", `t.equal(1, 2); undefined.x; t.equal(3, 4)`,
			[]string{"equal: 1, want 2", "threw TypeError", "\tat x.test.js:3:"}},
		{"a thrown non-error", `throw "plain"`, []string{"threw plain"}},
		{"runaway recursion", `const f = () => f(); f()`, []string{"threw RangeError: Maximum call stack size exceeded"}},
		{"deep values", `let a = [], b = []; for (let i = 0; i < 5000; i++) { a = [a]; b = [b]; } t.deepEqual(a, b)`, []string{"Maximum call stack size exceeded"}},
		{"async test", `return (async () => { const v = await Promise.resolve(2); t.equal(v, 3); })()`, []string{"x.test.js:3:", "equal: 2, want 3"}},
		{"async test that throws", `return (async () => { await null; throw new TypeError("late"); })()`, []string{"threw TypeError: late\n\tat x.test.js:3:"}},
		{"async test rejecting a non-error", `return Promise.reject(5)`, []string{"threw 5"}},
		{"pending promise", `return new Promise(() => {})`, []string{"still pending when the test returns"}},
		{"thenable", `return {then() {}}`, []string{"not a Promise"}},
		{"a failure in a nested function names its line", `function helper(v) {
  t.equal(v, 2);
}
helper(1)`, []string{"x.test.js:4:10: equal: 1, want 2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := load(t, "test(\"t\", (t) => {\n  "+c.body+"\n});")
			out := f.Run(context.Background(), "t", &fakeHost{})
			if len(c.want) == 0 {
				if len(out.Failures) > 0 {
					t.Fatalf("failures: %q", out.Failures)
				}
				return
			}
			all := strings.Join(out.Failures, "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("failures %q lack %q", out.Failures, w)
				}
			}
		})
	}
}

// TestHelperFile: a failure in a helper function names the helper's line.
func TestHelperFile(t *testing.T) {
	// Within one file the innermost frame is the location; a helper in
	// another (source-mapped) file is tested by internal/testrunner with a
	// built TypeScript file.
	f := load(t, `function check(t, v) { t.equal(v, 1); }
test("h", (t) => { check(t, 2); });`)
	out := f.Run(context.Background(), "h", &fakeHost{})
	if len(out.Failures) != 1 || !strings.HasPrefix(out.Failures[0], "x.test.js:2:31: equal: 2, want 1") {
		t.Fatalf("failures: %q", out.Failures)
	}
}

// TestHostCalls: t drives the host with the JSON of the YAML fields, and
// hands back its answers.
func TestHostCalls(t *testing.T) {
	f := load(t, `test("calls", (t) => {
  t.upstream({url: "http://u.test/x", json: {a: 1}, headers: {"X-N": 5}});
  t.session({meta_data: {n: 1}});
  t.session(null);
  const res = t.request({path: "/p", query: {a: 1, b: ["x", "y"]}, headers: {"X-N": 2}, json: {k: true}});
  t.equal(res.status, 200);
  t.equal(res.headers.get("CONTENT-TYPE"), "application/json");
  t.equal(res.headers.get("x-two"), "a, b");
  t.equal(res.headers.get("missing"), null);
  t.ok(res.headers.has("X-Two"));
  t.deepEqual(res.json(), {id: 42, items: [1, 2]});
  t.equal(res.text(), '{"id":42,"items":[1,2]}');
  t.deepEqual(t.sessionMeta(), {n: 2});
  t.request("/short");
  t.expect(res, {status: 201});
  console.log("hello", {a: 1});
});
test("errors", (t) => {
  t.throws(() => t.request("/down"), /t.request: connection refused/);
  t.throws(() => t.upstream({url: "ftp://x"}), TypeError);
  t.throws(() => t.session([1]), TypeError);
  t.throws(() => t.request(5), TypeError);
  t.throws(() => t.expect({}, {}), TypeError);
  t.throws(() => t.match("x", "x"), TypeError);
  t.throws(() => test("inner", () => {}), TypeError);
  t.throws(() => api("other.json"), TypeError);
});`)
	h := &fakeHost{meta: []byte(`{"n":2}`)}
	out := f.Run(context.Background(), "calls", h)
	if len(out.Failures) != 1 || !strings.Contains(out.Failures[0], "x.test.js:16:11: expect: status 200, want 201") {
		t.Errorf("failures: %q", out.Failures)
	}
	if want := `{"url":"http://u.test/x","json":{"a":1},"headers":{"X-N":"5"}}`; len(h.stubs) != 1 || h.stubs[0] != want {
		t.Errorf("stubs %q, want %s", h.stubs, want)
	}
	if len(h.sessions) != 2 || h.sessions[0] != `{"meta_data":{"n":1}}` || h.sessions[1] != "" {
		t.Errorf("sessions %q", h.sessions)
	}
	if want := `{"path":"/p","query":{"a":["1"],"b":["x","y"]},"headers":{"X-N":"2"},"json":{"k":true}}`; len(h.requests) != 2 || h.requests[0] != want || h.requests[1] != `{"path":"/short"}` {
		t.Errorf("requests %q, want %s", h.requests, want)
	}
	if len(out.Logs) != 1 || out.Logs[0] != `console.log: hello {"a":1}` {
		t.Errorf("logs %q", out.Logs)
	}
	if out := f.Run(context.Background(), "errors", &fakeHost{}); len(out.Failures) > 0 {
		t.Errorf("errors: %q", out.Failures)
	}
}

// TestLoadErrors: a broken file is a clear error, with the stack for an
// exception.
func TestLoadErrors(t *testing.T) {
	cases := []struct{ name, code, want string }{
		{"syntax", "api('a.json'); test('x', (t) => { t.equal(1, 1) ", "SyntaxError: x.test.js: Line 1"},
		{"throw at the top", "api('a.json');\nfunction boom() { throw new RangeError('top') }\nboom();", "RangeError: top\n\tat boom (x.test.js:2:25)\n\tat x.test.js:3:5"},
		{"no api", "test('x', (t) => {});", "no api(...) call"},
		{"no tests", "api('a.json');", "no test(...) call"},
		{"api twice", "api('a.json'); api('b.json');", "api: called twice"},
		{"api of a number", "api(5);", "api: want the path"},
		{"test without a function", "api('a.json'); test('x');", `test "x": the second argument must be the test function`},
		{"test without a name", "api('a.json'); test('', () => {});", "test: the first argument must be the test's name"},
		{"duplicate names", "api('a.json'); for (let i = 0; i < 2; i++) test('same', () => {});", `test "same": the name is used twice`},
		{"assertion outside a test", "api('a.json'); test('x', () => {}); const t = {}; console.log(1);", ""},
		{"gateway", "api('a.json'); gateway(5); test('x', () => {});", "gateway: want a gateway generation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Load(context.Background(), "x.test.js", c.code)
			if c.want == "" {
				if err != nil || len(f.Logs) != 1 {
					t.Fatalf("err %v, logs %v", err, f)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want one containing %q", err, c.want)
			}
		})
	}
}

// TestLoadRegisters: api, gateway and tests made in a loop.
func TestLoadRegisters(t *testing.T) {
	f, err := Load(context.Background(), "x.test.js", `api({name: "inline", proxy: {listen_path: "/i/"}}); gateway("5.8");
for (const n of [1, 2, 3]) test("row " + n, (t) => t.equal(n % 2, 1));`)
	if err != nil {
		t.Fatal(err)
	}
	if f.API != "" || string(f.Definition) != `{"name":"inline","proxy":{"listen_path":"/i/"}}` || f.Gateway != "5.8" {
		t.Fatalf("api %q, definition %s, gateway %q", f.API, f.Definition, f.Gateway)
	}
	if got := strings.Join(f.Tests(), ","); got != "row 1,row 2,row 3" {
		t.Fatalf("tests %s", got)
	}
	if out := f.Run(context.Background(), "row 2", &fakeHost{}); len(out.Failures) != 1 {
		t.Fatalf("row 2: %q", out.Failures)
	}
	if out := f.Run(context.Background(), "row 3", &fakeHost{}); len(out.Failures) != 0 {
		t.Fatalf("row 3: %q", out.Failures)
	}
	if out := f.Run(context.Background(), "nope", &fakeHost{}); len(out.Failures) != 1 {
		t.Fatalf("nope: %q", out.Failures)
	}
}

// TestStopped: a test that never ends is stopped when its context ends,
// a runaway recursion is an error, and the file's next test runs.
func TestStopped(t *testing.T) {
	f := load(t, `test("loop", () => { for (;;) {} });
test("recursion", () => { const f = () => f(); f(); });
test("after", (t) => t.equal(1, 1));`)
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("the test ran over its time limit (1ms)"))
	out := f.Run(ctx, "loop", &fakeHost{})
	if len(out.Failures) != 1 || !strings.Contains(out.Failures[0], "stopped: the test ran over its time limit") {
		t.Fatalf("failures: %q", out.Failures)
	}
	if out := f.Run(context.Background(), "after", &fakeHost{}); len(out.Failures) != 0 {
		t.Fatalf("after: %q", out.Failures)
	}
	if out := f.Run(context.Background(), "recursion", &fakeHost{}); len(out.Failures) != 1 {
		t.Fatalf("recursion: %q", out.Failures)
	}
	if out := f.Run(context.Background(), "after", &fakeHost{}); len(out.Failures) != 0 {
		t.Fatalf("after the recursion: %q", out.Failures)
	}
	_, err := Load(ctx, "x.test.js", "api('a'); while (true) {}")
	if err == nil || !strings.Contains(err.Error(), "stopped") {
		t.Fatalf("top level: %v", err)
	}
}

// TestDeclarations: types/test/tyk-ve-test.d.ts declares every member of
// t and every global, and nothing else.
func TestDeclarations(t *testing.T) {
	b, err := os.ReadFile("../../types/test/tyk-ve-test.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	body := src[strings.Index(src, "interface TykTest {"):]
	body = body[:strings.Index(body, "\n}")]
	declared := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s+(?:readonly\s+)?([a-zA-Z]+)[(:]`).FindAllStringSubmatch(body, -1) {
		declared[m[1]] = true
	}
	f := load(t, `let keys; test("k", (t) => { keys = Object.keys(t).sort().join(","); }); globalThis.keysOf = () => keys;`)
	f.Run(context.Background(), "k", &fakeHost{})
	v, _ := f.rt.RunString("keysOf()")
	actual := strings.Split(v.String(), ",")
	for _, k := range actual {
		if !declared[k] {
			t.Errorf("t.%s is not declared in TykTest", k)
		}
		delete(declared, k)
	}
	for k := range declared {
		t.Errorf("TykTest declares %s, which t lacks", k)
	}
	for _, g := range []string{"api", "gateway", "test"} {
		if !strings.Contains(src, "declare function "+g+"(") {
			t.Errorf("the global %s is not declared", g)
		}
	}
}
