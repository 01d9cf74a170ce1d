package outbound

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Transport holds the options Tyk takes from an API's
// proxy.transport (and the gateway's proxy_ssl_* settings) for
// TykMakeHttpRequest.
type Transport struct {
	// InsecureSkipVerify disables certificate verification
	// (proxy.transport.ssl_insecure_skip_verify).
	InsecureSkipVerify bool `json:"ssl_insecure_skip_verify,omitempty"`
	// MaxVersion caps the TLS version, as a crypto/tls constant such as
	// tls.VersionTLS12 (proxy.transport.ssl_max_version); 0 means Go's
	// default.
	MaxVersion uint16 `json:"ssl_max_version,omitempty"`
	// ProxyURL sends outbound requests through this proxy
	// (proxy.transport.proxy_url: http, https or socks5); empty means the
	// HTTP_PROXY, HTTPS_PROXY and NO_PROXY environment variables, as in Tyk.
	ProxyURL string `json:"proxy_url,omitempty"`
}

// Validate checks MaxVersion is a known TLS version and ProxyURL a usable
// proxy address.
func (t Transport) Validate() error {
	var errs []error
	switch t.MaxVersion {
	case 0, tls.VersionTLS10, tls.VersionTLS11, tls.VersionTLS12, tls.VersionTLS13:
	default:
		errs = append(errs, fmt.Errorf("ssl_max_version: unknown TLS version 0x%04x", t.MaxVersion))
	}
	if _, err := t.proxy(); err != nil {
		errs = append(errs, fmt.Errorf("proxy_url: %w", err))
	}
	return errors.Join(errs...)
}

// proxy parses ProxyURL; nil when it is empty.
func (t Transport) proxy() (*url.URL, error) {
	if t.ProxyURL == "" {
		return nil, nil
	}
	u, err := url.Parse(t.ProxyURL)
	if err != nil {
		return nil, errors.New("invalid URL") // the text may hold a password
	}
	switch u.Scheme {
	case "http", "https", "socks5", "socks5h":
	default:
		return nil, fmt.Errorf("%q: scheme must be http, https or socks5", RedactURL(u))
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q: no host", RedactURL(u))
	}
	return u, nil
}

// Transport safety nets. The call's context is what bounds a request; these
// only stop a connection from hanging a pool slot when a context has no
// deadline.
const (
	outboundDialTimeout           = 10 * time.Second
	outboundTLSHandshakeTimeout   = 10 * time.Second
	outboundResponseHeaderTimeout = 2 * time.Minute
	outboundIdleConnTimeout       = 90 * time.Second
	outboundMaxIdleConns          = 256
	outboundMaxIdleConnsPerHost   = 32
)

// NewClient returns a client for TykMakeHttpRequest and TykBatchRequest
// with one pooled transport (keep-alive, connection reuse), whose dialer
// enforces policy on every resolved address, and with the given transport
// options. Requests go through the options' proxy or the environment's, as
// in Tyk; the policy then also applies to each destination (proxyFunc). It
// has no overall Timeout: each request carries the call's context. It speaks
// HTTP/1.1, as Tyk's per-call transports do.
func NewClient(policy Policy, opts Transport) (*http.Client, error) {
	ap, err := policy.compile()
	if err != nil {
		return nil, fmt.Errorf("outbound policy: %w", err)
	}
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("outbound transport: %w", err)
	}
	fixed, _ := opts.proxy() // validated above
	t := newTransport(ap, opts)
	t.Proxy = proxyFunc(ap, fixed)
	return &http.Client{Transport: &tracingTransport{base: t}}, nil
}

// newTransport builds a pooled transport without a proxy; ap nil means no
// address policy.
func newTransport(ap *addrPolicy, tlsOpts Transport) *http.Transport {
	dialer := &net.Dialer{Timeout: outboundDialTimeout, KeepAlive: 30 * time.Second}
	if ap != nil {
		dialer.Control = ap.control
	}
	return &http.Transport{
		DialContext: dialer.DialContext,
		TLSClientConfig: &tls.Config{
			// #nosec G402 -- an explicit per-API option, as in Tyk.
			InsecureSkipVerify: tlsOpts.InsecureSkipVerify,
			MaxVersion:         tlsOpts.MaxVersion,
		},
		MaxIdleConns:          outboundMaxIdleConns,
		MaxIdleConnsPerHost:   outboundMaxIdleConnsPerHost,
		IdleConnTimeout:       outboundIdleConnTimeout,
		TLSHandshakeTimeout:   outboundTLSHandshakeTimeout,
		ResponseHeaderTimeout: outboundResponseHeaderTimeout,
		ExpectContinueTimeout: time.Second,
	}
}
