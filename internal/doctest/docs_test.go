package doctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/bundle"
	"github.com/tyk-ve/tyk-ve/internal/devserver"
	"github.com/tyk-ve/tyk-ve/internal/dts"
	"github.com/tyk-ve/tyk-ve/internal/migrate"
	"github.com/tyk-ve/tyk-ve/internal/testrunner"
	"github.com/tyk-ve/tyk-ve/plugin"
)

// root is the repository root, relative to this package.
const root = "../.."

// docFile is one documentation file, read once.
type docFile struct {
	rel  string // path from the repository root
	text string
}

// docFiles returns README.md, docs/*.md and every README.md under examples/.
func docFiles(t *testing.T) []docFile {
	t.Helper()
	names := []string{"README.md"}
	more, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	for _, m := range more {
		rel, _ := filepath.Rel(root, m)
		names = append(names, rel)
	}
	_ = filepath.Walk(filepath.Join(root, "examples"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && info.Name() == "README.md" && !strings.Contains(p, "node_modules") {
			rel, _ := filepath.Rel(root, p)
			names = append(names, rel)
		}
		return nil
	})
	var out []docFile
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(root, n))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, docFile{rel: n, text: string(b)})
	}
	return out
}

// TestLinks: every relative link points at a file that exists, and every
// anchor at a heading of its target.
func TestLinks(t *testing.T) {
	anchors := map[string]map[string]bool{}
	anchorsOf := func(rel string) map[string]bool {
		if a, ok := anchors[rel]; ok {
			return a
		}
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			return nil
		}
		anchors[rel] = Anchors(string(b))
		return anchors[rel]
	}
	for _, f := range docFiles(t) {
		for _, l := range Links(f.text) {
			if strings.Contains(l.Target, "://") || strings.HasPrefix(l.Target, "mailto:") {
				continue
			}
			target, anchor, _ := strings.Cut(l.Target, "#")
			rel := f.rel
			if target != "" {
				rel = filepath.Clean(filepath.Join(filepath.Dir(f.rel), target))
				if _, err := os.Stat(filepath.Join(root, rel)); err != nil {
					t.Errorf("%s:%d: link %q: %s does not exist", f.rel, l.Line, l.Target, rel)
					continue
				}
			}
			if anchor != "" && strings.HasSuffix(rel, ".md") && !anchorsOf(rel)[anchor] {
				t.Errorf("%s:%d: link %q: %s has no heading with anchor #%s", f.rel, l.Line, l.Target, rel, anchor)
			}
		}
	}
}

// TestCodeExamples runs every fenced block by its language.
func TestCodeExamples(t *testing.T) {
	cli := newCLI(t)
	count := map[string]int{}
	for _, f := range docFiles(t) {
		for _, b := range Blocks(f.text) {
			where := fmt.Sprintf("%s:%d", f.rel, b.Line)
			if strings.HasPrefix(b.Directive, "skip") {
				if !regexp.MustCompile(`^skip \(.+\)$`).MatchString(b.Directive) {
					t.Errorf("%s: a skipped block must say why: <!-- doctest: skip (reason) -->", where)
				}
				count["skipped"]++
				continue
			}
			count[b.Lang]++
			if dir, ok := strings.CutPrefix(b.Directive, "test-file "); ok {
				checkTestFile(t, where, b, dir)
				continue
			}
			switch b.Lang {
			case "":
				// Output, transcripts and diagrams: nothing to run.
			case "json":
				checkJSON(t, where, b)
			case "sh", "bash", "shell":
				checkShell(t, where, b, cli)
			case "js", "javascript":
				checkJavaScript(t, where, b)
			case "yaml", "yml":
				if _, err := testrunner.Parse([]byte(b.Text), false); err != nil {
					t.Errorf("%s: a tyk-ve test file: %v", where, err)
				}
			default:
				t.Errorf("%s: no doctest runs ```%s blocks; add one or mark the block <!-- doctest: skip (reason) -->", where, b.Lang)
			}
		}
	}
	t.Logf("blocks checked by language: %v", count)
}

// checkJSON validates a JSON example with the code that reads that kind of
// file in production.
func checkJSON(t *testing.T, where string, b Block) {
	raw := []byte(b.Text)
	var v interface{}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Errorf("%s: invalid JSON: %v", where, err)
		return
	}
	switch x := v.(type) {
	case []interface{}:
		if _, err := migrate.ParseSamples(raw); err != nil {
			t.Errorf("%s: migrate-report samples: %v", where, err)
		}
	case map[string]interface{}:
		switch {
		case x["file_list"] != nil:
			if _, err := bundle.ReadManifest(bytes.NewReader(raw)); err != nil {
				t.Errorf("%s: bundle manifest: %v", where, err)
			}
		case x["proxy"] != nil || x["x-tyk-api-gateway"] != nil:
			checkDefinition(t, where, raw)
		case x["config_data"] != nil:
			checkDefinition(t, where, classicAround(x))
		case x["enable_bundle_downloader"] != nil || x["enable_jsvm"] != nil:
			// A tyk.conf excerpt: the gateway reads it; valid JSON is what we can check.
		default:
			t.Errorf("%s: JSON example of an unknown kind (keys %v)", where, keys(x))
		}
	}
}

// classicAround puts an API definition excerpt into a minimal Classic
// definition.
func classicAround(part map[string]interface{}) []byte {
	def := map[string]interface{}{
		"name": "doc", "api_id": "doc", "org_id": "doc", "use_keyless": true, "active": true,
		"proxy":        map[string]interface{}{"listen_path": "/doc/", "target_url": "http://127.0.0.1:1", "strip_listen_path": true},
		"version_data": map[string]interface{}{"not_versioned": true, "versions": map[string]interface{}{"Default": map[string]interface{}{"name": "Default"}}},
	}
	for k, v := range part {
		def[k] = v
	}
	b, _ := json.Marshal(def)
	return b
}

// checkDefinition parses the definition and its tyk_ve config, then serves
// it from a dev server and calls every inline endpoint once: none may fail
// with a script or configuration error.
func checkDefinition(t *testing.T, where string, raw []byte) {
	def, err := plugin.ParseDefinition(raw)
	if err != nil {
		t.Errorf("%s: API definition: %v", where, err)
		return
	}
	rawCfg, err := def.RawConfig()
	if err != nil || rawCfg == nil {
		t.Errorf("%s: API definition without a tyk_ve config (%v)", where, err)
		return
	}
	cfg, err := plugin.ParseConfig(rawCfg)
	if err != nil {
		t.Errorf("%s: tyk_ve config: %v", where, err)
		return
	}
	srv := serveDefinition(t, raw)
	for _, e := range cfg.Endpoints {
		if e.FunctionSourceType != "inline" {
			continue
		}
		path := strings.TrimSuffix(def.ListenPath, "/") + regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(e.Path, "1")
		status, body := do(t, srv, e.Method, path, "", nil)
		if status >= 500 {
			t.Errorf("%s: %s %s answered %d %s", where, e.Method, path, status, body)
		}
	}
}

func serveDefinition(t *testing.T, raw []byte) *httptest.Server {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "api.json"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	s, err := devserver.New(devserver.Options{AppsDir: dir, Logger: logger}, "http://127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); _ = s.Close() })
	return ts
}

func do(t *testing.T, srv *httptest.Server, method, path, body string, header http.Header) (int, string) {
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var functionRE = regexp.MustCompile(`(?m)^(?:async\s+)?function\s+([A-Za-z_$][\w$]*)\s*\(`)

// checkJavaScript loads a JavaScript example as an inline endpoint and calls
// its first top-level function (or the one a "call NAME" directive names):
// it must answer without a script error.
func checkJavaScript(t *testing.T, where string, b Block) {
	fn := strings.TrimSpace(strings.TrimPrefix(b.Directive, "call"))
	if fn == "" {
		m := functionRE.FindStringSubmatch(b.Text)
		if m == nil {
			t.Errorf("%s: a JavaScript example needs a top-level function to call (or <!-- doctest: call NAME -->)", where)
			return
		}
		fn = m[1]
	}
	def := classicAround(map[string]interface{}{"config_data": map[string]interface{}{"tyk_ve": map[string]interface{}{
		"endpoints": []interface{}{map[string]interface{}{"path": "/run", "method": "POST", "response_function_name": fn,
			"function_source_type": "inline", "function_source": b.Text}}}}})
	srv := serveDefinition(t, def)
	status, body := do(t, srv, "POST", "/doc/run?name=doc", `{"items":[1,2,3]}`, http.Header{"Content-Type": {"application/json"}})
	if status >= 500 {
		t.Errorf("%s: calling %s answered %d %s", where, fn, status, body)
	}
}

func keys(m map[string]interface{}) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// cli is the tyk-ve command, built once, with each subcommand's help text.
type cli struct {
	bin  string
	mu   sync.Mutex
	help map[string]string
}

func newCLI(t *testing.T) *cli {
	bin := filepath.Join(t.TempDir(), "tyk-ve")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/tyk-ve")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building tyk-ve: %v\n%s", err, out)
	}
	return &cli{bin: bin, help: map[string]string{}}
}

// usage returns `tyk-ve <sub...> -h`'s output.
func (c *cli) usage(sub []string) string {
	key := strings.Join(sub, " ")
	c.mu.Lock()
	defer c.mu.Unlock()
	if h, ok := c.help[key]; ok {
		return h
	}
	out, _ := exec.Command(c.bin, append(append([]string{}, sub...), "-h")...).CombinedOutput()
	c.help[key] = string(out)
	return c.help[key]
}

// external commands a shell example may use; the docs say what they do.
var external = map[string]bool{
	"git": true, "openssl": true, "docker": true, "mkdir": true, "cp": true, "cd": true,
	"python3": true, "npm": true, "npx": true, "node": true, "tsc": true, "export": true,
	"echo": true, "cat": true, "redis-server": true, "sudo": true, "apt-get": true, "unzip": true,
}

var envAssignRE = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*=\S*$`)

// checkShell checks every command of a shell example: tyk-ve subcommands
// and their flags exist, scripts exist and are executable, make targets
// exist, Go packages exist; curl lines are checked by TestQuickStart.
func checkShell(t *testing.T, where string, b Block, c *cli) {
	for i, line := range strings.Split(b.Text, "\n") {
		line = strings.TrimSpace(stripComment(line))
		if line == "" {
			continue
		}
		for _, cmd := range regexp.MustCompile(`&&|\|\||[|;]`).Split(line, -1) {
			words := strings.Fields(cmd)
			for len(words) > 0 && envAssignRE.MatchString(words[0]) {
				words = words[1:]
			}
			if len(words) == 0 {
				continue
			}
			if err := checkCommand(words, c); err != nil {
				t.Errorf("%s (line %d of the block): %q: %v", where, i+1, strings.TrimSpace(cmd), err)
			}
		}
	}
}

func stripComment(line string) string {
	inQuote := byte(0)
	for i := 0; i < len(line); i++ {
		switch ch := line[i]; {
		case inQuote != 0 && ch == inQuote:
			inQuote = 0
		case inQuote == 0 && (ch == '\'' || ch == '"'):
			inQuote = ch
		case inQuote == 0 && ch == '#' && (i == 0 || line[i-1] == ' '):
			return line[:i]
		}
	}
	return line
}

func checkCommand(w []string, c *cli) error {
	switch {
	case w[0] == "go" && len(w) > 2 && w[1] == "run" && w[2] == "./cmd/tyk-ve", w[0] == "tyk-ve":
		args := w[1:]
		if w[0] == "go" {
			args = w[3:]
		}
		return checkTykVE(args, c)
	case w[0] == "go":
		for _, a := range w[1:] {
			if strings.HasPrefix(a, "./") {
				if _, err := os.Stat(filepath.Join(root, strings.TrimSuffix(a, "/..."))); err != nil {
					return fmt.Errorf("no package %s", a)
				}
			}
		}
		return nil
	case strings.HasPrefix(w[0], "scripts/"), strings.HasPrefix(w[0], "examples/"):
		st, err := os.Stat(filepath.Join(root, w[0]))
		if err != nil || st.Mode()&0o111 == 0 {
			return fmt.Errorf("%s is not an executable script in the repository", w[0])
		}
		return nil
	case w[0] == "make":
		mk, _ := os.ReadFile(filepath.Join(root, "Makefile"))
		for _, target := range w[1:] {
			if !strings.Contains(target, "=") && !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(target)+`:`).Match(mk) {
				return fmt.Errorf("the Makefile has no target %s", target)
			}
		}
		return nil
	case w[0] == "curl":
		return nil
	case external[w[0]]:
		return nil
	}
	return fmt.Errorf("unknown command %s: teach internal/doctest about it", w[0])
}

// checkTykVE checks that the subcommand exists and accepts every flag used.
func checkTykVE(args []string, c *cli) error {
	if len(args) == 0 {
		return nil
	}
	sub := []string{args[0]}
	if args[0] == "bundle" && len(args) > 1 && !strings.HasPrefix(args[1], "-") {
		sub = append(sub, args[1])
	}
	help := c.usage(sub)
	if strings.Contains(help, "unknown command") {
		return fmt.Errorf("tyk-ve has no command %q", strings.Join(sub, " "))
	}
	for _, a := range args[len(sub):] {
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			continue
		}
		name := strings.TrimLeft(a, "-")
		name, _, _ = strings.Cut(name, "=")
		if !regexp.MustCompile(`(?m)^\s+-` + regexp.QuoteMeta(name) + `(\s|$)`).MatchString(help) {
			return fmt.Errorf("tyk-ve %s has no flag -%s", strings.Join(sub, " "), name)
		}
	}
	return nil
}

// TestQuickStart sends the README's curl requests to a dev server with the
// built-in example API and compares each answer with the "# {...}" line the
// README shows after it.
func TestQuickStart(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var srv *devserver.Server
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	defer ts.Close()
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	if srv, err = devserver.New(devserver.Options{Logger: logger}, ts.URL); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ran := 0
	for _, b := range Blocks(string(readme)) {
		lines := strings.Split(b.Text, "\n")
		for i, line := range lines {
			words := shellWords(stripComment(line))
			if len(words) == 0 || words[0] != "curl" {
				continue
			}
			req, err := curlRequest(words[1:], "http://127.0.0.1:8080", ts.URL)
			if err != nil {
				t.Errorf("README.md:%d: %v", b.Line+1+i, err)
				continue
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			ran++
			if resp.StatusCode >= 400 {
				t.Errorf("README.md:%d: %s answered %d %s", b.Line+1+i, line, resp.StatusCode, body)
			}
			if i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "# {") {
				want := strings.TrimPrefix(strings.TrimSpace(lines[i+1]), "# ")
				if !jsonEqual(want, string(body)) {
					t.Errorf("README.md:%d: %s answered %s, the README shows %s", b.Line+1+i, line, body, want)
				}
			}
		}
	}
	if ran == 0 {
		t.Fatal("the README's quick start has no curl example")
	}
}

func jsonEqual(a, b string) bool {
	var x, y interface{}
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}

// shellWords splits a command line the way sh does for the quoting the docs
// use (single and double quotes, no escapes inside single quotes).
func shellWords(line string) []string {
	var out []string
	var cur strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case quote != 0 && ch == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(ch)
		case ch == '\'' || ch == '"':
			quote, in = ch, true
		case ch == ' ' || ch == '\t':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(ch)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// curlRequest turns curl's arguments (the -s, -X, -d and -H the docs use)
// into a request, with the documented address replaced by the test's.
func curlRequest(args []string, documented, actual string) (*http.Request, error) {
	method, body, url := "", "", ""
	header := http.Header{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("curl %s needs a value", a)
			}
			i++
			return args[i], nil
		}
		var err error
		switch {
		case a == "-s" || a == "-sS" || a == "-i":
		case a == "-X":
			method, err = next()
		case strings.HasPrefix(a, "-X"):
			method = a[2:]
		case a == "-d" || a == "--data":
			body, err = next()
		case a == "-H":
			var h string
			if h, err = next(); err == nil {
				k, v, _ := strings.Cut(h, ":")
				header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
			}
		case strings.HasPrefix(a, "-"):
			return nil, fmt.Errorf("curl flag %s: teach internal/doctest about it", a)
		default:
			url = a
		}
		if err != nil {
			return nil, err
		}
	}
	if !strings.HasPrefix(url, documented) {
		return nil, fmt.Errorf("curl URL %q does not use the dev server's address %s", url, documented)
	}
	if method == "" {
		method = "GET"
		if body != "" {
			method = "POST"
		}
	}
	req, err := http.NewRequest(method, actual+strings.TrimPrefix(url, documented), strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = header
	return req, nil
}

// TestJavaScriptAPIDocumented: every global declared in types/*.d.ts has a
// heading of its own in docs/javascript-api.md.
func TestJavaScriptAPIDocumented(t *testing.T) {
	ref, err := os.ReadFile(filepath.Join(root, "docs", "javascript-api.md"))
	if err != nil {
		t.Fatal(err)
	}
	var headings []string
	for _, line := range strings.Split(string(ref), "\n") {
		if strings.HasPrefix(line, "#") {
			headings = append(headings, line)
		}
	}
	decls, err := dts.ReadDir(filepath.Join(root, "types"))
	if err != nil || len(decls) == 0 {
		t.Fatalf("reading types/*.d.ts: %d declarations, %v", len(decls), err)
	}
	for _, d := range decls {
		re := regexp.MustCompile("`" + regexp.QuoteMeta(d.Name) + "[(`.]")
		found := false
		for _, h := range headings {
			if re.MatchString(h) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s declares %s, but docs/javascript-api.md has no heading for it", d.File, d.Name)
		}
	}
}

// checkTestFile runs a tyk-ve test file written as code (a block marked
// <!-- doctest: test-file DIR -->) beside a copy of DIR's definitions and
// scripts: every test must pass.
func checkTestFile(t *testing.T, where string, b Block, dir string) {
	ext := map[string]string{"js": ".test.js", "javascript": ".test.js", "ts": ".test.ts", "typescript": ".test.ts"}[b.Lang]
	if ext == "" {
		t.Errorf("%s: a test-file block must be ```js or ```ts", where)
		return
	}
	tmp := t.TempDir()
	entries, err := os.ReadDir(filepath.Join(root, dir))
	if err != nil {
		t.Errorf("%s: test-file %s: %v", where, dir, err)
		return
	}
	for _, e := range entries {
		if e.IsDir() || testrunner.IsTestFile(e.Name()) || strings.HasSuffix(e.Name(), ".cassette.json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, dir, e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(tmp, e.Name()), data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(tmp, "doc"+ext)
	if err := os.WriteFile(path, []byte(b.Text), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := testrunner.Run(context.Background(), testrunner.Options{Paths: []string{path}}, nil)
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	for _, r := range sum.Results {
		if !r.Passed {
			t.Errorf("%s: test %q: %v (log: %v)", where, r.Name, r.Failures, r.Logs)
		}
	}
	if sum.Passed == 0 {
		t.Errorf("%s: the test file ran no test", where)
	}
}
