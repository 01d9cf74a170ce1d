package testrunner

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// maxRecordedBody bounds what one recorded request or answer body may be.
const maxRecordedBody = 10 << 20

// upstreams answers the outbound requests of one test file's scripts and
// proxied requests: the running test's stubs first, then the cassette; with
// record set, what neither answers goes to the real upstream and is stored.
type upstreams struct {
	cassette *Cassette
	record   bool
	real     http.RoundTripper

	mu     sync.Mutex
	test   *Case
	counts map[string]int
	misses []string
}

// begin makes c the running test.
func (u *upstreams) begin(c *Case) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.test, u.counts, u.misses = c, map[string]int{}, nil
	if u.record {
		u.cassette.Forget(c.Name)
	}
}

// addStub adds a stub to the running test (t.upstream in a code test).
func (u *upstreams) addStub(s Stub) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.test != nil {
		u.test.Upstreams = append(u.test.Upstreams, s)
	}
}

// unanswered returns the requests of the running test nothing answered.
func (u *upstreams) unanswered() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.misses...)
}

func (u *upstreams) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := readBody(req.Body)
	if err != nil {
		return nil, err
	}
	method, url := req.Method, req.URL.String()
	u.mu.Lock()
	test := u.test
	var stubs []Stub
	if test != nil {
		stubs = append(stubs, test.Upstreams...)
	}
	nth := u.counts[method+" "+url]
	u.counts[method+" "+url]++
	u.mu.Unlock()
	if test == nil {
		return nil, fmt.Errorf("tyk-ve test: %s %s outside a test", method, url)
	}
	for _, s := range stubs {
		if s.matches(method, url) {
			return stubResponse(req, s), nil
		}
	}
	if !u.record {
		if in, ok := u.cassette.Find(test.Name, method, url, nth); ok {
			return recordedResponse(req, in), nil
		}
		u.mu.Lock()
		u.misses = append(u.misses, method+" "+url)
		u.mu.Unlock()
		return nil, fmt.Errorf("tyk-ve test: no stub and no recorded answer for %s %s (add an upstreams entry, or run with --record)", method, url)
	}
	return u.forward(req, test.Name, body)
}

// forward sends the request to the real upstream and records the answer.
func (u *upstreams) forward(req *http.Request, test string, body []byte) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := u.real.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	respBody, err := readBody(resp.Body)
	if err != nil {
		return nil, err
	}
	u.cassette.Add(Interaction{Test: test, Status: resp.StatusCode, Headers: resp.Header.Clone(), Body: string(respBody),
		Request: RecordedRequest{Method: req.Method, URL: req.URL.String(), Headers: req.Header.Clone(), Body: string(body)}})
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	resp.ContentLength = int64(len(respBody))
	return resp, nil
}

func readBody(r io.ReadCloser) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxRecordedBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxRecordedBody {
		return nil, fmt.Errorf("tyk-ve test: a body over %d bytes cannot be stubbed or recorded", maxRecordedBody)
	}
	return b, nil
}

func stubResponse(req *http.Request, s Stub) *http.Response {
	status := s.Status
	if status == 0 {
		status = http.StatusOK
	}
	h := http.Header{}
	body := s.Body
	if len(s.JSON) > 0 {
		body = string(s.JSON)
		h.Set("Content-Type", "application/json")
	}
	for k, v := range s.Headers {
		h.Set(k, v)
	}
	return response(req, status, h, body)
}

func recordedResponse(req *http.Request, in Interaction) *http.Response {
	return response(req, in.Status, in.Headers.Clone(), in.Body)
}

func response(req *http.Request, status int, h http.Header, body string) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return &http.Response{Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h, Request: req,
		Body: io.NopCloser(bytes.NewReader([]byte(body))), ContentLength: int64(len(body))}
}
