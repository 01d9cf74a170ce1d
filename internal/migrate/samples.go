package migrate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Sample is one request to send.
type Sample struct {
	// APIID names the API the request is for; empty: every API.
	APIID string `json:"api_id,omitempty"`
	// Method is the HTTP method (upper case).
	Method string `json:"method"`
	// Path is the request path as a client sends it, listen path included.
	Path string `json:"path"`
	// Query is the query string without "?" ("a=1&b=2"); in a samples file
	// it may also be an object of names to a value or a list of values.
	Query string `json:"query,omitempty"`
	// Headers are the request headers.
	Headers map[string]string `json:"headers,omitempty"`
	// Body is the request body.
	Body string `json:"body,omitempty"`
}

// Target returns the path and query as one request target.
func (s Sample) Target() string {
	if s.Query == "" {
		return s.Path
	}
	return s.Path + "?" + s.Query
}

// sampleFile is a Sample as a file may write it: query as a string or an
// object.
type sampleFile struct {
	APIID   string            `json:"api_id"`
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Query   json.RawMessage   `json:"query"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

// ParseSamples reads a samples file: a JSON list of
// {api_id, method, path, query, headers, body}. Every problem is reported at
// once, naming the entry and field.
func ParseSamples(data []byte) ([]Sample, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var raw []sampleFile
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("samples: %w", err)
	}
	if dec.More() {
		return nil, errors.New("samples: unexpected data after the list")
	}
	var errs []error
	out := make([]Sample, 0, len(raw))
	for i, r := range raw {
		s := Sample{APIID: r.APIID, Method: r.Method, Path: r.Path, Headers: r.Headers, Body: r.Body}
		q, err := parseQuery(r.Query)
		if err != nil {
			errs = append(errs, fmt.Errorf("samples[%d].query: %w", i, err))
		}
		s.Query = q
		if err := s.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("samples[%d].%w", i, err))
		}
		out = append(out, s)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// Validate checks the method and path, naming the field.
func (s Sample) Validate() error {
	var errs []error
	if s.Method == "" || strings.ToUpper(s.Method) != s.Method || strings.ContainsAny(s.Method, " \t/") {
		errs = append(errs, fmt.Errorf("method: %q must be an upper-case HTTP method", s.Method))
	}
	if !strings.HasPrefix(s.Path, "/") {
		errs = append(errs, fmt.Errorf("path: %q must start with /", s.Path))
	} else if u, err := url.Parse(s.Path); err != nil || u.RawQuery != "" || u.Fragment != "" {
		errs = append(errs, fmt.Errorf("path: %q must be a path without query (use query)", s.Path))
	}
	for k := range s.Headers {
		if k == "" || strings.ContainsAny(k, " :\r\n") {
			errs = append(errs, fmt.Errorf("headers: %q is not a header name", k))
		}
	}
	return errors.Join(errs...)
}

// parseQuery accepts "a=1&b=2" or {"a": "1", "b": ["2", "3"]} (encoded
// with names sorted).
func parseQuery(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		s = strings.TrimPrefix(s, "?")
		if _, err := url.ParseQuery(s); err != nil {
			return "", fmt.Errorf("%q: %w", s, err)
		}
		return s, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", errors.New("must be a string or an object")
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	var parts []string
	for _, k := range names {
		var one string
		var many []string
		switch {
		case json.Unmarshal(m[k], &one) == nil:
			many = []string{one}
		case json.Unmarshal(m[k], &many) == nil:
		default:
			return "", fmt.Errorf("%s: must be a string or a list of strings", k)
		}
		for _, v := range many {
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	return strings.Join(parts, "&"), nil
}
