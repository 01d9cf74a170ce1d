package testrunner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/devserver"
	"github.com/tyk-ve/tyk-ve/internal/gatewayver"
	"github.com/tyk-ve/tyk-ve/kvstore"
	"github.com/tyk-ve/tyk-ve/plugin"
)

// Options configure a run.
type Options struct {
	// Paths are test files or folders (default: the current folder).
	Paths []string
	// Record sends what no stub answers to the real upstreams and stores
	// the answers in each test file's cassette (replacing the tests'
	// earlier recordings).
	Record bool
	// Run, when set, runs only the tests whose name it matches.
	Run *regexp.Regexp
	// Gateway, when set, overrides the files' gateway generation.
	Gateway string
	// Timeout bounds each call (the gateway's jsvm_timeout; default 5s).
	Timeout time.Duration
	// Upstream carries recorded requests to the real upstreams (default: a
	// clone of http.DefaultTransport).
	Upstream http.RoundTripper
	// TestTimeout bounds a test file's code (*.test.js, *.test.ts): its
	// top level, and each test (default: DefaultTestTimeout).
	TestTimeout time.Duration
}

// DefaultTestTimeout bounds the code of a test written in JavaScript.
const DefaultTestTimeout = time.Minute

// Result is one test's outcome.
type Result struct {
	File     string
	Name     string
	Passed   bool
	Duration time.Duration
	// Failures lists every difference or error.
	Failures []string
	// Logs are the warnings and errors the plugin logged during the test.
	Logs []string
}

// Summary is a run's outcome.
type Summary struct {
	Results        []Result
	Passed, Failed int
}

// ErrNoTests is returned when the paths hold no test file.
var ErrNoTests = errors.New("no test files (*.test.json, *.test.yaml, *.test.yml, *.test.js, *.test.ts)")

// Run runs every test file under opts.Paths, calling report after each
// test.
func Run(ctx context.Context, opts Options, report func(Result)) (*Summary, error) {
	if len(opts.Paths) == 0 {
		opts.Paths = []string{"."}
	}
	files, err := Find(opts.Paths)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, ErrNoTests
	}
	sum := &Summary{}
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		for _, r := range runFile(ctx, path, opts) {
			if r.Passed {
				sum.Passed++
			} else {
				sum.Failed++
			}
			sum.Results = append(sum.Results, r)
			if report != nil {
				report(r)
			}
		}
	}
	return sum, nil
}

// runFile runs one file's tests; a file that cannot be read or served is
// one failed result.
func runFile(ctx context.Context, path string, opts Options) []Result {
	if IsCodeTestFile(path) {
		return runCodeFile(ctx, path, opts)
	}
	fail := func(err error) []Result {
		return []Result{{File: path, Name: "(file)", Failures: []string{err.Error()}}}
	}
	f, err := ReadFile(path)
	if err != nil {
		return fail(err)
	}
	env, err := newFileEnv(f, opts)
	if err != nil {
		return fail(err)
	}
	defer env.close()
	var out []Result
	for i := range f.Tests {
		c := &f.Tests[i]
		if opts.Run != nil && !opts.Run.MatchString(c.Name) {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		out = append(out, env.run(ctx, c))
	}
	if err := env.saveCassette(); err != nil {
		out = append(out, fail(fmt.Errorf("saving the cassette: %w", err))...)
	}
	return out
}

// fileEnv is the dev server one test file's tests run against.
type fileEnv struct {
	file     *File
	up       *upstreams
	logs     *logCapture
	srv      *devserver.Server
	ts       *httptest.Server
	tmp      string
	sess     *session
	sessMu   sync.Mutex
	cassette string
	// timeout bounds a code test (codefile.go).
	timeout time.Duration
}

func newFileEnv(f *File, opts Options) (*fileEnv, error) {
	gwName := f.Gateway
	if opts.Gateway != "" {
		gwName = opts.Gateway
	}
	gw, err := gatewayver.Parse(gwName)
	if err != nil {
		return nil, fmt.Errorf("gateway: %w", err)
	}
	env := &fileEnv{file: f, logs: &logCapture{}, cassette: CassettePath(f.path), timeout: opts.TestTimeout}
	if env.timeout <= 0 {
		env.timeout = DefaultTestTimeout
	}
	cas, err := LoadCassette(env.cassette)
	if err != nil {
		return nil, err
	}
	real := opts.Upstream
	if real == nil {
		real = http.DefaultTransport.(*http.Transport).Clone()
	}
	env.up = &upstreams{cassette: cas, record: opts.Record, real: real}
	apps, workDir, err := env.appsDir()
	if err != nil {
		return nil, err
	}
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	logger.AddHook(env.logs)
	settings := plugin.Settings{DefaultTimeout: opts.Timeout, HeapLimit: "off",
		OutboundClient: &http.Client{Transport: env.up, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	settings.Sources.WorkDir = workDir
	settings.Storage = kvstore.NewMemory(kvstore.MemoryOptions{}) // TykStorage*: fresh per test file
	env.srv, err = devserver.New(devserver.Options{AppsDir: apps, Logger: logger, Settings: settings, Gateway: gw,
		Transport: env.up, Session: env.session}, "http://tyk-ve.test")
	if err != nil {
		env.close()
		return nil, err
	}
	env.ts = httptest.NewServer(env.srv)
	return env, nil
}

// appsDir returns the folder the dev server serves and the one scripts
// resolve against.
func (e *fileEnv) appsDir() (apps, workDir string, err error) {
	dir := filepath.Dir(e.file.path)
	if e.file.API != "" {
		def := filepath.Join(dir, e.file.API)
		if _, err := os.Stat(def); err != nil {
			return "", "", fmt.Errorf("api: %w", err)
		}
		return filepath.Dir(def), filepath.Dir(def), nil
	}
	if e.tmp, err = os.MkdirTemp("", "tyk-ve-test-"); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(filepath.Join(e.tmp, "api.json"), e.file.Definition, 0o600); err != nil {
		return "", "", err
	}
	return e.tmp, dir, nil
}

func (e *fileEnv) session(*http.Request) plugin.Session {
	e.sessMu.Lock()
	defer e.sessMu.Unlock()
	if e.sess == nil {
		return nil
	}
	return e.sess
}

func (e *fileEnv) close() {
	if e.ts != nil {
		e.ts.Close()
	}
	if e.srv != nil {
		_ = e.srv.Close()
	}
	if e.tmp != "" {
		_ = os.RemoveAll(e.tmp)
	}
}

func (e *fileEnv) saveCassette() error { return e.up.cassette.Save(e.cassette) }

// run sends one test's request and checks the answer.
func (e *fileEnv) run(ctx context.Context, c *Case) Result {
	start := time.Now()
	res := Result{File: e.file.path, Name: c.Name}
	var sess *session
	if len(c.Session) > 0 {
		sess = newSession(c.Session)
	}
	e.begin(c, sess)
	status, header, body, err := e.send(ctx, c.Request)
	res.Duration = time.Since(start)
	res.Logs = e.logs.lines()
	if err != nil {
		res.Failures = append(res.Failures, err.Error())
		return res
	}
	res.Failures = e.unanswered()
	res.Failures = append(res.Failures, e.check(c.Expect, status, header, body)...)
	res.Passed = len(res.Failures) == 0
	return res
}

// begin makes c the running test, with sess as its key session.
func (e *fileEnv) begin(c *Case, sess *session) {
	e.up.begin(c)
	e.logs.reset()
	e.setSession(sess)
}

func (e *fileEnv) setSession(sess *session) {
	e.sessMu.Lock()
	e.sess = sess
	e.sessMu.Unlock()
}

// writtenMeta returns the meta_data an endpoint wrote to the running
// test's session.
func (e *fileEnv) writtenMeta() (map[string]interface{}, bool) {
	e.sessMu.Lock()
	sess := e.sess
	e.sessMu.Unlock()
	if sess == nil {
		return nil, false
	}
	return sess.writtenMeta()
}

// unanswered describes the running test's upstream requests nothing
// answered.
func (e *fileEnv) unanswered() []string {
	var out []string
	for _, miss := range e.up.unanswered() {
		out = append(out, "upstream request with no stub and no recorded answer: "+miss+" (add an upstreams entry, or run with --record)")
	}
	return out
}

// check compares an answer with an expectation.
func (e *fileEnv) check(x Expect, status int, header http.Header, body []byte) []string {
	meta, written := e.writtenMeta()
	return x.check(status, header, body, meta, written)
}

func (e *fileEnv) send(ctx context.Context, r Request) (int, http.Header, []byte, error) {
	u := e.ts.URL + r.Path
	if len(r.Query) > 0 {
		sep := "?"
		if strings.Contains(r.Path, "?") {
			sep = "&"
		}
		u += sep + url.Values(r.Query).Encode()
	}
	body := r.Body
	if len(r.JSON) > 0 {
		body = string(r.JSON)
	}
	req, err := http.NewRequestWithContext(ctx, r.method(), u, strings.NewReader(body))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("request: %w", err)
	}
	for k, v := range r.Headers {
		req.Header.Set(k, v)
	}
	if len(r.JSON) > 0 && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("request: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("reading the answer: %w", err)
	}
	return resp.StatusCode, resp.Header, b, nil
}

// logCapture keeps the plugin's warnings and errors during one test.
type logCapture struct {
	mu  sync.Mutex
	buf []string
}

func (l *logCapture) Levels() []logrus.Level {
	return []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel}
}

func (l *logCapture) Fire(e *logrus.Entry) error {
	line := e.Message
	if err, ok := e.Data[logrus.ErrorKey]; ok {
		line += ": " + fmt.Sprint(err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) < 20 {
		l.buf = append(l.buf, line)
	}
	return nil
}

func (l *logCapture) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = nil
}

func (l *logCapture) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.buf...)
}
