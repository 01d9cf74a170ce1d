package tykapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/outbound"
)

// tykHTTPRequest mirrors Tyk's TykJSHttpRequest. It has no json tags on
// purpose: encoding/json then matches keys case-insensitively ("method",
// "METHOD" and "Method" all fill Method), exactly as Tyk decodes it.
type tykHTTPRequest struct {
	Method   string
	Body     string
	Headers  map[string]string
	Domain   string
	Resource string
	FormData map[string]string
}

// tykHTTPResponse mirrors Tyk's TykJSHttpResponse field for field (and so
// key order): the data appears twice, capitalised and, for compatibility
// with batch replies, lower-case.
type tykHTTPResponse struct {
	Code    int
	Body    string
	Headers map[string][]string

	CodeComp    int                 `json:"code"`
	BodyComp    string              `json:"body"`
	HeadersComp map[string][]string `json:"headers"`
}

// installHTTP defines TykMakeHttpRequest(jsonString). Like Tyk's it returns
// the response as a JSON string, and undefined (with an error logged) for an
// undecodable request, a bad URL, a refused address, a transport error or an
// unreadable body. Unlike Tyk's it uses the Host's shared pooled client
// rather than a new transport per call, keeps connections alive (no
// Connection: close), bounds the request by the call's context and caps the
// body it reads. Going over Limits.MaxOutboundRequests throws.
func installHTTP(rt *goja.Runtime, env *State) error {
	return rt.Set("TykMakeHttpRequest", func(call goja.FunctionCall) goja.Value {
		input := call.Argument(0).String()
		if input == "undefined" || env.loading {
			// Tyk returns nothing for a missing argument; and the API is not
			// available while top-level code is replayed between calls.
			return goja.Undefined()
		}
		start := time.Now()
		out, err := makeHTTPRequest(env, input)
		env.waitedSince(start)
		return outboundResult(rt, env, out, err)
	})
}

// outboundResult turns the outcome of an outbound call into what the script
// sees: the JSON text, or undefined as in Tyk. Exceeding the outbound limit
// throws; a passed deadline interrupts the call now rather than when the
// context watcher gets scheduled.
func outboundResult(rt *goja.Runtime, env *State, out string, err error) goja.Value {
	if err == nil {
		return rt.ToValue(out)
	}
	if errors.Is(err, ErrOutboundLimit) {
		throwError(rt, err)
	}
	if env.ctx.Err() != nil {
		rt.Interrupt(ctxErr(env.ctx))
	}
	return goja.Undefined()
}

// makeHTTPRequest runs one TykMakeHttpRequest. Every error except the limit
// is logged here, with Tyk's message, and only returned as a signal.
func makeHTTPRequest(env *State, input string) (string, error) {
	log := jsvmLog(env)
	host := env.host
	raw := host != nil && host.IgnoreCanonicalHeaders
	req, err := buildHTTPRequest(env.ctx, input, raw)
	if err != nil {
		var stage *requestStageError
		if errors.As(err, &stage) {
			log.WithError(stage.Err).Error(stage.Message)
		}
		return "", err
	}
	if err := countOutbound(env, 1, "TykMakeHttpRequest"); err != nil {
		return "", err
	}
	client, err := host.httpClient()
	if err != nil {
		log.WithError(err).Error("JSVM: outbound client unavailable")
		return "", err
	}
	code, header, body, err := doOutbound(client, req, env.limits.MaxOutboundResponseBody)
	if err != nil {
		logOutboundError(log, req, err)
		return "", err
	}
	out, err := json.Marshal(tykHTTPResponse{
		Code: code, Body: body, Headers: header,
		CodeComp: code, BodyComp: body, HeadersComp: header,
	})
	if err != nil {
		log.WithError(err).Error("JSVM: Failed to encode response")
		return "", err
	}
	return string(out), nil
}

// discardLog stands in when a call has no logger.
var discardLog = func() *logrus.Entry {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return logrus.NewEntry(l)
}()

// jsvmLog is the call's logger with Tyk's prefix=jsvm field.
func jsvmLog(env *State) *logrus.Entry {
	if env.log == nil {
		return discardLog
	}
	return env.log.WithField("prefix", "jsvm")
}

// requestStageError carries the log message Tyk uses for a failure while
// building the request.
type requestStageError struct {
	Message string
	Err     error
}

func (e *requestStageError) Error() string { return e.Message + ": " + e.Err.Error() }
func (e *requestStageError) Unwrap() error { return e.Err }

// buildHTTPRequest decodes a TykMakeHttpRequest argument and builds the
// outbound request without touching the network: the URL is
// url.ParseRequestURI(Domain + Resource); the body is Body if non-empty,
// else the urlencoded FormData if any, else none, and no Content-Type is
// added; header names are canonicalised unless raw.
func buildHTTPRequest(ctx context.Context, input string, raw bool) (*http.Request, error) {
	var hro tykHTTPRequest
	if err := json.Unmarshal([]byte(input), &hro); err != nil {
		return nil, &requestStageError{"JSVM: Failed to deserialise HTTP Request object", err}
	}
	u, err := url.ParseRequestURI(hro.Domain + hro.Resource)
	if err != nil {
		return nil, &requestStageError{"JSVM: Failed to parse request URI", err}
	}
	var body io.Reader
	switch {
	case hro.Body != "":
		body = strings.NewReader(hro.Body)
	case len(hro.FormData) > 0:
		form := url.Values{}
		for k, v := range hro.FormData {
			form.Set(k, v)
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, hro.Method, u.String(), body)
	if err != nil {
		return nil, &requestStageError{"JSVM: Failed to create HTTP request", err}
	}
	for k, v := range hro.Headers {
		setHeader(req.Header, k, v, raw)
	}
	return req, nil
}

// setHeader sets one header the way Tyk's setCustomHeader does: through
// Header.Set (canonical name) or, in raw mode, under the name as written.
func setHeader(h http.Header, key, value string, raw bool) {
	if raw {
		h[key] = []string{value}
		return
	}
	h.Set(key, value)
}

// countOutbound adds n requests to the call's count, or reports the limit
// without counting them.
func countOutbound(env *State, n int, fn string) error {
	limit := env.limits.MaxOutboundRequests
	if limit > 0 && env.outbound+n > limit {
		return fmt.Errorf("%s: %w (max_outbound_requests = %d, this call has made %d, wanted %d more)",
			fn, ErrOutboundLimit, limit, env.outbound, n)
	}
	env.outbound += n
	return nil
}

// errBodyTooLarge reports a response body over max_outbound_response_body.
var errBodyTooLarge = errors.New("response body exceeds max_outbound_response_body")

// doOutbound sends req and reads at most maxBody bytes of the response.
func doOutbound(client *http.Client, req *http.Request, maxBody int64) (int, http.Header, string, error) {
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, "", &requestStageError{"Request failed", outbound.TransportError(err)}
	}
	defer resp.Body.Close()
	if maxBody <= 0 {
		maxBody = DefaultMaxOutboundResponseBody
	}
	if resp.ContentLength > maxBody {
		return 0, nil, "", &requestStageError{"JSVM: Failed to read response body",
			fmt.Errorf("%w (%d bytes): Content-Length is %d", errBodyTooLarge, maxBody, resp.ContentLength)}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return 0, nil, "", &requestStageError{"JSVM: Failed to read response body", err}
	}
	if int64(len(b)) > maxBody {
		return 0, nil, "", &requestStageError{"JSVM: Failed to read response body",
			fmt.Errorf("%w (%d bytes)", errBodyTooLarge, maxBody)}
	}
	return resp.StatusCode, resp.Header, string(b), nil
}

// logOutboundError logs a failed send or read with Tyk's message, naming the
// destination without its query string or credentials.
func logOutboundError(log *logrus.Entry, req *http.Request, err error) {
	msg := "Request failed"
	var stage *requestStageError
	if errors.As(err, &stage) {
		msg, err = stage.Message, stage.Err
	}
	fields := logrus.Fields{"method": req.Method, "url": outbound.RedactURL(req.URL)}
	var refused *outbound.AddressRefusedError
	if errors.As(err, &refused) {
		fields["address"] = refused.Addr
		msg = "JSVM: outbound address refused by policy"
	}
	if ctxErr := req.Context().Err(); ctxErr != nil {
		fields["cancelled"] = ctxErr.Error()
	}
	log.WithFields(fields).WithError(err).Error(msg)
}
