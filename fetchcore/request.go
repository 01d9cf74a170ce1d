package fetchcore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/tyk-ve/tyk-ve/weburl"
)

// RedirectMode is a request's redirect mode (WHATWG RequestRedirect).
type RedirectMode string

// Redirect modes.
const (
	// RedirectFollow follows up to MaxRedirects redirects (the default).
	RedirectFollow RedirectMode = "follow"
	// RedirectManual returns a redirect response as it is, Location header
	// included, as server-side fetch implementations (Workers, Deno,
	// Node) do; browsers hide it behind an opaque response instead.
	RedirectManual RedirectMode = "manual"
	// RedirectError fails the fetch on any redirect response.
	RedirectError RedirectMode = "error"
)

// MaxRedirects bounds the redirects one fetch follows (the standard's 20).
const MaxRedirects = 20

// Request is one fetch request as plain values. Build it with NewRequest,
// which checks every field.
type Request struct {
	// Method is the normalised method: DELETE, GET, HEAD, OPTIONS, POST and
	// PUT are upper-cased whatever their case; others are kept as written.
	Method string
	// URL is the absolute http or https URL.
	URL *url.URL
	// Header is the request's header list, names as written (the client
	// canonicalises them on the wire).
	Header http.Header
	// Body is the request body; nil means none.
	Body []byte
	// Redirect is the redirect mode.
	Redirect RedirectMode
}

// ErrInvalid marks a request that cannot be made: what the standard answers
// with a TypeError before any network activity.
var ErrInvalid = errors.New("fetchcore: invalid request")

// invalid returns an ErrInvalid error with a message.
func invalid(format string, args ...interface{}) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// NewRequest checks the parts of a request and builds it: an absolute http
// or https URL without credentials, a valid and allowed method, valid
// header names and values, no body on GET or HEAD, a known redirect mode
// ("" is follow).
func NewRequest(method, rawURL string, header http.Header, body []byte, redirect RedirectMode) (*Request, error) {
	u, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	m, err := NormalizeMethod(method)
	if err != nil {
		return nil, err
	}
	for name, values := range header {
		if err := CheckHeader(name, values...); err != nil {
			return nil, err
		}
	}
	if body != nil && (m == http.MethodGet || m == http.MethodHead) {
		return nil, invalid("a request with method %s cannot have a body", m)
	}
	if redirect == "" {
		redirect = RedirectFollow
	}
	switch redirect {
	case RedirectFollow, RedirectManual, RedirectError:
	default:
		return nil, invalid("redirect must be \"follow\", \"manual\" or \"error\", got %q", string(redirect))
	}
	if header == nil {
		header = http.Header{}
	}
	return &Request{Method: m, URL: u, Header: header, Body: body, Redirect: redirect}, nil
}

// ParseURL parses an absolute http or https URL with the WHATWG URL
// parser (as fetch does: tabs and newlines dropped, backslashes as
// slashes, IDNA hosts, percent-encoding), without its fragment; a URL with
// credentials is refused as the standard does.
func ParseURL(raw string) (*url.URL, error) {
	w, err := weburl.Parse(raw, nil)
	if err != nil {
		if strings.HasPrefix(strings.TrimSpace(raw), "/") || !strings.Contains(raw, ":") {
			return nil, invalid("invalid URL %q: must be absolute (fetch has no base URL at the gateway)", raw)
		}
		return nil, invalid("invalid URL %q: %v", raw, err)
	}
	if w.Scheme != "http" && w.Scheme != "https" {
		return nil, invalid("URL scheme %q is not supported (only http and https)", w.Scheme)
	}
	if w.Username != "" || w.Password != "" {
		return nil, invalid("a request URL cannot include credentials")
	}
	w.Fragment = nil
	u, err := url.Parse(w.String())
	if err != nil {
		return nil, invalid("invalid URL %q: %v", raw, errors.Unwrap(err))
	}
	return u, nil
}

// NormalizeMethod checks a method and normalises its case as the standard
// does; CONNECT, TRACE and TRACK are forbidden.
func NormalizeMethod(m string) (string, error) {
	if m == "" {
		return http.MethodGet, nil
	}
	if !isToken(m) {
		return "", invalid("%q is not a valid HTTP method", m)
	}
	up := strings.ToUpper(m)
	switch up {
	case "CONNECT", "TRACE", "TRACK":
		return "", invalid("method %s is forbidden", up)
	case http.MethodDelete, http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPost, http.MethodPut:
		return up, nil
	}
	return m, nil
}

// CheckHeader checks a header name (an HTTP token) and its values (no
// CR, LF or NUL; surrounding whitespace is the caller's to trim).
func CheckHeader(name string, values ...string) error {
	if !isToken(name) {
		return invalid("%q is not a valid header name", name)
	}
	for _, v := range values {
		if strings.ContainsAny(v, "\r\n\x00") {
			return invalid("the value of header %q contains CR, LF or NUL", name)
		}
	}
	return nil
}

// isToken reports whether s is an RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenChar[s[i]] {
			return false
		}
	}
	return true
}

var tokenChar = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()

// httpRequest builds the *http.Request for r, bounded by ctx. A Host
// header is ignored (the URL's host is sent), as Go's client and
// TykMakeHttpRequest do.
func (r *Request) httpRequest(ctx context.Context) (*http.Request, error) {
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL.String(), body)
	if err != nil {
		return nil, fmt.Errorf("fetchcore: building the request: %w", err)
	}
	req.Header = r.Header.Clone()
	return req, nil
}

// ParseLocation parses the absolute URL of a redirect response a script
// makes (Response.redirect): any scheme, so a tyk:// loop too.
func ParseLocation(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, invalid("invalid URL %q: %v", raw, errors.Unwrap(err))
	}
	if !u.IsAbs() {
		return nil, invalid("invalid URL %q: must be absolute", raw)
	}
	if strings.ContainsAny(raw, "\r\n\x00") {
		return nil, invalid("invalid URL %q: contains CR, LF or NUL", raw)
	}
	return u, nil
}
