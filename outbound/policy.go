package outbound

import (
	"errors"
	"fmt"
	"net/netip"
	"syscall"
)

// ErrAddressRefused is returned (wrapped in an *AddressRefusedError) when the
// outbound policy refuses the address a request would connect to.
var ErrAddressRefused = errors.New("outbound address refused by policy")

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

// Policy decides which resolved IP addresses TykMakeHttpRequest and
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
type Policy struct {
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
func (p Policy) Validate() error {
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

// addrPolicy is the compiled form of an Policy.
type addrPolicy struct {
	allow, deny    []netip.Prefix
	allowLinkLocal bool
}

func (p Policy) compile() (*addrPolicy, error) {
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
