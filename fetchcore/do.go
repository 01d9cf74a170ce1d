package fetchcore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/tyk-ve/tyk-ve/outbound"
)

// Errors a fetch can end with besides ErrInvalid, the context's error and a
// transport error.
var (
	// ErrBodyTooLarge: the response body is over the cap.
	ErrBodyTooLarge = errors.New("response body exceeds max_outbound_response_body")
	// ErrTooManyRedirects: more than MaxRedirects redirects.
	ErrTooManyRedirects = fmt.Errorf("more than %d redirects", MaxRedirects)
	// ErrRedirect: a redirect response to a request whose mode is "error".
	ErrRedirect = errors.New("redirect response with redirect mode \"error\"")
)

// Response is a fetch response with its body read whole.
type Response struct {
	// Status is the status code; StatusText its reason phrase.
	Status     int
	StatusText string
	// Header is the response header list (canonical names).
	Header http.Header
	// URL is the URL of the response: the last one after redirects.
	URL string
	// Redirected reports whether at least one redirect was followed.
	Redirected bool
	// Body is the body, at most the cap.
	Body []byte
}

// Do sends req with client (which carries the transport, the proxy and the
// address policy), bounded by ctx, follows redirects by req.Redirect and
// reads at most maxBody bytes of the response body (maxBody <= 0: no cap).
// Every error names the destination without its query or credentials.
func Do(ctx context.Context, client *http.Client, req *Request, maxBody int64) (*Response, error) {
	hreq, err := req.httpRequest(ctx)
	if err != nil {
		return nil, err
	}
	c := *client
	redirects := 0
	c.CheckRedirect = func(_ *http.Request, via []*http.Request) error {
		switch req.Redirect {
		case RedirectManual:
			return http.ErrUseLastResponse
		case RedirectError:
			return ErrRedirect
		}
		if len(via) > MaxRedirects {
			return ErrTooManyRedirects
		}
		redirects = len(via)
		return nil
	}
	dest := outbound.RedactURL(req.URL)
	resp, err := c.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("fetch %s %s: %w", req.Method, dest, outbound.TransportError(err))
	}
	defer resp.Body.Close()
	body, err := readBody(resp, maxBody)
	if err != nil {
		return nil, fmt.Errorf("fetch %s %s: reading the response body: %w", req.Method, dest, err)
	}
	return &Response{
		Status: resp.StatusCode, StatusText: statusText(resp),
		Header: resp.Header, URL: resp.Request.URL.String(),
		Redirected: redirects > 0, Body: body,
	}, nil
}

// readBody reads the response body up to maxBody bytes.
func readBody(resp *http.Response, maxBody int64) ([]byte, error) {
	if maxBody <= 0 {
		return io.ReadAll(resp.Body)
	}
	if resp.ContentLength > maxBody {
		return nil, fmt.Errorf("%w (%d bytes): Content-Length is %d", ErrBodyTooLarge, maxBody, resp.ContentLength)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > maxBody {
		return nil, fmt.Errorf("%w (%d bytes)", ErrBodyTooLarge, maxBody)
	}
	return b, nil
}

// statusText is the reason phrase of resp's status line ("" when the
// server sent none).
func statusText(resp *http.Response) string {
	code := strconv.Itoa(resp.StatusCode)
	return strings.TrimSpace(strings.TrimPrefix(resp.Status, code))
}
