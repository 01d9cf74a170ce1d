package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
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

func runCase(t *testing.T, c Case, target Target) {
	if !c.AppliesTo(target.Name()) {
		t.Skipf("%s: case is limited to %v", c.File, c.Targets)
	}
	if c.Session != nil && !target.SupportsSessions() {
		t.Skipf("%s: target %q has no key sessions", c.File, target.Name())
	}
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

	resp, body := do(t, gw.URL, c.Request)
	r := result{t: t, c: c, resp: resp, body: body}
	r.checkStatus()
	r.checkHeaders()
	r.checkBody()
	r.checkUpstream(up.hits.Load())
	r.checkSession(inst)
	if inst.Panics != nil {
		if n := inst.Panics(); n != 0 {
			t.Errorf("target recovered %d panic(s)", n)
		}
	}
	if t.Failed() {
		t.Logf("case %s (%s): %s\nresponse: %d\n%s\n%s", c.Name, c.File, c.Description,
			resp.StatusCode, formatHeaders(resp.Header), truncate(string(body), 2000))
	}
}

// do sends the case's request with exactly the case's headers.
func do(t *testing.T, base string, cr Request) (*http.Response, []byte) {
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
	// Compression is off so that no Accept-Encoding is added; keep-alives
	// stay on so that no Connection header is added.
	tr := &http.Transport{DisableCompression: true}
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
	return resp, body
}

// result holds one response and checks it against the case.
type result struct {
	t    *testing.T
	c    Case
	resp *http.Response
	body []byte
}

func (r result) checkStatus() {
	if got, want := r.resp.StatusCode, r.c.Expect.Status; got != want {
		r.t.Errorf("status: got %d, want %d", got, want)
	}
}

func (r result) checkHeaders() {
	for k, want := range r.c.Expect.Headers {
		vals, ok := r.resp.Header[http.CanonicalHeaderKey(k)]
		switch {
		case !ok:
			r.t.Errorf("header %s: missing, want %q", k, want)
		case vals[0] != want:
			r.t.Errorf("header %s: got %q, want %q", k, vals[0], want)
		}
	}
	for _, k := range r.c.Expect.AbsentHeaders {
		if vals, ok := r.resp.Header[http.CanonicalHeaderKey(k)]; ok {
			r.t.Errorf("header %s: present with %q, want absent", k, vals)
		}
	}
}

func (r result) checkBody() {
	e := r.c.Expect
	if e.Body != nil && string(r.body) != *e.Body {
		r.t.Errorf("body:\n got: %q\nwant: %q", truncate(string(r.body), 500), *e.Body)
	}
	for _, s := range e.BodyContains {
		if !strings.Contains(string(r.body), s) {
			r.t.Errorf("body does not contain %q", s)
		}
	}
	if e.JSON == nil && len(e.JSONHas) == 0 {
		return
	}
	var got interface{}
	if err := json.Unmarshal(r.body, &got); err != nil {
		r.t.Errorf("body is not JSON: %v", err)
		return
	}
	if e.JSON != nil {
		var want interface{}
		if err := json.Unmarshal(e.JSON, &want); err != nil {
			r.t.Fatalf("expect.json: %v", err) // validated by Load
		}
		if d := diffJSON(got, want); len(d) > 0 {
			r.t.Errorf("json body differs:\n  %s", strings.Join(d, "\n  "))
		}
	}
	for _, p := range e.JSONHas {
		if !lookupPath(got, p) {
			r.t.Errorf("json body has no %q", p)
		}
	}
}

// checkUpstream verifies whether, and how, the request reached the upstream.
func (r result) checkUpstream(hits int64) {
	want := r.c.Expect.Upstream
	if want == nil {
		return
	}
	marked := r.resp.Header.Get(UpstreamHeader) == "1"
	if !*want {
		if hits != 0 || marked {
			r.t.Errorf("upstream: called %d time(s) (response marked: %v), want not called", hits, marked)
		}
		return
	}
	if hits == 0 || !marked {
		r.t.Errorf("upstream: called %d time(s) (response marked: %v), want the upstream's answer", hits, marked)
		return
	}
	var echo Echo
	if err := json.Unmarshal(r.body, &echo); err != nil {
		r.t.Errorf("upstream: answer is not the echo: %v", err)
		return
	}
	cr := r.c.Request
	u, err := url.Parse(cr.Path)
	if err != nil {
		r.t.Fatalf("request.path: %v", err)
	}
	check := func(what, got, want string) {
		if got != want {
			r.t.Errorf("upstream saw %s %q, want %q (request not passed through untouched)", what, got, want)
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
	e := r.c.Expect
	if e.SessionModified == nil && e.SessionMeta == nil {
		return
	}
	if inst.StoredSession == nil {
		r.t.Error("expect.session_*: the target does not report stored sessions")
		return
	}
	meta, written := inst.StoredSession(r.c.Session.Key)
	if e.SessionModified != nil && written != *e.SessionModified {
		r.t.Errorf("session written back: got %v, want %v", written, *e.SessionModified)
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
		r.t.Errorf("stored session meta_data differs:\n  %s", strings.Join(d, "\n  "))
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
