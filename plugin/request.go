package plugin

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/tyk-ve/tyk-ve/vm"
)

// readBody reads the request body up to limit bytes and puts an identical
// body back, so a request that continues to the upstream is intact. The
// body is read into one buffer sized from Content-Length when the request
// gives it (up to maxPresize), and put back as a reader over the same bytes.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	size := int64(512)
	if r.ContentLength >= 0 {
		// +1: room to see the end. A claimed length is trusted only up
		// to maxPresize: a client must send the bytes to make it grow.
		size = min(r.ContentLength, limit, maxPresize) + 1
	}
	body, err := readAtMost(r.Body, make([]byte, 0, size), limit+1)
	if err != nil {
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
		return nil, fmt.Errorf("reading request body: %w", err)
	}
	if int64(len(body)) > limit {
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
		return nil, fmt.Errorf("%w (%d bytes)", ErrRequestTooLarge, limit)
	}
	_ = r.Body.Close()
	rb := &replayBody{}
	rb.Reset(body)
	r.Body = rb
	return body, nil
}

// maxPresize bounds the buffer readBody allocates before any byte arrives.
const maxPresize = 64 << 10

// readAtMost appends what rd holds, up to n bytes, to buf (io.ReadAll
// through io.LimitReader, without the limit reader).
func readAtMost(rd io.Reader, buf []byte, n int64) ([]byte, error) {
	for int64(len(buf)) < n {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		room := buf[len(buf):min(int64(cap(buf)), n)]
		k, err := rd.Read(room)
		buf = buf[:len(buf)+k]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// replayBody is the body put back after reading: the same bytes again,
// with a no-op Close.
type replayBody struct{ bytes.Reader }

func (*replayBody) Close() error { return nil }

// NewRequestObject maps an HTTP request and its body to the JavaScript
// request object exactly as Tyk builds it: Headers as they stand (no Host),
// the raw body, URL as r.URL.String(), Params from the query merged with a
// urlencoded form body (form values first, as in net/http's r.Form), and
// Scheme from r.TLS only.
func NewRequestObject(r *http.Request, body []byte) *vm.Request {
	req := &vm.Request{}
	fillRequestObject(req, r, body)
	return req
}

// fillRequestObject is NewRequestObject into dst.
func fillRequestObject(dst *vm.Request, r *http.Request, body []byte) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	headers := map[string][]string(r.Header)
	if headers == nil {
		headers = map[string][]string{}
	}
	*dst = vm.Request{
		Headers: headers,
		Body:    body,
		URL:     r.URL.String(),
		Scheme:  scheme,
	}
	if hasFormBody(r) {
		dst.Params = formParams(r, body)
	} else {
		// the query alone: parsed as far as the script reads it
		dst.LazyParams, dst.ParamsQuery = true, r.URL.RawQuery
	}
}

// formParams is what r.ParseForm would put in r.Form, computed without
// consuming the body. Parse errors keep what was parsed, as Tyk ignores them.
// (Without a form body, fillRequestObject leaves the query to be parsed
// lazily: vm.Request.LazyParams.)
func formParams(r *http.Request, body []byte) map[string][]string {
	query, _ := url.ParseQuery(r.URL.RawQuery)
	if query == nil {
		query = url.Values{}
	}
	if !hasFormBody(r) {
		return query
	}
	form, _ := url.ParseQuery(string(body))
	for k, vs := range query {
		form[k] = append(form[k], vs...)
	}
	return form
}

func hasFormBody(r *http.Request) bool {
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return false
	}
	ct := strings.TrimSpace(r.Header.Get("Content-Type"))
	if len(ct) < len(formType) || !strings.EqualFold(ct[:len(formType)], formType) {
		return false // what ParseMediaType would reject or read as another type
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == formType
}

const formType = "application/x-www-form-urlencoded"
