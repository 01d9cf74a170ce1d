package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// requestTimeout bounds one case's request.
const requestTimeout = 30 * time.Second

// Run runs every case as a parallel subtest of t against target. Cases for
// other targets, and session cases on targets without sessions, are skipped
// with the reason.
func Run(t *testing.T, cases []Case, target Target) {
	t.Helper()
	if len(cases) == 0 {
		t.Fatal("conformance: no cases to run")
	}
	for _, c := range cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			runCase(t, c, target)
		})
	}
}

// apiLocks holds one mutex per API definition file (by absolute path).
var apiLocks sync.Map

// lockAPI serialises the cases that use one API definition file. Every case
// deploys the definition with its own upstream URL, so two such cases in
// parallel are two different definitions with one api_id — which a real
// gateway never serves at once, and which a target whose state is keyed by
// api_id (the plugin's process-wide registry) would treat as a reload on
// every alternation, closing the runtimes of the other case's requests.
func lockAPI(t *testing.T, c Case) {
	m, _ := apiLocks.LoadOrStore(filepath.Join(c.dir, apisDir, c.API), &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	t.Cleanup(mu.Unlock)
}

func runCase(t *testing.T, c Case, target Target) {
	if !c.AppliesTo(target.Name()) {
		t.Skipf("%s: case is limited to %v", c.File, c.Targets)
	}
	if c.Session != nil && !target.SupportsSessions() {
		t.Skipf("%s: target %q has no key sessions", c.File, target.Name())
	}
	lockAPI(t, c)
	up := newUpstream(t)
	def, err := c.APIDefinition(up.URL)
	if err != nil {
		t.Fatalf("%s: %v", c.File, err)
	}
	inst, err := target.Deploy(t, Setup{Case: c, APIDefinition: def, UpstreamURL: up.URL, Session: c.Session})
	if err != nil {
		t.Fatalf("%s: deploying on %s: %v", c.File, target.Name(), err)
	}
	gw := httptest.NewServer(inst.Handler)
	t.Cleanup(gw.Close)

	steps := append([]Step{{Request: c.Request, Expect: c.Expect}}, c.Then...)
	var hits int64
	for i, st := range steps {
		label := "request"
		if i > 0 {
			label = fmt.Sprintf("then[%d]", i-1)
		}
		start := time.Now()
		resp, body, head := do(t, gw.URL, st.Request)
		elapsed := time.Since(start)
		r := result{t: t, c: c, req: st.Request, e: st.Expect, label: label, resp: resp, body: body, head: head}
		r.checkStatus()
		r.checkHeaders()
		r.checkBody()
		r.checkLatency(elapsed)
		now := up.hits.Load()
		r.checkUpstream(now - hits)
		hits = now
		r.checkSession(inst)
		if t.Failed() {
			t.Logf("case %s (%s): %s\n%s %s %s: response after %v: %d\n%s\n%s", c.Name, c.File, c.Description,
				label, st.Request.Method, st.Request.Path, elapsed.Round(time.Millisecond),
				resp.StatusCode, formatHeaders(resp.Header), truncate(string(body), 2000))
			break
		}
	}
	if inst.Panics != nil {
		if n := inst.Panics(); n != 0 {
			t.Errorf("target recovered %d panic(s)", n)
		}
	}
}

// do sends the case's request with exactly the case's headers. It returns
// the response, its body and the raw response head as read from the wire.
func do(t *testing.T, base string, cr Request) (*http.Response, []byte, []byte) {
	t.Helper()
	req, err := http.NewRequest(cr.Method, base+cr.Path, strings.NewReader(cr.Body))
	if err != nil {
		t.Fatalf("building request: %v", err)
	}
	if cr.Body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	req.Header.Set("User-Agent", "") // an empty User-Agent is not sent
	for k, v := range cr.Headers {
		req.Header.Set(k, v)
	}
	for _, h := range cr.RawHeaders {
		req.Header[h[0]] = append(req.Header[h[0]], h[1]) // sent as written
	}
	// Compression is off so that no Accept-Encoding is added; keep-alives
	// stay on so that no Connection header is added. The transport is used
	// for this one request, so the recorded bytes are this response's.
	rec := &recorder{}
	dialer := &net.Dialer{}
	tr := &http.Transport{
		DisableCompression: true,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &recordingConn{Conn: c, rec: rec}, nil
		},
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Timeout:   requestTimeout,
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", cr.Method, cr.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading response body: %v", err)
	}
	return resp, body, rec.head()
}

// maxRecorded caps the bytes recorded from one connection.
const maxRecorded = 64 << 10

// recorder keeps the first bytes read from a connection.
type recorder struct {
	mu  sync.Mutex
	buf []byte
}

// head returns the recorded response head (status line and headers).
func (r *recorder) head() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i := bytes.Index(r.buf, []byte("\r\n\r\n")); i >= 0 {
		return append([]byte(nil), r.buf[:i+2]...)
	}
	return append([]byte(nil), r.buf...)
}

type recordingConn struct {
	net.Conn
	rec *recorder
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.rec.mu.Lock()
	if room := maxRecorded - len(c.rec.buf); room > 0 {
		c.rec.buf = append(c.rec.buf, p[:min(n, room)]...)
	}
	c.rec.mu.Unlock()
	return n, err
}

// result holds one response and checks it against the case.
type result struct {
	t     *testing.T
	c     Case
	req   Request // the exchange's request
	e     Expect  // the exchange's expectations
	label string  // "request" or "then[i]", prefixed to every error
	resp  *http.Response
	head  []byte // the raw response head
	body  []byte
}

// errorf reports a failed check, naming the exchange.
func (r result) errorf(format string, args ...any) {
	r.t.Helper()
	r.t.Errorf("%s: %s", r.label, fmt.Sprintf(format, args...))
}

func (r result) checkLatency(elapsed time.Duration) {
	if r.e.MaxMillis > 0 && elapsed > time.Duration(r.e.MaxMillis)*time.Millisecond {
		r.errorf("response took %v, want at most %dms", elapsed.Round(time.Millisecond), r.e.MaxMillis)
	}
}

func (r result) checkStatus() {
	if got, want := r.resp.StatusCode, r.e.Status; got != want {
		r.errorf("status: got %d, want %d", got, want)
	}
}

func (r result) checkHeaders() {
	for k, want := range r.e.Headers {
		vals, ok := r.resp.Header[http.CanonicalHeaderKey(k)]
		switch {
		case !ok:
			r.errorf("header %s: missing, want %q", k, want)
		case vals[0] != want:
			r.errorf("header %s: got %q, want %q", k, vals[0], want)
		}
	}
	for k, pattern := range r.e.HeaderMatches {
		re := regexp.MustCompile(pattern) // validated by Load
		vals, ok := r.resp.Header[http.CanonicalHeaderKey(k)]
		switch {
		case !ok:
			r.errorf("header %s: missing, want a value matching %q", k, pattern)
		case !re.MatchString(vals[0]):
			r.errorf("header %s: got %q, want a value matching %q", k, vals[0], pattern)
		}
	}
	for _, k := range r.e.WireHeaders {
		if !bytes.Contains(r.head, []byte("\r\n"+k+":")) {
			r.errorf("header %s: not on the wire spelled exactly so; response head:\n%s", k, r.head)
		}
	}
	for _, k := range r.e.AbsentHeaders {
		if vals, ok := r.resp.Header[http.CanonicalHeaderKey(k)]; ok {
			r.errorf("header %s: present with %q, want absent", k, vals)
		}
	}
}

func (r result) checkBody() {
	e := r.e
	if e.Body != nil && string(r.body) != *e.Body {
		r.errorf("body:\n got: %q\nwant: %q", truncate(string(r.body), 500), *e.Body)
	}
	for _, s := range e.BodyContains {
		if !strings.Contains(string(r.body), s) {
			r.errorf("body does not contain %q", s)
		}
	}
	if e.JSON == nil && len(e.JSONHas) == 0 {
		return
	}
	var got interface{}
	if err := json.Unmarshal(r.body, &got); err != nil {
		r.errorf("body is not JSON: %v", err)
		return
	}
	if e.JSON != nil {
		var want interface{}
		if err := json.Unmarshal(e.JSON, &want); err != nil {
			r.t.Fatalf("expect.json: %v", err) // validated by Load
		}
		if d := diffJSON(got, want); len(d) > 0 {
			r.errorf("json body differs:\n  %s", strings.Join(d, "\n  "))
		}
	}
	for _, p := range e.JSONHas {
		if !lookupPath(got, p) {
			r.errorf("json body has no %q", p)
		}
	}
}

// checkUpstream verifies whether, and how, the request reached the upstream.
func (r result) checkUpstream(hits int64) {
	want := r.e.Upstream
	if want == nil {
		return
	}
	marked := r.resp.Header.Get(UpstreamHeader) == "1"
	if !*want {
		if hits != 0 || marked {
			r.errorf("upstream: called %d time(s) (response marked: %v), want not called", hits, marked)
		}
		return
	}
	if hits == 0 || !marked {
		r.errorf("upstream: called %d time(s) (response marked: %v), want the upstream's answer", hits, marked)
		return
	}
	var echo Echo
	if err := json.Unmarshal(r.body, &echo); err != nil {
		r.errorf("upstream: answer is not the echo: %v", err)
		return
	}
	cr := r.req
	u, err := url.Parse(cr.Path)
	if err != nil {
		r.t.Fatalf("request.path: %v", err)
	}
	check := func(what, got, want string) {
		if got != want {
			r.errorf("upstream saw %s %q, want %q (request not passed through untouched)", what, got, want)
		}
	}
	check("method", echo.Method, cr.Method)
	check("path", echo.Path, u.Path)
	check("query", echo.Query, u.RawQuery)
	check("body", echo.Body, cr.Body)
	for k, v := range cr.Headers {
		got := ""
		if vals := echo.Headers[k]; len(vals) > 0 {
			got = vals[0]
		}
		check("header "+k, got, v)
	}
}

func (r result) checkSession(inst *Instance) {
	e := r.e
	if e.SessionModified == nil && e.SessionMeta == nil {
		return
	}
	if inst.StoredSession == nil {
		r.t.Error("expect.session_*: the target does not report stored sessions")
		return
	}
	meta, written := inst.StoredSession(r.c.Session.Key)
	if e.SessionModified != nil && written != *e.SessionModified {
		r.errorf("session written back: got %v, want %v", written, *e.SessionModified)
	}
	if e.SessionMeta == nil {
		return
	}
	var want, got interface{}
	if err := json.Unmarshal(e.SessionMeta, &want); err != nil {
		r.t.Fatalf("expect.session_meta: %v", err)
	}
	// Compare through JSON so that Go and JSON number types agree.
	b, err := json.Marshal(meta)
	if err != nil {
		r.t.Fatalf("encoding stored meta: %v", err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		r.t.Fatalf("decoding stored meta: %v", err)
	}
	if d := diffJSON(got, want); len(d) > 0 {
		r.errorf("stored session meta_data differs:\n  %s", strings.Join(d, "\n  "))
	}
}

func formatHeaders(h http.Header) string {
	var b strings.Builder
	for _, k := range sortedKeys(h) {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(h[k], ", "))
	}
	return b.String()
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
