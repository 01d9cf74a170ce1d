package testrunner

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
)

// Cassette holds recorded upstream answers, stored next to a test file.
type Cassette struct {
	// Interactions are in the order they were recorded.
	Interactions []Interaction `json:"interactions"`

	mu    sync.Mutex
	dirty bool
}

// Interaction is one recorded request and its answer.
type Interaction struct {
	// Test is the name of the test that made the request.
	Test    string          `json:"test"`
	Request RecordedRequest `json:"request"`
	Status  int             `json:"status"`
	Headers http.Header     `json:"headers,omitempty"`
	Body    string          `json:"body"`
}

// RecordedRequest is what identifies an interaction, plus what was sent
// (for a reader of the cassette).
type RecordedRequest struct {
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers http.Header `json:"headers,omitempty"`
	Body    string      `json:"body,omitempty"`
}

// CassettePath is where the cassette of a test file lives:
// orders.test.yaml → orders.cassette.json, and for code, which may sit
// beside a YAML file of the same name, orders.test.js →
// orders.js.cassette.json (orders.test.ts → orders.ts.cassette.json).
func CassettePath(testFile string) string {
	if ext := hasSuffix(testFile, dataExtensions); ext != "" {
		return strings.TrimSuffix(testFile, ext) + ".cassette.json"
	}
	if ext := hasSuffix(testFile, codeExtensions); ext != "" {
		return strings.TrimSuffix(testFile, ext) + "." + strings.TrimPrefix(ext, ".test.") + ".cassette.json"
	}
	return testFile + ".cassette.json"
}

// LoadCassette reads a cassette; a missing file is an empty cassette.
func LoadCassette(path string) (*Cassette, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &Cassette{}, nil
	}
	if err != nil {
		return nil, err
	}
	var c Cassette
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("cassette %s: %w", path, err)
	}
	return &c, nil
}

// Find returns the answer recorded for the nth request (counting from 0)
// with this test, method and URL: a test that calls the same URL twice
// replays both answers in order, and the last one again after that.
func (c *Cassette) Find(test, method, url string, nth int) (Interaction, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var hits []Interaction
	for _, in := range c.Interactions {
		if in.Test == test && in.Request.Method == method && in.Request.URL == url {
			hits = append(hits, in)
		}
	}
	if len(hits) == 0 {
		return Interaction{}, false
	}
	if nth >= len(hits) {
		nth = len(hits) - 1
	}
	return hits[nth], true
}

// Forget drops the interactions of a test, before it is recorded again.
func (c *Cassette) Forget(test string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	kept := c.Interactions[:0]
	for _, in := range c.Interactions {
		if in.Test != test {
			kept = append(kept, in)
		}
	}
	if len(kept) != len(c.Interactions) {
		c.dirty = true
	}
	c.Interactions = kept
}

// Add records an interaction, redacted.
func (c *Cassette) Add(in Interaction) {
	in.Request.Headers = redactHeaders(in.Request.Headers)
	in.Headers = redactHeaders(in.Headers)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Interactions = append(c.Interactions, in)
	c.dirty = true
}

// Save writes the cassette if it changed, sorted by test for stable diffs
// (the order within a test is kept).
func (c *Cassette) Save(path string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty {
		return nil
	}
	sort.SliceStable(c.Interactions, func(i, j int) bool { return c.Interactions[i].Test < c.Interactions[j].Test })
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return err
	}
	c.dirty = false
	return nil
}

// secretHeader reports whether a header's value is a secret: credentials,
// cookies, and any name that says key, token, secret, password or
// signature.
func secretHeader(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie":
		return true
	}
	for _, word := range []string{"key", "token", "secret", "password", "signature", "auth"} {
		if strings.Contains(n, word) {
			return true
		}
	}
	return false
}

// Redacted replaces a secret header's value in a cassette.
const Redacted = "REDACTED"

func redactHeaders(h http.Header) http.Header {
	if len(h) == 0 {
		return nil
	}
	out := make(http.Header, len(h))
	for k, v := range h {
		if secretHeader(k) {
			out[k] = []string{Redacted}
			continue
		}
		out[k] = append([]string(nil), v...)
	}
	return out
}
