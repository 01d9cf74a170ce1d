package tykapi

import (
	"encoding/json"
	"fmt"
)

// Response is what a virtual endpoint function produced: Tyk's
// VMResponseObject in Go form.
type Response struct {
	// Code is the HTTP status code.
	Code int
	// Body is the response body.
	Body string
	// Headers are single-valued, as in Tyk.
	Headers map[string]string
	// HeaderValues holds the headers that have several values (a
	// Workers-style Response's set-cookie); Headers has the first of them.
	HeaderValues map[string][]string
	// SessionMeta is the metadata the function returned as the second
	// argument of TykJsResponse; nil when absent or null.
	SessionMeta map[string]interface{}

	// owned: this package made the response and its maps, which nothing
	// else refers to (see Release).
	owned bool
}

// vmResponseObject mirrors Tyk's VMResponseObject field for field, so that
// encoding/json decodes a returned string with exactly Tyk's rules: keys match
// case-insensitively, a numeric header value, an object body or a string code
// is an error, null leaves a field at its zero value.
type vmResponseObject struct {
	Response struct {
		Body    string
		Headers map[string]string
		Code    int
	}
	SessionMeta map[string]interface{}
}

// DecodeResponse decodes the string form of a returned value the way
// Tyk's virtual endpoint middleware does.
func DecodeResponse(s string) (*Response, error) {
	var obj vmResponseObject
	if err := json.Unmarshal([]byte(s), &obj); err != nil {
		return nil, fmt.Errorf("%w: %v (returned %s)", ErrInvalidResult, err, abbreviate(s, 120))
	}
	return &Response{
		Code:        obj.Response.Code,
		Body:        obj.Response.Body,
		Headers:     obj.Response.Headers,
		SessionMeta: obj.SessionMeta,
		owned:       true,
	}, nil
}

// abbreviate shortens s for an error message.
func abbreviate(s string, n int) string {
	if len(s) <= n {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q… (%d bytes)", s[:n], len(s))
}
