package vm

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/vm/fetch"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// fetchArea is the platform area of fetch and its classes (Headers,
// Request, Response, AbortController, AbortSignal) on the runtime's event
// loop; p.fetch is set to the runtime's binding. p is nil only to list the
// globals.
func fetchArea(p *platformEnv) tykapi.Area {
	return tykapi.Area{Name: "fetch", Globals: fetch.Globals, Install: func(rt *goja.Runtime, s *tykapi.State) error {
		b, err := fetch.Install(rt, p.loop, fetchHost{s})
		p.fetch = b
		return err
	}}
}

// errFetchLoading: fetch called by top-level code.
var errFetchLoading = errors.New("fetch: not available while the scripts load (call it from a handler)")

// fetchHost gives fetch the call's outbound client, body cap and request
// count: the ones TykMakeHttpRequest and TykBatchRequest use.
type fetchHost struct{ s *tykapi.State }

func (h fetchHost) Outbound() (*http.Client, int64, error) {
	if h.s.Loading() {
		return nil, 0, errFetchLoading
	}
	if err := h.s.CountOutbound(1, "fetch"); err != nil {
		return nil, 0, err
	}
	client, err := h.s.Host().Client()
	if err != nil {
		if l := h.s.Logger(); l != nil {
			l.WithField("prefix", "jsvm").WithError(err).Error("JSVM: outbound client unavailable")
		}
		return nil, 0, fmt.Errorf("fetch: outbound client unavailable: %w", err)
	}
	maxBody := h.s.Limits().MaxOutboundResponseBody
	if maxBody <= 0 {
		maxBody = tykapi.DefaultMaxOutboundResponseBody
	}
	return client, maxBody, nil
}

func (h fetchHost) Logger() *logrus.Entry { return h.s.Logger() }
