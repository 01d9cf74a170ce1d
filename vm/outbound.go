package vm

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/tyk-ve/tyk-ve/outbound"
)

// ErrOutboundLimit is thrown into JavaScript when a call makes more outbound
// requests than Limits.MaxOutboundRequests allows.
var ErrOutboundLimit = errors.New("vm: outbound request limit exceeded")

// httpClient returns the client outbound requests use: Host.HTTPClient if
// set, otherwise the shared client for the Host's policy and TLS options.
func (h *Host) httpClient() (*http.Client, error) {
	if h == nil {
		return outbound.DefaultClient(), nil
	}
	if h.HTTPClient != nil {
		return h.HTTPClient, nil
	}
	return outbound.SharedClient(h.Outbound, h.OutboundTransport)
}

// Validate reports every invalid outbound setting at once.
func (h *Host) Validate() error {
	return errors.Join(
		prefixErrors("outbound.", h.Outbound.Validate()),
		prefixErrors("proxy.transport.", h.OutboundTransport.Validate()))
}

// prefixErrors prefixes every error joined in err with a field path.
func prefixErrors(prefix string, err error) error {
	if err == nil {
		return nil
	}
	var list []error
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		list = joined.Unwrap()
	} else {
		list = []error{err}
	}
	out := make([]error, len(list))
	for i, e := range list {
		out[i] = fmt.Errorf("%s%w", prefix, e)
	}
	return errors.Join(out...)
}
