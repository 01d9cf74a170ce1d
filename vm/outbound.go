package vm

import (
	"container/list"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"syscall"
	"time"
)

// ErrAddressRefused is returned (wrapped in an *AddressRefusedError) when the
// outbound policy refuses the address a request would connect to.
var ErrAddressRefused = errors.New("vm: outbound address refused by policy")

// ErrOutboundLimit is thrown into JavaScript when a call makes more outbound
// requests than Limits.MaxOutboundRequests allows.
var ErrOutboundLimit = errors.New("vm: outbound request limit exceeded")

// AddressRefusedError names the resolved address the policy refused and why.
type AddressRefusedError struct {
	Addr   string // the resolved "ip:port" the dialer was about to connect to
	Reason string // e.g. "cloud metadata address", "denied by outbound.deny[0]"
}

func (e *AddressRefusedError) Error() string {
	if e.Addr == "" {
		return "outbound address refused: " + e.Reason
	}
	return fmt.Sprintf("outbound address %s refused: %s", e.Addr, e.Reason)
}

// Unwrap lets errors.Is(err, ErrAddressRefused) match.
func (e *AddressRefusedError) Unwrap() error { return ErrAddressRefused }

// OutboundPolicy decides which resolved IP addresses TykMakeHttpRequest and
// TykBatchRequest may connect to. The zero value allows everything except
// link-local and cloud metadata addresses.
//
// The check runs in the dialer on the address actually being connected to
// (after DNS resolution, for every address tried), so a name that resolves
// to a refused address — including one that changes between lookups (DNS
// rebinding) — is refused before any packet is sent. Redirects are dialled
// through the same check.
//
// Precedence: the most specific matching prefix of Allow and Deny decides
// (Deny wins a tie); when neither matches, the built-in refusals apply; when
// none of those matches either, the address is allowed. So Deny
// ["10.0.0.0/8"] with Allow ["10.1.2.3/32"] permits only that host of the
// /8, and Allow ["169.254.169.254/32"] re-opens the metadata service.
type OutboundPolicy struct {
	// Allow lists CIDR prefixes (or bare IPs) that may be reached even
	// when a built-in refusal or a shorter Deny prefix covers them.
	Allow []string `json:"allow,omitempty"`
	// Deny lists CIDR prefixes (or bare IPs) that must not be reached.
	Deny []string `json:"deny,omitempty"`
	// AllowLinkLocal lifts the built-in refusal of 169.254.0.0/16 and
	// fe80::/10. Cloud metadata addresses inside those ranges stay refused
	// unless listed in Allow.
	AllowLinkLocal bool `json:"allow_link_local,omitempty"`
}

// Validate reports every unparsable prefix at once, naming its field and
// index.
func (p OutboundPolicy) Validate() error {
	_, err := p.compile()
	return err
}

// builtinRefusal is an address range refused unless the policy says
// otherwise.
type builtinRefusal struct {
	prefix    netip.Prefix
	reason    string
	linkLocal bool // lifted by AllowLinkLocal
}

// builtinRefusals are the link-local ranges and the instance metadata
// endpoints of the common clouds. Most metadata services live at
// 169.254.169.254 (AWS, GCP, Azure, OCI, DigitalOcean, OpenStack) and are
// listed on their own so that AllowLinkLocal does not open them.
var builtinRefusals = []builtinRefusal{
	{netip.MustParsePrefix("169.254.169.254/32"), "cloud metadata address", false},
	{netip.MustParsePrefix("169.254.170.2/32"), "cloud metadata address", false},   // AWS ECS task metadata
	{netip.MustParsePrefix("169.254.170.23/32"), "cloud metadata address", false},  // AWS EKS pod identity
	{netip.MustParsePrefix("fd00:ec2::254/128"), "cloud metadata address", false},  // AWS IMDS over IPv6
	{netip.MustParsePrefix("fd00:ec2::23/128"), "cloud metadata address", false},   // AWS EKS pod identity over IPv6
	{netip.MustParsePrefix("100.100.100.200/32"), "cloud metadata address", false}, // Alibaba Cloud
	{netip.MustParsePrefix("192.0.0.192/32"), "cloud metadata address", false},     // Oracle Cloud (legacy)
	// The ranges come after the hosts inside them: the first match names
	// the reason.
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local address", true},
	{netip.MustParsePrefix("fe80::/10"), "link-local address", true},
}

// nat64 is the well-known NAT64 prefix (RFC 6052); an address inside it
// reaches the IPv4 address in its last 32 bits.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// addrPolicy is the compiled form of an OutboundPolicy.
type addrPolicy struct {
	allow, deny    []netip.Prefix
	allowLinkLocal bool
}

func (p OutboundPolicy) compile() (*addrPolicy, error) {
	var errs []error
	parse := func(field string, list []string) []netip.Prefix {
		out := make([]netip.Prefix, 0, len(list))
		for i, s := range list {
			pfx, err := parsePrefix(s)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s[%d]: %w", field, i, err))
				continue
			}
			out = append(out, pfx)
		}
		return out
	}
	ap := &addrPolicy{
		allow:          parse("allow", p.Allow),
		deny:           parse("deny", p.Deny),
		allowLinkLocal: p.AllowLinkLocal,
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return ap, nil
}

// parsePrefix accepts "10.0.0.0/8" or a bare address ("10.1.2.3", "::1").
func parsePrefix(s string) (netip.Prefix, error) {
	if pfx, err := netip.ParsePrefix(s); err == nil {
		if pfx.Addr().Zone() != "" {
			return netip.Prefix{}, fmt.Errorf("invalid CIDR %q: zones are not allowed", s)
		}
		return pfx.Masked(), nil
	}
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("invalid CIDR or IP address %q", s)
	}
	addr = addr.Unmap()
	return netip.PrefixFrom(addr, addr.BitLen()), nil
}

// check returns nil if addr may be reached.
func (a *addrPolicy) check(addr netip.Addr) error {
	addr = addr.WithZone("").Unmap() // Prefix.Contains is false for zoned or mapped forms
	if err := a.checkOne(addr); err != nil {
		return err
	}
	if nat64.Contains(addr) {
		b := addr.As16()
		return a.checkOne(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	return nil
}

func (a *addrPolicy) checkOne(addr netip.Addr) error {
	bestAllow, bestDeny, denyIdx := -1, -1, -1
	for _, p := range a.allow {
		if p.Contains(addr) && p.Bits() > bestAllow {
			bestAllow = p.Bits()
		}
	}
	for i, p := range a.deny {
		if p.Contains(addr) && p.Bits() > bestDeny {
			bestDeny, denyIdx = p.Bits(), i
		}
	}
	switch {
	case bestDeny >= 0 && bestDeny >= bestAllow:
		return &AddressRefusedError{Reason: fmt.Sprintf("denied by outbound policy deny[%d]", denyIdx)}
	case bestAllow >= 0:
		return nil
	}
	for _, r := range builtinRefusals {
		if r.prefix.Contains(addr) && !(r.linkLocal && a.allowLinkLocal) {
			return &AddressRefusedError{Reason: r.reason}
		}
	}
	return nil
}

// control is the net.Dialer Control hook: it runs after the socket is
// created and before connect(2), with the resolved "ip:port".
func (a *addrPolicy) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &AddressRefusedError{Addr: address, Reason: "unparsable address"}
	}
	return a.checkAs(ap.Addr(), address)
}

// checkAs is check with a refusal naming label, the address as the caller
// knows it.
func (a *addrPolicy) checkAs(addr netip.Addr, label string) error {
	err := a.check(addr)
	var refused *AddressRefusedError
	if errors.As(err, &refused) {
		refused.Addr = label
	}
	return err
}

// OutboundTransport holds the options Tyk takes from an API's
// proxy.transport (and the gateway's proxy_ssl_* settings) for
// TykMakeHttpRequest.
type OutboundTransport struct {
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
func (t OutboundTransport) Validate() error {
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
func (t OutboundTransport) proxy() (*url.URL, error) {
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
		return nil, fmt.Errorf("%q: scheme must be http, https or socks5", redactURL(u))
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q: no host", redactURL(u))
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

// NewHTTPClient returns a client for TykMakeHttpRequest and TykBatchRequest
// with one pooled transport (keep-alive, connection reuse), whose dialer
// enforces policy on every resolved address, and with the given transport
// options. Requests go through the options' proxy or the environment's, as
// in Tyk; the policy then also applies to each destination (proxyFunc). It
// has no overall Timeout: each request carries the call's context. It speaks
// HTTP/1.1, as Tyk's per-call transports do.
func NewHTTPClient(policy OutboundPolicy, opts OutboundTransport) (*http.Client, error) {
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
	return &http.Client{Transport: t}, nil
}

// newTransport builds a pooled transport without a proxy; ap nil means no
// address policy.
func newTransport(ap *addrPolicy, tlsOpts OutboundTransport) *http.Transport {
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

// maxSharedClients bounds sharedClients: a gateway with many distinct
// outbound policies or TLS options (each API definition may carry its own)
// keeps the most recently used clients, and its memory and idle
// connections stay bounded however many it has seen.
const maxSharedClients = 64

// sharedClients holds one client per distinct (policy, TLS) pair, so every
// Host with the same options — including the Hosts rebuilt when an API
// definition changes — shares one connection pool. The default client is
// kept apart and never evicted.
var sharedClients = newClientCache(maxSharedClients)

// defaultClient is the client with the zero policy and TLS options.
var defaultClient = sync.OnceValue(func() *http.Client {
	c, err := NewHTTPClient(OutboundPolicy{}, OutboundTransport{})
	if err != nil {
		panic(err) // the zero policy always compiles
	}
	return c
})

// DefaultHTTPClient returns the process-wide client with the default
// outbound policy (link-local and metadata addresses refused) and default
// TLS settings.
func DefaultHTTPClient() *http.Client { return defaultClient() }

func sharedHTTPClient(policy OutboundPolicy, tlsOpts OutboundTransport) (*http.Client, error) {
	key, err := clientKey(policy, tlsOpts)
	if err != nil {
		return nil, err
	}
	if key == defaultClientKey() {
		return DefaultHTTPClient(), nil
	}
	return sharedClients.get(key, func() (*http.Client, error) { return NewHTTPClient(policy, tlsOpts) })
}

// clientKey identifies a (policy, TLS) pair.
func clientKey(policy OutboundPolicy, tlsOpts OutboundTransport) (string, error) {
	b, err := json.Marshal(struct {
		P OutboundPolicy
		T OutboundTransport
	}{policy, tlsOpts})
	if err != nil {
		return "", fmt.Errorf("outbound client key: %w", err)
	}
	return string(b), nil
}

// defaultClientKey is the key of the zero policy and TLS options.
var defaultClientKey = sync.OnceValue(func() string {
	key, _ := clientKey(OutboundPolicy{}, OutboundTransport{})
	return key
})

// clientCache keeps up to max clients by key, least recently used evicted
// first. An evicted client's idle connections are closed at once; calls
// still using it finish normally, and the connections they hand back are
// closed by its transport after the idle timeout.
type clientCache struct {
	mu    sync.Mutex
	max   int
	order *list.List               // of *clientEntry, most recently used first
	byKey map[string]*list.Element // key → element of order
}

type clientEntry struct {
	key    string
	client *http.Client
}

func newClientCache(max int) *clientCache {
	return &clientCache{max: max, order: list.New(), byKey: make(map[string]*list.Element)}
}

// get returns the client for key, made by build on a miss.
func (cc *clientCache) get(key string, build func() (*http.Client, error)) (*http.Client, error) {
	cc.mu.Lock()
	if e, ok := cc.byKey[key]; ok {
		cc.order.MoveToFront(e)
		cc.mu.Unlock()
		return e.Value.(*clientEntry).client, nil
	}
	c, err := build()
	if err != nil {
		cc.mu.Unlock()
		return nil, err
	}
	cc.byKey[key] = cc.order.PushFront(&clientEntry{key: key, client: c})
	var evicted []*http.Client
	for cc.order.Len() > cc.max {
		e := cc.order.Back()
		cc.order.Remove(e)
		ent := e.Value.(*clientEntry)
		delete(cc.byKey, ent.key)
		evicted = append(evicted, ent.client)
	}
	cc.mu.Unlock()
	for _, old := range evicted {
		old.CloseIdleConnections()
	}
	return c, nil
}

// len returns the number of clients kept.
func (cc *clientCache) len() int {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.order.Len()
}

// closeIdle closes the idle connections of every client kept.
func (cc *clientCache) closeIdle() {
	cc.mu.Lock()
	clients := make([]*http.Client, 0, cc.order.Len())
	for e := cc.order.Front(); e != nil; e = e.Next() {
		clients = append(clients, e.Value.(*clientEntry).client)
	}
	cc.mu.Unlock()
	for _, c := range clients {
		c.CloseIdleConnections()
	}
}

// CloseOutboundIdleConnections closes the idle keep-alive connections of
// every shared outbound client (each holds two goroutines for up to the
// idle timeout). For shutdown, and for tests that count goroutines.
func CloseOutboundIdleConnections() {
	DefaultHTTPClient().CloseIdleConnections()
	sharedClients.closeIdle()
	restKeyClient.CloseIdleConnections()
}

// httpClient returns the client outbound requests use: Host.HTTPClient if
// set, otherwise the shared client for the Host's policy and TLS options.
func (h *Host) httpClient() (*http.Client, error) {
	if h == nil {
		return DefaultHTTPClient(), nil
	}
	if h.HTTPClient != nil {
		return h.HTTPClient, nil
	}
	return sharedHTTPClient(h.Outbound, h.OutboundTransport)
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

// redactURL is u without user info, query or fragment, for logs: enough to
// name the destination, never a credential carried in the URL.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// transportError strips the *url.Error wrapper (whose text repeats the full
// URL, query included) from a client error.
func transportError(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}
