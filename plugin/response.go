package plugin

import (
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tyk-ve/tyk-ve/vm"
)

// loopURL returns the tyk:// target of a 301/302 response, as Tyk's
// forceResponse detects it, or nil.
func loopURL(resp *vm.Response) (*url.URL, error) {
	if resp.Code != http.StatusMovedPermanently && resp.Code != http.StatusFound {
		return nil, nil
	}
	var loc string
	for k, v := range resp.Headers {
		if strings.EqualFold(k, "Location") {
			loc = v
			break
		}
	}
	if !strings.HasPrefix(loc, "tyk://") {
		return nil, nil
	}
	u, err := url.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("%w: Location %q is not a valid loop URL: %v", vm.ErrInvalidResult, loc, err)
	}
	return u, nil
}

// validateResponse rejects what would make net/http panic or send nonsense:
// a status outside 200–999 (Tyk drops the connection on 0) and a body over
// the limit.
func validateResponse(resp *vm.Response, maxBody int64) error {
	if resp.Code < 200 || resp.Code > 999 {
		return fmt.Errorf("%w %d: must be between 200 and 999 (did the function return TykJsResponse({Code: ...})?)", ErrInvalidStatus, resp.Code)
	}
	if int64(len(resp.Body)) > maxBody {
		return fmt.Errorf("%w: %d bytes > %d", ErrResponseTooLarge, len(resp.Body), maxBody)
	}
	return nil
}

// writeResponse writes the function's response with Tyk's visible behaviour:
// header names canonicalised unless raw, Server: tyk and Date overwrite what
// the script set, X-RateLimit-Limit/Remaining/Reset come from the session's
// quota, and headers are added to what the writer already holds.
// Content-Length is always the real body length (a script-set value that
// disagrees with the body would truncate or hang the response).
func writeResponse(w http.ResponseWriter, resp *vm.Response, raw bool, q quota) {
	h := w.Header()
	// Every header gets one value: all of them share one backing array
	// (each slice capped at its one element, so that an Add reallocates).
	vals := make([]string, 0, len(resp.Headers)+7)
	set := func(k, v string) {
		vals = append(vals, v)
		h[k] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	for k, v := range resp.Headers {
		if strings.EqualFold(k, "Content-Length") {
			continue
		}
		if !raw {
			k = textproto.CanonicalMIMEHeaderKey(k)
		}
		set(k, v)
	}
	for k, vs := range resp.HeaderValues {
		if strings.EqualFold(k, "Content-Length") {
			continue
		}
		if !raw {
			k = http.CanonicalHeaderKey(k)
		}
		h[k] = append([]string(nil), vs...)
	}
	set("Server", "tyk")
	set("Date", httpDate(time.Now()))
	q.apply(set)
	set("Content-Length", strconv.Itoa(len(resp.Body)))
	w.WriteHeader(resp.Code)
	_, _ = io.WriteString(w, resp.Body)
}

// lastDate caches the Date header's text for the current second.
var lastDate atomic.Pointer[dateText]

type dateText struct {
	unix int64
	text string
}

// httpDate is t in http.TimeFormat, formatted once a second.
func httpDate(t time.Time) string {
	if d := lastDate.Load(); d != nil && d.unix == t.Unix() {
		return d.text
	}
	d := &dateText{unix: t.Unix(), text: t.UTC().Format(http.TimeFormat)}
	lastDate.Store(d)
	return d.text
}
