package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Directory layout under the fixture directory.
const (
	casesDir = "cases"
	apisDir  = "apis"
)

// Load reads and validates every case under dir/cases/*.json, with API
// definitions from dir/apis. It reports every problem at once, each naming
// the file and field. Cases are returned sorted by name.
func Load(dir string) ([]Case, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resolving fixture directory %q: %w", dir, err)
	}
	files, err := filepath.Glob(filepath.Join(abs, casesDir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("listing cases: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no cases in %s", filepath.Join(abs, casesDir))
	}
	sort.Strings(files)

	var (
		cases []Case
		errs  []error
		names = map[string]string{}
	)
	for _, f := range files {
		rel := filepath.ToSlash(filepath.Join(casesDir, filepath.Base(f)))
		c, err := loadCase(abs, f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", rel, err))
			continue
		}
		c.File = rel
		if prev, dup := names[c.Name]; dup {
			errs = append(errs, fmt.Errorf("%s: name: %q is also used by %s", rel, c.Name, prev))
			continue
		}
		names[c.Name] = rel
		cases = append(cases, c)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return cases, nil
}

// loadCase decodes one case strictly and validates it.
func loadCase(dir, file string) (Case, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return Case{}, fmt.Errorf("reading: %w", err)
	}
	var c Case
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Case{}, fmt.Errorf("decoding: %w", err)
	}
	if dec.More() {
		return Case{}, errors.New("decoding: trailing data after the case object")
	}
	c.dir = dir
	if err := c.validate(); err != nil {
		return Case{}, err
	}
	return c, nil
}

// validate checks every field and loads the API template.
func (c *Case) validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}

	if strings.TrimSpace(c.Name) == "" {
		add("name", "must not be empty")
	}
	if strings.TrimSpace(c.Description) == "" {
		add("description", "must say which behaviour the case pins")
	}
	if err := c.loadAPI(); err != nil {
		errs = append(errs, fmt.Errorf("api: %w", err))
	}
	if c.Targets != nil && len(c.Targets) == 0 {
		add("targets", "must not be an empty list (omit it to run everywhere)")
	}
	for i, t := range c.Targets {
		if t != TargetPlugin && t != TargetDev {
			add(fmt.Sprintf("targets[%d]", i), "unknown target %q (want %q or %q)", t, TargetPlugin, TargetDev)
		}
	}

	if s := c.Session; s != nil {
		if s.Key == "" {
			add("session.key", "must not be empty")
		}
		if !isJSONObject(s.State) {
			add("session.state", "must be a JSON object")
		}
	}
	c.validateExchange("", c.Request, c.Expect, add)
	for i, st := range c.Then {
		c.validateExchange(fmt.Sprintf("then[%d].", i), st.Request, st.Expect, add)
	}
	return errors.Join(errs...)
}

// validateExchange checks one request and its expectations; prefix names
// the exchange ("" for the case's own, "then[i]." for the others).
func (c *Case) validateExchange(prefix string, req Request, e Expect, add func(field, format string, args ...any)) {
	if req.Method == "" {
		add(prefix+"request.method", "must not be empty")
	} else if req.Method != strings.ToUpper(req.Method) {
		add(prefix+"request.method", "must be upper case, got %q", req.Method)
	}
	if !strings.HasPrefix(req.Path, "/") {
		add(prefix+"request.path", "must start with \"/\", got %q", req.Path)
	}
	for k := range req.Headers {
		if http.CanonicalHeaderKey(k) != k {
			add(prefix+"request.headers", "header %q must be written in canonical form %q", k, http.CanonicalHeaderKey(k))
		}
	}

	for i, h := range req.RawHeaders {
		if h[0] == "" || strings.ContainsAny(h[0], " :\r\n") || strings.ContainsAny(h[1], "\r\n") {
			add(prefix+fmt.Sprintf("request.raw_headers[%d]", i), "invalid header line %q: %q", h[0], h[1])
		}
	}
	if s := c.Session; s != nil {
		if got := req.Headers["Authorization"]; got != s.Key {
			add(prefix+"request.headers.Authorization", "must carry the session key %q, got %q", s.Key, got)
		}
	}

	if e.Status < 100 || e.Status > 599 {
		add(prefix+"expect.status", "must be between 100 and 599, got %d", e.Status)
	}
	if e.Body != nil && e.JSON != nil {
		add(prefix+"expect", "body and json are mutually exclusive")
	}
	if e.JSON != nil && !json.Valid(e.JSON) {
		add(prefix+"expect.json", "is not valid JSON")
	}
	for i, p := range e.JSONHas {
		if p == "" || strings.HasPrefix(p, ".") || strings.HasSuffix(p, ".") {
			add(prefix+fmt.Sprintf("expect.json_has[%d]", i), "invalid path %q", p)
		}
	}
	for i, h := range e.AbsentHeaders {
		if _, both := e.Headers[h]; both {
			add(prefix+fmt.Sprintf("expect.absent_headers[%d]", i), "%q is also in expect.headers", h)
		}
	}
	if c.Session == nil && e.SessionModified != nil {
		add(prefix+"expect.session_modified", "needs a session")
	}
	if e.SessionMeta != nil {
		if c.Session == nil {
			add(prefix+"expect.session_meta", "needs a session")
		}
		if !isJSONObject(e.SessionMeta) && string(e.SessionMeta) != "null" {
			add(prefix+"expect.session_meta", "must be a JSON object or null")
		}
	}
	for k, re := range e.HeaderMatches {
		if _, err := regexp.Compile(re); err != nil {
			add(prefix+"expect.header_matches."+k, "invalid regexp: %v", err)
		}
	}
	for i, h := range e.WireHeaders {
		if h == "" || strings.ContainsAny(h, " :\r\n") {
			add(prefix+fmt.Sprintf("expect.wire_headers[%d]", i), "invalid header name %q", h)
		}
	}
	if e.MaxMillis < 0 {
		add(prefix+"expect.max_ms", "must be >= 0, got %d", e.MaxMillis)
	}
}

// loadAPI reads the API template and checks that it is a JSON object once
// substituted.
func (c *Case) loadAPI() error {
	if c.API == "" {
		return errors.New("must name a file under " + apisDir + "/")
	}
	if filepath.Base(c.API) != c.API {
		return fmt.Errorf("%q must be a bare file name under %s/", c.API, apisDir)
	}
	data, err := os.ReadFile(filepath.Join(c.dir, apisDir, c.API))
	if err != nil {
		return fmt.Errorf("reading %s/%s: %w", apisDir, c.API, err)
	}
	c.apiTemplate = data
	def, err := c.APIDefinition("http://127.0.0.1:1")
	if err != nil {
		return err
	}
	if !isJSONObject(def) {
		return fmt.Errorf("%s/%s is not a JSON object after substitution", apisDir, c.API)
	}
	return nil
}

func isJSONObject(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(raw, &m) == nil && m != nil
}
