package tykapi

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/tyk-ve/tyk-ve/keystore"
	"github.com/tyk-ve/tyk-ve/kvstore"
	"github.com/tyk-ve/tyk-ve/outbound"
)

// Host is what the JavaScript API needs from outside the runtime. One Host is
// usually shared by every pool of an API; it must be safe for concurrent use.
type Host struct {
	// HTTPClient makes TykMakeHttpRequest and TykBatchRequest calls. It
	// should share one pooled transport; nil means the process-wide client
	// for Outbound and OutboundTransport (outbound.DefaultClient() when both are zero).
	// A client given here is used as is: Outbound and OutboundTransport do not
	// apply to it.
	HTTPClient *http.Client
	// Keys backs TykGetKeyData / TykSetKeyData; nil makes them report
	// "key store not configured" the way Tyk reports a missing key.
	Keys keystore.Store
	// IgnoreCanonicalHeaders keeps outbound header names exactly as the
	// script wrote them (Tyk's ignore_canonical_mime_header_key).
	IgnoreCanonicalHeaders bool
	// APIID is passed to TykGetKeyData when the script omits it.
	APIID string
	// Outbound decides which addresses outbound requests may connect to
	// (the zero value refuses link-local and cloud metadata addresses).
	// Used only when HTTPClient is nil.
	Outbound outbound.Policy
	// OutboundTransport holds the API's proxy.transport options (TLS,
	// proxy) for outbound requests. Used only when HTTPClient is nil.
	OutboundTransport outbound.Transport
	// Storage backs TykStorage* and the KV object (package vm/storage):
	// the API's bucket of the node's shared store; nil makes them throw
	// "JSVM storage is not available", as Tyk master does without a store.
	Storage *kvstore.Bucket
}

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
