package vm

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/vm/eventloop"
	"github.com/tyk-ve/tyk-ve/vm/fetch"
)

// webAPI is a runtime's event loop and the Web platform globals on it
// (fetch and its classes).
type webAPI struct {
	loop  *eventloop.Loop
	fetch *fetch.Binding
}

// webGlobals are the globals installWebAPI defines (restored like the Tyk
// API's when a call reassigns them).
var webGlobals = append(append([]string(nil), eventloop.Globals...), fetch.Globals...)

// installWeb is the apiArea of the event loop and fetch.
func installWeb(rt *goja.Runtime, env *callEnv) error {
	w, err := installWebAPI(rt, env)
	if err != nil {
		return err
	}
	env.web = w
	return nil
}

// installWebAPI makes rt's event loop and installs the loop's timers and
// fetch, whose requests count against the call's outbound limit in env.
func installWebAPI(rt *goja.Runtime, env *callEnv) (*webAPI, error) {
	loop := eventloop.New(rt)
	if err := loop.Install(); err != nil {
		return nil, fmt.Errorf("installing the event loop: %w", err)
	}
	b, err := fetch.Install(rt, loop, fetchHost{env})
	if err != nil {
		return nil, err
	}
	return &webAPI{loop: loop, fetch: b}, nil
}

// errFetchLoading: fetch called by top-level code.
var errFetchLoading = errors.New("fetch: not available while the scripts load (call it from a handler)")

// fetchHost gives fetch the call's outbound client, body cap and request
// count: the ones TykMakeHttpRequest uses.
type fetchHost struct{ env *callEnv }

func (h fetchHost) Outbound() (*http.Client, int64, error) {
	if h.env.loading {
		return nil, 0, errFetchLoading
	}
	if err := countOutbound(h.env, 1, "fetch"); err != nil {
		return nil, 0, err
	}
	client, err := h.env.host.httpClient()
	if err != nil {
		jsvmLog(h.env).WithError(err).Error("JSVM: outbound client unavailable")
		return nil, 0, fmt.Errorf("fetch: outbound client unavailable: %w", err)
	}
	maxBody := h.env.limits.MaxOutboundResponseBody
	if maxBody <= 0 {
		maxBody = DefaultMaxOutboundResponseBody
	}
	return client, maxBody, nil
}

func (h fetchHost) Logger() *logrus.Entry {
	if h.env.log == nil {
		return discardLog
	}
	return h.env.log
}
