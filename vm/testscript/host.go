package testscript

import "net/http"

// Host is what a test's t drives. Every argument is JSON text with the
// fields of a YAML test file's entry of the same name; the host decodes
// and validates it, and an error it returns is thrown to the test as a
// JavaScript Error. Host methods run on the test's goroutine, one at a
// time.
type Host interface {
	// Request sends a request ({method, path, query, headers, body|json})
	// to the API under test and returns the answer.
	Request(req []byte) (*Response, error)
	// Upstream adds a stubbed upstream answer ({method, url, status,
	// headers, body|json}) for the rest of the test.
	Upstream(stub []byte) error
	// Session sets the key session (a JSON object) the test's next
	// requests carry; nil means none.
	Session(session []byte) error
	// SessionMeta returns the meta_data an endpoint wrote back to the
	// session (JSON), and whether one was written.
	SessionMeta() ([]byte, bool)
	// Expect compares an answer with an expectation ({status, headers,
	// body|json|json_subset, session_meta}) and returns every difference.
	Expect(expect []byte, res *Response) ([]string, error)
}

// Response is an answer to a test's request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}
