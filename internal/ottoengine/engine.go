package ottoengine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/robertkrimen/otto"
	_ "github.com/robertkrimen/otto/underscore" // the gateway imports it: "_" is defined on otto
)

// ErrTimeout is the gateway's timeout error.
var ErrTimeout = errors.New("JS middleware timed out")

// DefaultTimeout is the gateway's default jsvm_timeout.
const DefaultTimeout = 5 * time.Second

// Options describe the API a VM belongs to and the gateway settings it runs
// under.
type Options struct {
	// APIID, OrgID, ConfigData and ConfigDataDisabled make the config object
	// (the gateway's specToJson).
	APIID, OrgID       string
	ConfigData         map[string]interface{}
	ConfigDataDisabled bool
	// Timeout is jsvm_timeout (default 5s).
	Timeout time.Duration
	// IgnoreCanonicalHeaders is ignore_canonical_mime_header_key.
	IgnoreCanonicalHeaders bool
	// SSLMaxVersion, SSLInsecureSkipVerify and ProxyURL are the API's
	// proxy.transport settings TykMakeHttpRequest uses.
	SSLMaxVersion         uint16
	SSLInsecureSkipVerify bool
	ProxyURL              string
	// Log receives log, rawlog and error lines ("kind: text"); nil discards.
	Log func(kind, text string)
}

// VM is one API's otto VM with its scripts loaded.
type VM struct {
	opts Options
	base *otto.Otto
	spec string
	// mu serialises Load against Copy.
	mu sync.Mutex
}

// New creates the API's VM: the TykJS namespace, then the Tyk API and
// TykJsResponse, as the gateway's JSVM.Init does.
func New(opts Options) (*VM, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	v := &VM{opts: opts, base: otto.New()}
	if _, err := v.base.Run(coreJS); err != nil {
		return nil, fmt.Errorf("loading TykJS: %w", err)
	}
	if err := v.installAPI(v.base); err != nil {
		return nil, err
	}
	spec, err := specJSON(opts)
	if err != nil {
		return nil, err
	}
	v.spec = spec
	return v, nil
}

// specJSON is the gateway's specToJson: APIID, OrgID and, unless disabled,
// config_data, marshalled from a map (keys sorted).
func specJSON(opts Options) (string, error) {
	m := map[string]interface{}{"APIID": opts.APIID, "OrgID": opts.OrgID}
	if !opts.ConfigDataDisabled {
		m["config_data"] = opts.ConfigData
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encoding config data: %w", err)
	}
	return string(b), nil
}

// Load runs a script into the API's VM, as the gateway loads a virtual
// endpoint's source: its top level runs now, once. The gateway only logs a
// failure and carries on; the error is returned so callers can say why.
func (v *VM) Load(name string, src string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	script, err := v.base.Compile(name, src)
	if err != nil {
		return &LoadError{Name: name, Err: err, Parse: true}
	}
	if err := v.runGuarded(v.base, script); err != nil {
		return &LoadError{Name: name, Err: err}
	}
	return nil
}

// LoadError is a script the gateway could not load: Parse is true when otto
// could not parse it (ES5 syntax only, RE2 regular expressions).
type LoadError struct {
	Name  string
	Err   error
	Parse bool
}

func (e *LoadError) Error() string {
	if e.Parse {
		return fmt.Sprintf("otto cannot parse it: %v", e.Err) // otto's error names the file
	}
	return fmt.Sprintf("%s: its top level fails in otto: %v", e.Name, e.Err)
}

func (e *LoadError) Unwrap() error { return e.Err }

// runGuarded runs a compiled script, turning a Go panic inside otto into an
// error (the gateway's load path would crash instead; the report must not).
func (v *VM) runGuarded(vm *otto.Otto, src interface{}) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	_, err = vm.Run(src)
	return err
}

// Endpoint is the part of a virtual endpoint the call needs.
type Endpoint struct {
	Function     string
	UseSession   bool
	ProxyOnError bool
}

// Kind says how a request ended.
type Kind int

// Outcomes of Serve.
const (
	// Responded: the function's response was written.
	Responded Kind = iota
	// Failed: the call failed and the gateway's 500 error was written.
	Failed
	// Proxied: the call failed with proxy_on_error; nothing was written and
	// the request goes on to the upstream.
	Proxied
	// Looped: a 301/302 to tyk://; nothing was written. Tyk ≤ 5.14 stops the
	// chain anyway, so the client gets an empty 200.
	Looped
	// Dropped: the status was outside 100–999; net/http's WriteHeader panics
	// and the connection is dropped. Nothing was written.
	Dropped
)

func (k Kind) String() string {
	switch k {
	case Responded:
		return "responded"
	case Failed:
		return "failed"
	case Proxied:
		return "proxied"
	case Looped:
		return "loop"
	case Dropped:
		return "connection dropped"
	}
	return "unknown"
}

// Outcome is how a request ended, with the cause of a failure and the
// target of a loop.
type Outcome struct {
	Kind    Kind
	Err     error
	LoopURL string
}

// ErrorBody is the body of the gateway's error answer (templates/error.json
// with the virtual endpoint's message).
const ErrorBody = "{\n    \"error\": \"Error during virtual endpoint execution. Contact Administrator for more details.\"\n}"

// Serve runs the endpoint for the request and writes what the gateway
// would. session is the JSON the function receives as its session (the
// key's session with use_session, else the gateway's empty session).
func (v *VM) Serve(w http.ResponseWriter, r *http.Request, ep Endpoint, session []byte) Outcome {
	resp, err := v.call(r, ep, session)
	if err != nil {
		if ep.ProxyOnError {
			return Outcome{Kind: Proxied, Err: err}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, ErrorBody)
		return Outcome{Kind: Failed, Err: err}
	}
	return v.forceResponse(w, resp, session)
}

// vmResponse is the gateway's VMResponseObject.
type vmResponse struct {
	Response struct {
		Body    string
		Headers map[string]string
		Code    int
	}
	SessionMeta map[string]interface{}
}

// call is ServeHTTPForCache up to the decoded response.
func (v *VM) call(r *http.Request, ep Endpoint, session []byte) (*vmResponse, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("failed to read request body: %w", err)
	}
	_ = r.Body.Close()
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	parseForm(r)
	reqJSON, err := json.Marshal(struct {
		Headers map[string][]string
		Body    string
		URL     string
		Params  map[string][]string
		Scheme  string
	}{r.Header, string(body), r.URL.String(), r.Form, scheme})
	if err != nil {
		return nil, fmt.Errorf("failed to encode request object for virtual endpoint: %w", err)
	}
	if len(session) == 0 {
		session = []byte("null")
	}
	expr := ep.Function + `(` + string(reqJSON) + `, ` + string(session) + `, ` + v.spec + `);`
	out, err := v.run(expr)
	if err != nil {
		return nil, err
	}
	var resp vmResponse
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		return nil, fmt.Errorf("failed to decode virtual endpoint response: %w (returned %q)", err, truncate(out, 80))
	}
	if ep.UseSession && bytes.Equal(bytes.TrimSpace(session), []byte("null")) {
		// session.MetaData on the nil session of a keyless request.
		return nil, errors.New("runtime error: invalid memory address or nil pointer dereference (use_session on a request without a session)")
	}
	return &resp, nil
}

// parseForm is the gateway's parseForm: r.ParseForm, keeping the body
// readable when it is exactly a url-encoded form.
func parseForm(r *http.Request) {
	if r.Header.Get("Content-Type") == "application/x-www-form-urlencoded" && r.Form == nil {
		var b bytes.Buffer
		r.Body = io.NopCloser(io.TeeReader(r.Body, &b))
		_ = r.ParseForm()
		r.Body = io.NopCloser(&b)
		return
	}
	_ = r.ParseForm()
}

// run evaluates the expression on a copy of the API's VM with the
// gateway's timeout: on expiry the VM is interrupted with a panicking
// function.
func (v *VM) run(expr string) (string, error) {
	v.mu.Lock()
	vm := v.base.Copy()
	v.mu.Unlock()
	vm.Interrupt = make(chan func(), 1)
	type result struct {
		val otto.Value
		err error
	}
	ret := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				// The gateway's goroutine recovers and sends nothing, so the
				// request waits for the timeout; say so without waiting.
				ret <- result{err: fmt.Errorf("%w after %s: the gateway swallows a Go panic in the call (%v) and waits for the timeout", ErrTimeout, v.opts.Timeout, p)}
			}
		}()
		val, err := vm.Run(expr)
		ret <- result{val, err}
	}()
	t := time.NewTimer(v.opts.Timeout)
	defer t.Stop()
	select {
	case res := <-ret:
		if errors.Is(res.err, ErrTimeout) {
			return "", res.err
		}
		if res.err != nil {
			return "", fmt.Errorf("failed to run JS middleware: %w", res.err)
		}
		s, _ := res.val.ToString()
		return s, nil
	case <-t.C:
		vm.Interrupt <- func() { panic("stop") }
		return "", fmt.Errorf("%w after %s", ErrTimeout, v.opts.Timeout)
	}
}

// forceResponse writes the response as the gateway's forceResponse and
// handleForcedResponse do.
func (v *VM) forceResponse(w http.ResponseWriter, resp *vmResponse, session []byte) Outcome {
	h := http.Header{}
	for k, val := range resp.Response.Headers {
		v.setHeader(h, k, val)
	}
	h.Set("Server", "tyk")
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	code := resp.Response.Code
	if loc := h.Get("Location"); (code == 301 || code == 302) && strings.HasPrefix(loc, "tyk://") {
		return Outcome{Kind: Looped, LoopURL: loc}
	}
	applyQuota(h, session, v.opts.APIID)
	if code < 100 || code > 999 {
		return Outcome{Kind: Dropped, Err: fmt.Errorf("invalid WriteHeader code %d", code)}
	}
	dst := w.Header()
	for k, vals := range h {
		for _, val := range vals {
			if v.opts.IgnoreCanonicalHeaders {
				dst[k] = append(dst[k], val)
			} else {
				dst.Add(k, val)
			}
		}
	}
	w.WriteHeader(code)
	_, _ = io.WriteString(w, resp.Response.Body)
	return Outcome{Kind: Responded}
}

// applyQuota sets X-RateLimit-Limit/Remaining/Reset from the session's quota
// for the API (its access_rights limit when set, else the key's own). The
// session is the one the function received: the empty one when the endpoint
// does not use the key's, which gives 0/0/0 (as does no session at all).
func applyQuota(h http.Header, session []byte, apiID string) {
	s := bytes.TrimSpace(session)
	if len(s) == 0 {
		s = []byte("null")
	}
	type limit struct {
		QuotaMax       int64 `json:"quota_max"`
		QuotaRemaining int64 `json:"quota_remaining"`
		QuotaRenews    int64 `json:"quota_renews"`
	}
	var sess struct {
		limit
		AccessRights map[string]struct {
			Limit *limit `json:"limit"`
		} `json:"access_rights"`
	}
	_ = json.Unmarshal(s, &sess) // null or unreadable: zero quota
	q := sess.limit
	if ar, ok := sess.AccessRights[apiID]; ok && ar.Limit != nil && *ar.Limit != (limit{}) {
		q = *ar.Limit
	}
	h.Set("X-RateLimit-Limit", strconv.FormatInt(q.QuotaMax, 10))
	h.Set("X-RateLimit-Remaining", strconv.FormatInt(q.QuotaRemaining, 10))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(q.QuotaRenews, 10))
}

func (v *VM) logf(kind, format string, args ...interface{}) {
	if v.opts.Log != nil {
		v.opts.Log(kind, fmt.Sprintf(format, args...))
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
