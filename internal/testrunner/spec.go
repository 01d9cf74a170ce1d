package testrunner

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// File is one test file.
type File struct {
	// API is the path of the API definition, relative to the test file;
	// the dev server serves every definition in its folder (so tyk:// loops
	// reach the others) and resolves script files against it.
	API string `json:"api,omitempty"`
	// Definition is an inline API definition, instead of API.
	Definition json.RawMessage `json:"definition,omitempty"`
	// Gateway is the gateway generation to answer as (default: the newest).
	Gateway string `json:"gateway,omitempty"`
	// Tests run in order.
	Tests []Case `json:"tests"`

	// path is where the file was read from.
	path string
}

// Case is one test: a request and what must come back.
type Case struct {
	Name    string  `json:"name"`
	Request Request `json:"request"`
	// Session is the key session (JSON object) an endpoint with
	// use_session gets; absent means none, as on a keyless API.
	Session json.RawMessage `json:"session,omitempty"`
	// Upstreams answer the scripts' outbound requests matched by method
	// and URL; they take precedence over the cassette.
	Upstreams []Stub `json:"upstreams,omitempty"`
	Expect    Expect `json:"expect"`
}

// Request is what the test sends.
type Request struct {
	Method  string              `json:"method,omitempty"`
	Path    string              `json:"path"`
	Query   map[string][]string `json:"query,omitempty"`
	Headers map[string]string   `json:"headers,omitempty"`
	Body    string              `json:"body,omitempty"`
	// JSON is sent as the body, marshalled, with Content-Type
	// application/json unless Headers set one.
	JSON json.RawMessage `json:"json,omitempty"`
}

// Stub is one upstream answer.
type Stub struct {
	Method string `json:"method,omitempty"`
	// URL matches the request's URL exactly, query included; a trailing
	// "*" matches any URL with that prefix.
	URL     string            `json:"url"`
	Status  int               `json:"status,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body,omitempty"`
	JSON    json.RawMessage   `json:"json,omitempty"`
}

// Expect is what the answer must be; only the fields set are compared.
type Expect struct {
	Status  int               `json:"status,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
	// Body must equal the answer's body exactly.
	Body *string `json:"body,omitempty"`
	// JSON must equal the body as JSON (key order and spacing ignored).
	JSON json.RawMessage `json:"json,omitempty"`
	// JSONSubset must be contained in the body: every key it has, with
	// an equal value (recursively); arrays must match element by element.
	JSONSubset json.RawMessage `json:"json_subset,omitempty"`
	// SessionMeta is the meta_data the endpoint writes back (use_session).
	SessionMeta json.RawMessage `json:"session_meta,omitempty"`
}

var methodRE = regexp.MustCompile(`^[A-Z]+$`)

// Validate reports every problem at once, each named by its path.
func (f *File) Validate() error {
	var errs []error
	if (f.API == "") == (len(f.Definition) == 0) {
		errs = append(errs, errors.New("api / definition: exactly one must be set"))
	}
	if len(f.Tests) == 0 {
		errs = append(errs, errors.New("tests: at least one test is needed"))
	}
	names := map[string]bool{}
	for i, c := range f.Tests {
		p := fmt.Sprintf("tests[%d]", i)
		if c.Name == "" {
			errs = append(errs, fmt.Errorf("%s.name: required", p))
		} else if names[c.Name] {
			errs = append(errs, fmt.Errorf("%s.name: %q is used twice", p, c.Name))
		}
		names[c.Name] = true
		errs = append(errs, c.validate(p)...)
	}
	return errors.Join(errs...)
}

func (c Case) validate(p string) []error {
	errs := c.Request.validate(field(p, "request"))
	if len(c.Session) > 0 && !isJSONObject(c.Session) {
		errs = append(errs, fmt.Errorf("%s: must be a JSON object", field(p, "session")))
	}
	for j, s := range c.Upstreams {
		errs = append(errs, s.validate(fmt.Sprintf("%s[%d]", field(p, "upstreams"), j))...)
	}
	return append(errs, c.Expect.validate(field(p, "expect"))...)
}

// field names a field under the path p ("" for the top).
func field(p, name string) string {
	if p == "" {
		return name
	}
	return p + "." + name
}

// prefix starts a message about the object at p ("" for the top).
func prefix(p string) string {
	if p == "" {
		return ""
	}
	return p + ": "
}

func (r Request) validate(p string) []error {
	var errs []error
	if r.Method != "" && !methodRE.MatchString(r.Method) {
		errs = append(errs, fmt.Errorf("%s: %q is not an upper-case HTTP method", field(p, "method"), r.Method))
	}
	if !strings.HasPrefix(r.Path, "/") {
		errs = append(errs, fmt.Errorf("%s: must start with /", field(p, "path")))
	}
	if r.Body != "" && len(r.JSON) > 0 {
		errs = append(errs, fmt.Errorf("%sbody and json are exclusive", prefix(p)))
	}
	return errs
}

func (s Stub) validate(q string) []error {
	var errs []error
	if !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
		errs = append(errs, fmt.Errorf("%s: must be an absolute http(s) URL", field(q, "url")))
	}
	if s.Method != "" && !methodRE.MatchString(s.Method) {
		errs = append(errs, fmt.Errorf("%s: %q is not an upper-case HTTP method", field(q, "method"), s.Method))
	}
	if s.Status != 0 && (s.Status < 100 || s.Status > 999) {
		errs = append(errs, fmt.Errorf("%s: %d is not an HTTP status", field(q, "status"), s.Status))
	}
	if s.Body != "" && len(s.JSON) > 0 {
		errs = append(errs, fmt.Errorf("%sbody and json are exclusive", prefix(q)))
	}
	return errs
}

func (e Expect) validate(p string) []error {
	var errs []error
	set := 0
	for _, on := range []bool{e.Body != nil, len(e.JSON) > 0, len(e.JSONSubset) > 0} {
		if on {
			set++
		}
	}
	if set > 1 {
		errs = append(errs, fmt.Errorf("%sbody, json and json_subset are exclusive", prefix(p)))
	}
	if e.Status == 0 && set == 0 && len(e.Headers) == 0 && len(e.SessionMeta) == 0 {
		errs = append(errs, fmt.Errorf("%sexpects nothing (set status, headers, body, json, json_subset or session_meta)", prefix(p)))
	}
	if e.Status != 0 && (e.Status < 100 || e.Status > 999) {
		errs = append(errs, fmt.Errorf("%s: %d is not an HTTP status", field(p, "status"), e.Status))
	}
	if len(e.SessionMeta) > 0 && !isJSONObject(e.SessionMeta) {
		errs = append(errs, fmt.Errorf("%s: must be a JSON object", field(p, "session_meta")))
	}
	return errs
}

func isJSONObject(raw json.RawMessage) bool {
	var m map[string]interface{}
	return json.Unmarshal(raw, &m) == nil && m != nil
}

// method returns the request's method, GET by default.
func (r Request) method() string {
	if r.Method == "" {
		return http.MethodGet
	}
	return r.Method
}

// matches reports whether the stub answers a request.
func (s Stub) matches(method, url string) bool {
	if s.Method != "" && s.Method != method {
		return false
	}
	if strings.HasSuffix(s.URL, "*") {
		return strings.HasPrefix(url, strings.TrimSuffix(s.URL, "*"))
	}
	return s.URL == url
}
