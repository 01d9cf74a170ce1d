package ottoengine

import (
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"sync"

	"github.com/robertkrimen/otto"
)

// httpRequest is the gateway's TykJSHttpRequest: no json tags, so keys
// match case-insensitively.
type httpRequest struct {
	Method   string
	Body     string
	Headers  map[string]string
	Domain   string
	Resource string
	FormData map[string]string
}

// httpResponse is the gateway's TykJSHttpResponse: the answer twice, the
// second time under the batch reply's lower-case names.
type httpResponse struct {
	Code        int
	Body        string
	Headers     map[string][]string
	CodeComp    int                 `json:"code"`
	BodyComp    string              `json:"body"`
	HeadersComp map[string][]string `json:"headers"`
}

// batchRequest and batchReply are the gateway's batch request structures.
type batchRequest struct {
	Requests []struct {
		Method      string            `json:"method"`
		Headers     map[string]string `json:"headers"`
		Body        string            `json:"body"`
		RelativeURL string            `json:"relative_url"`
	} `json:"requests"`
	SuppressParallelExecution bool `json:"suppress_parallel_execution"`
}

type batchReply struct {
	RelativeURL string      `json:"relative_url"`
	Code        int         `json:"code"`
	Headers     http.Header `json:"headers"`
	Body        string      `json:"body"`
}

// keyNotFound is what TykGetKeyData answers for a key the node does not
// hold; the report runs without a key store, so every key is unknown.
const keyNotFound = `{"status":"error","message":"Key not found"}`

// installAPI sets the gateway's Go functions on the VM, as LoadTykJSApi
// does: every string argument goes through String(), so a missing one is
// "undefined"; failures are logged and answer undefined.
func (v *VM) installAPI(vm *otto.Otto) error {
	str := func(s string) otto.Value {
		val, err := otto.ToValue(s)
		if err != nil {
			return otto.Value{}
		}
		return val
	}
	funcs := map[string]func(call otto.FunctionCall) otto.Value{
		"log": func(call otto.FunctionCall) otto.Value {
			v.logf("log", "%s", call.Argument(0).String())
			return otto.Value{}
		},
		"rawlog": func(call otto.FunctionCall) otto.Value {
			v.logf("rawlog", "%s", call.Argument(0).String()+"\n")
			return otto.Value{}
		},
		"b64dec": func(call otto.FunctionCall) otto.Value {
			in := call.Argument(0).String()
			out, err := base64.StdEncoding.DecodeString(in)
			if err != nil {
				if out, err = base64.RawStdEncoding.DecodeString(in); err != nil {
					v.logf("error", "Failed to base64 decode: %v", err)
					return otto.Value{}
				}
			}
			return str(string(out))
		},
		"b64enc": func(call otto.FunctionCall) otto.Value {
			return str(base64.StdEncoding.EncodeToString([]byte(call.Argument(0).String())))
		},
		"rawb64dec": func(call otto.FunctionCall) otto.Value {
			out, err := base64.RawStdEncoding.DecodeString(call.Argument(0).String())
			if err != nil {
				v.logf("error", "Failed to base64 decode: %v", err)
				return otto.Value{}
			}
			return str(string(out))
		},
		"rawb64enc": func(call otto.FunctionCall) otto.Value {
			return str(base64.RawStdEncoding.EncodeToString([]byte(call.Argument(0).String())))
		},
		"TykMakeHttpRequest": func(call otto.FunctionCall) otto.Value {
			out, err := v.makeHTTPRequest(call.Argument(0).String())
			if err != nil {
				v.logf("error", "TykMakeHttpRequest: %v", err)
				return otto.Value{}
			}
			return str(out)
		},
		"TykBatchRequest": func(call otto.FunctionCall) otto.Value {
			out, err := v.batchRequest(call.Argument(0).String())
			if err != nil {
				v.logf("error", "Batch request error: %v", err)
				return otto.Value{}
			}
			return str(out)
		},
		"TykGetKeyData": func(call otto.FunctionCall) otto.Value {
			return str(keyNotFound)
		},
		"TykSetKeyData": func(call otto.FunctionCall) otto.Value {
			return otto.Value{}
		},
	}
	for name, fn := range funcs {
		if err := vm.Set(name, fn); err != nil {
			return fmt.Errorf("setting %s: %w", name, err)
		}
	}
	if _, err := vm.Run(responseJS); err != nil {
		return fmt.Errorf("loading TykJsResponse: %w", err)
	}
	return nil
}

// makeHTTPRequest is TykMakeHttpRequest: the URL is Domain+Resource, the
// body Body or else the url-encoded FormData (no Content-Type added), a new
// transport per call with Connection: close and no timeout.
func (v *VM) makeHTTPRequest(in string) (string, error) {
	if in == "undefined" {
		return "", fmt.Errorf("no request object")
	}
	var hro httpRequest
	if err := json.Unmarshal([]byte(in), &hro); err != nil {
		return "", fmt.Errorf("failed to deserialise HTTP Request object: %w", err)
	}
	u, err := url.ParseRequestURI(hro.Domain + hro.Resource)
	if err != nil {
		// The gateway ignores this error and dereferences a nil URL: the
		// call panics inside otto and the run fails.
		panic(fmt.Sprintf("TykMakeHttpRequest: invalid URL %q: %v", hro.Domain+hro.Resource, err))
	}
	var body string
	if hro.Body != "" {
		body = hro.Body
	} else if len(hro.FormData) > 0 {
		data := url.Values{}
		for k, val := range hro.FormData {
			data.Set(k, val)
		}
		body = data.Encode()
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(hro.Method, u.String(), rd)
	if err != nil {
		return "", err
	}
	for k, val := range hro.Headers {
		v.setHeader(req.Header, k, val)
	}
	req.Close = true
	client := &http.Client{Transport: v.transport()}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("request failed: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out, err := json.Marshal(httpResponse{Code: resp.StatusCode, Body: string(b), Headers: resp.Header,
		CodeComp: resp.StatusCode, BodyComp: string(b), HeadersComp: resp.Header})
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// transport is the per-call transport: the API's TLS and proxy settings.
func (v *VM) transport() *http.Transport {
	tr := &http.Transport{TLSClientConfig: &tls.Config{MaxVersion: v.opts.SSLMaxVersion, InsecureSkipVerify: v.opts.SSLInsecureSkipVerify}} //nolint:gosec // the gateway's own setting
	tr.Proxy = http.ProxyFromEnvironment
	if v.opts.ProxyURL != "" {
		if pu, err := url.Parse(v.opts.ProxyURL); err == nil {
			tr.Proxy = http.ProxyURL(pu)
		}
	}
	return tr
}

// batchRequest is TykBatchRequest in the gateway's "unsafe" mode:
// relative_url is the absolute URL; in parallel mode the replies come in
// completion order and a failed request is a zero entry.
func (v *VM) batchRequest(in string) (string, error) {
	var br batchRequest
	if err := json.Unmarshal([]byte(in), &br); err != nil {
		return "", fmt.Errorf("could not decode batch request: %w", err)
	}
	// Every request is built first: one the gateway cannot build fails the
	// whole batch (undefined), a failed call only its own entry.
	reqs := make([]*http.Request, len(br.Requests))
	for i, rd := range br.Requests {
		req, err := http.NewRequest(rd.Method, rd.RelativeURL, strings.NewReader(rd.Body))
		if err != nil {
			return "", fmt.Errorf("batch request creation failed, request structure malformed: %w", err)
		}
		for k, val := range rd.Headers {
			req.Header.Set(k, val)
		}
		reqs[i] = req
	}
	one := func(i int) batchReply {
		resp, err := (&http.Client{Transport: &http.Transport{Proxy: http.ProxyFromEnvironment}}).Do(reqs[i])
		if err != nil {
			return batchReply{}
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return batchReply{}
		}
		return batchReply{RelativeURL: br.Requests[i].RelativeURL, Code: resp.StatusCode, Headers: resp.Header, Body: string(b)}
	}
	replies := make([]batchReply, 0, len(br.Requests))
	if br.SuppressParallelExecution {
		for i := range br.Requests {
			replies = append(replies, one(i))
		}
	} else {
		var (
			mu sync.Mutex
			wg sync.WaitGroup
		)
		for i := range br.Requests {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := one(i)
				mu.Lock()
				replies = append(replies, r)
				mu.Unlock()
			}(i)
		}
		wg.Wait()
	}
	out, err := json.Marshal(replies)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// setHeader is the gateway's setCustomHeader.
func (v *VM) setHeader(h http.Header, k, val string) {
	if v.opts.IgnoreCanonicalHeaders {
		h[k] = []string{val}
		return
	}
	h.Set(textproto.CanonicalMIMEHeaderKey(k), val)
}
