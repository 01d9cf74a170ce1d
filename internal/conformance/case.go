package conformance

import (
	"encoding/json"
)

// Target names accepted in a case's "targets" list.
const (
	// TargetPlugin is the compiled plugin loaded by the host harness.
	TargetPlugin = "plugin"
	// TargetDev is the development server.
	TargetDev = "dev"
)

// Case is one conformance case, read from a JSON file.
type Case struct {
	// Name identifies the case; it is the subtest name and must be unique.
	Name string `json:"name"`
	// Description says which behaviour the case pins.
	Description string `json:"description"`
	// API is the file name of the API definition under the apis directory.
	API string `json:"api"`
	// Targets restricts the case to some targets; empty means all.
	Targets []string `json:"targets,omitempty"`
	// Session is the key session the request authenticates with, if any.
	// Cases with a session run only on targets that support sessions.
	Session *Session `json:"session,omitempty"`
	// Request is the request to send.
	Request Request `json:"request"`
	// Expect is what must come back.
	Expect Expect `json:"expect"`
	// Then lists further exchanges sent, in order, to the same deployed
	// instance (same runtimes, same session store, same upstream) after
	// Request. Each is checked like the first; upstream checks count only
	// that exchange's upstream calls, session checks see the stored session
	// after that exchange.
	Then []Step `json:"then,omitempty"`

	// File is the case's path relative to the fixture directory.
	File string `json:"-"`
	// dir is the absolute fixture directory.
	dir string
	// apiTemplate is the API definition before substitution.
	apiTemplate []byte
}

// Session is a key and its stored session.
type Session struct {
	// Key is the API key; the request's Authorization header must carry it.
	Key string `json:"key"`
	// State is the stored session, a Tyk SessionState JSON object.
	State json.RawMessage `json:"state"`
}

// Step is one further request of a case and what must come back.
type Step struct {
	// Request is the request to send.
	Request Request `json:"request"`
	// Expect is what must come back.
	Expect Expect `json:"expect"`
}

// Request is the request a case sends.
type Request struct {
	// Method is the HTTP method, e.g. "GET".
	Method string `json:"method"`
	// Path is the request target: path and optional query, starting with "/".
	Path string `json:"path"`
	// Headers are request headers, one value each. No other headers are sent
	// (not even User-Agent or Accept-Encoding), so echoes are predictable.
	Headers map[string]string `json:"headers,omitempty"`
	// Body is the request body.
	Body string `json:"body,omitempty"`
	// RawHeaders are extra header lines sent verbatim after Headers, as
	// [name, value] pairs: names need not be canonical and a name may
	// repeat (several values). They are not part of the upstream check.
	RawHeaders [][2]string `json:"raw_headers,omitempty"`
}

// Expect lists the checks of a case. Unset checks are skipped.
type Expect struct {
	// Status is the expected status code (required).
	Status int `json:"status"`
	// Headers maps header names to their exact expected (first) value.
	Headers map[string]string `json:"headers,omitempty"`
	// HeaderMatches maps header names to a regular expression (RE2,
	// unanchored unless written with ^ and $) that the first value must
	// match; the header must be present.
	HeaderMatches map[string]string `json:"header_matches,omitempty"`
	// MaxMillis, when > 0, is the most milliseconds the response may take
	// (request sent to body read).
	MaxMillis int `json:"max_ms,omitempty"`
	// WireHeaders lists header names that must appear in the response head
	// spelled exactly so on the wire (case-sensitive), e.g. "X-Custom" to
	// pin canonicalisation, which Go's client would otherwise hide.
	WireHeaders []string `json:"wire_headers,omitempty"`
	// AbsentHeaders must not be present in the response.
	AbsentHeaders []string `json:"absent_headers,omitempty"`
	// Body is the exact expected body.
	Body *string `json:"body,omitempty"`
	// JSON must deep-equal the parsed body.
	JSON json.RawMessage `json:"json,omitempty"`
	// JSONHas lists dotted paths ("error", "a.b") that must exist in the
	// parsed body, whatever their value.
	JSONHas []string `json:"json_has,omitempty"`
	// BodyContains lists substrings the body must contain.
	BodyContains []string `json:"body_contains,omitempty"`
	// Upstream, when true, requires that the request reached the upstream
	// unchanged (method, path, query, body and the case's headers) and that
	// the upstream's answer came back; when false, that the upstream was not
	// called.
	Upstream *bool `json:"upstream,omitempty"`
	// SessionModified, when set, is whether the target must have written
	// the session back. Needs a session and a target that reports it.
	SessionModified *bool `json:"session_modified,omitempty"`
	// SessionMeta is the meta_data the stored session must hold after the
	// call. Needs a session and a target that reports it.
	SessionMeta json.RawMessage `json:"session_meta,omitempty"`
}

// AppliesTo reports whether the case runs on target.
func (c Case) AppliesTo(target string) bool {
	if len(c.Targets) == 0 {
		return true
	}
	for _, t := range c.Targets {
		if t == target {
			return true
		}
	}
	return false
}
